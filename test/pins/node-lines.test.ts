import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { NODE_LINES } from '../../projenrc/pins/main';
import { compareNodeLines, readNodeLines, writeNodeLines } from '../../projenrc/pins/node-lines';
import { NODE_RELEASE_LINES } from '../../src/images/node-release-lines';
import { repositoryRoot } from '../util';
import { SCHEDULE } from './pins-world';

const TEXT = readFileSync(join(repositoryRoot, NODE_LINES), 'utf-8');

describe('the Node.js lines against the schedule', () => {
  it('agree on the day the tests run', () => {
    expect(compareNodeLines(NODE_RELEASE_LINES, SCHEDULE, '2026-12-01')).toEqual([]);
  });

  it('differ in an end of life and a codename, which can be written in place', () => {
    const schedule = { ...SCHEDULE, v24: { ...SCHEDULE.v24, end: '2028-10-31' }, v26: { ...SCHEDULE.v26, codename: 'Lumen' } };
    const differences = compareNodeLines(NODE_RELEASE_LINES, schedule, '2026-12-01');
    expect(differences.map((difference) => difference.message)).toEqual([
      'Node.js 24: end-of-life 2028-04-30 in the table, 2028-10-31 in the schedule.',
      'Node.js 26: codename (none) in the table, lumen in the schedule.',
    ]);
    const written = writeNodeLines(TEXT, differences);
    expect(readNodeLines(written).filter((line) => line.major >= 24)).toEqual([
      { major: 24, codename: 'krypton', endOfLife: '2028-10-31' },
      { major: 26, codename: 'lumen', endOfLife: '2029-04-30' },
    ]);
    // Two lines changed, nothing else: comments and functions stay.
    expect(written.split('\n').filter((line, index) => line !== TEXT.split('\n')[index])).toHaveLength(2);
  });

  it('want a line once it is LTS, not before, and report one the schedule no longer has as LTS for a person to fix', () => {
    const schedule = { ...SCHEDULE, v27: { start: '2027-04-22', lts: '2027-10-26', end: '2030-04-30', codename: '' }, v22: { start: '2024-04-24', end: '2027-04-30' } };
    expect(compareNodeLines(NODE_RELEASE_LINES, schedule, '2027-10-25').map((difference) => [difference.major, difference.line !== undefined])).toEqual([[22, false]]);
    const differences = compareNodeLines(NODE_RELEASE_LINES, schedule, '2027-10-26');
    expect(differences.map((difference) => difference.message)).toEqual([
      'Node.js 22 is in the table, and the schedule has it as no LTS line.',
      'Node.js 27 is LTS since 2027-10-26 (end-of-life 2030-04-30), and the table lacks it.',
    ]);
    expect(readNodeLines(writeNodeLines(TEXT, differences)).map((line) => line.major)).toEqual([...NODE_RELEASE_LINES.map((line) => line.major), 27]);
  });

  it('refuses a table whose layout it cannot read, naming the file', () => {
    expect(() => readNodeLines(TEXT.replace("{ major: 22, codename: 'jod', endOfLife: '2027-04-30' }", "{ major: 22, endOfLife: '2027-04-30', codename: 'jod' }")))
      .toThrow('cannot read the line "{ major: 22, endOfLife: \'2027-04-30\', codename: \'jod\' }," in src/images/node-release-lines.ts');
    expect(() => readNodeLines('export const LINES = [];')).toThrow('cannot find NODE_RELEASE_LINES in src/images/node-release-lines.ts');
  });
});
