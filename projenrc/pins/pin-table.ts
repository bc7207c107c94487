/**
 * Reads and writes the pin table, src/github/action-pins.ts, as text: only the lines of
 * the pins that change are rewritten, so its comments and layout stay as they are.
 */

/** A pinned action: its release tag and the commit that tag pointed to. */
export interface Pin {
  readonly version: string;
  readonly sha: string;
}

/** What the pin table holds. */
export interface PinTable {
  readonly actions: Record<string, Pin>;
  /** The Trivy release the workflow runs (TRIVY_VERSION). */
  readonly trivyVersion: string;
}

const PIN_LINE = /^(\s*)'([\w.-]+\/[\w./-]+)': \{ version: '([^']+)', sha: '([0-9a-f]{40})' \},?$/;
const TRIVY_LINE = /^export const TRIVY_VERSION = '([^']+)';$/m;

/** The table in the text of action-pins.ts; throws when its layout is not the one this reads. */
export function readPinTable(text: string, file = 'src/github/action-pins.ts'): PinTable {
  const block = /^export const ACTION_PINS[^\n]*= \{\n([\s\S]*?)^\};$/m.exec(text);
  const trivy = TRIVY_LINE.exec(text);
  if (!block || !trivy) {
    throw new Error(`cannot find ${block ? 'TRIVY_VERSION' : 'ACTION_PINS'} in ${file}: its layout changed, so projenrc/pins/pin-table.ts must follow.`);
  }
  const actions: Record<string, Pin> = {};
  for (const line of block[1].split('\n').filter((candidate) => candidate.trim() !== '' && !candidate.trim().startsWith('//'))) {
    const match = PIN_LINE.exec(line);
    if (!match) {
      throw new Error(`cannot read the pin "${line.trim()}" in ${file}: each pin is one line, 'owner/repo': { version: 'vX.Y.Z', sha: '<40 hex>' }.`);
    }
    actions[match[2]] = { version: match[3], sha: match[4] };
  }
  return { actions, trivyVersion: trivy[1] };
}

/** The text with these pins (by action) and Trivy release written; every other line is kept. */
export function writePinTable(text: string, pins: Record<string, Pin>, trivyVersion?: string): string {
  const written = new Set<string>();
  const lines = text.split('\n').map((line) => {
    const match = PIN_LINE.exec(line);
    const pin = match ? pins[match[2]] : undefined;
    if (!match || !pin) {
      return line;
    }
    written.add(match[2]);
    return `${match[1]}'${match[2]}': { version: '${pin.version}', sha: '${pin.sha}' },`;
  });
  const missing = Object.keys(pins).filter((action) => !written.has(action));
  if (missing.length > 0) {
    throw new Error(`the pin table has no line for ${missing.join(', ')}: add new actions by hand.`);
  }
  const result = lines.join('\n');
  return trivyVersion === undefined ? result : result.replace(TRIVY_LINE, `export const TRIVY_VERSION = '${trivyVersion}';`);
}
