import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { PIN_TABLE } from '../../projenrc/pins/main';
import { readPinTable, writePinTable } from '../../projenrc/pins/pin-table';
import { repositoryRoot } from '../util';

const TEXT = readFileSync(join(repositoryRoot, PIN_TABLE), 'utf-8');

describe('the pin table as text', () => {
  it('is written back unchanged when nothing changes', () => {
    expect(writePinTable(TEXT, {})).toBe(TEXT);
  });

  it('writes a pin and the Trivy release on their own lines only', () => {
    const written = writePinTable(TEXT, { 'actions/attest': { version: 'v4.3.0', sha: 'f'.repeat(40) } }, 'v0.75.0');
    expect(readPinTable(written).actions['actions/attest']).toEqual({ version: 'v4.3.0', sha: 'f'.repeat(40) });
    expect(readPinTable(written).trivyVersion).toBe('v0.75.0');
    expect(written.split('\n').filter((line, index) => line !== TEXT.split('\n')[index])).toEqual([
      `  'actions/attest': { version: 'v4.3.0', sha: '${'f'.repeat(40)}' },`,
      "export const TRIVY_VERSION = 'v0.75.0';",
    ]);
  });

  it('adds no action and reads no layout it does not know, and says so', () => {
    expect(() => writePinTable(TEXT, { 'octo/new-action': { version: 'v1.0.0', sha: 'f'.repeat(40) } }))
      .toThrow('the pin table has no line for octo/new-action: add new actions by hand.');
    expect(() => readPinTable(TEXT.replace("'actions/checkout': { version:", "'actions/checkout': { tag:")))
      .toThrow(/^cannot read the pin "'actions\/checkout': \{ tag: /);
  });
});
