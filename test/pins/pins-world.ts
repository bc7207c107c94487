import { cpSync, mkdirSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { NODE_LINES, PIN_TABLE, runPins } from '../../projenrc/pins/main';
import { readPinTable } from '../../projenrc/pins/pin-table';
import { temporaryOutdir, repositoryRoot } from '../util';
import { FakeGitHub, FakeRepository, FakeTag } from './fake-github';

/** The pin table as the library has it now. */
export const TABLE = readPinTable(readFileSync(join(repositoryRoot, PIN_TABLE), 'utf-8'));

/** Tags that are annotated in their real repositories (../shared/data/github-actions.json, tagType). */
const ANNOTATED = ['aquasecurity/trivy-action', 'github/codeql-action'];

/** The Node.js schedule, as nodejs/Release publishes it (its lines from 20 on). */
export const SCHEDULE = {
  v20: { start: '2023-04-18', lts: '2023-10-24', maintenance: '2024-10-22', end: '2026-04-30', codename: 'Iron' },
  v21: { start: '2023-10-17', maintenance: '2024-04-01', end: '2024-06-01' },
  v22: { start: '2024-04-24', lts: '2024-10-29', maintenance: '2025-10-21', end: '2027-04-30', codename: 'Jod' },
  v23: { start: '2024-10-16', maintenance: '2025-04-01', end: '2025-06-01' },
  v24: { start: '2025-05-06', lts: '2025-10-28', maintenance: '2026-10-20', end: '2028-04-30', codename: 'Krypton' },
  v25: { start: '2025-10-15', maintenance: '2026-04-01', end: '2026-06-01' },
  v26: { start: '2026-05-05', lts: '2026-10-28', maintenance: '2027-10-20', end: '2029-04-30', codename: '' },
  v27: { alpha: '2026-10-28', start: '2027-04-22', maintenance: '2027-10-20', end: '2030-04-30', codename: '' },
};

/**
 * GitHub as it would be if the library were current: each pinned tag points to its commit
 * (annotated where the real tag is), Trivy's newest release is the pinned one, and the
 * schedule agrees with the Node.js lines. Tests change it to make something behind.
 */
export function currentGitHub(schedule: object = SCHEDULE): Record<string, FakeRepository> {
  const repositories: Record<string, { tags: Record<string, FakeTag> }> = {};
  for (const [action, pin] of Object.entries(TABLE.actions)) {
    const repository = action.split('/').slice(0, 2).join('/');
    repositories[repository] = { tags: { [pin.version]: ANNOTATED.includes(repository) ? { annotated: pin.sha } : pin.sha } };
  }
  return {
    ...repositories,
    'aquasecurity/trivy': { tags: { 'v0.69.3': 'a'.repeat(40), 'v0.73.0': 'b'.repeat(40), [TABLE.trivyVersion]: 'c'.repeat(40) } },
    'nodejs/Release': { tags: {}, files: { 'schedule.json': `${JSON.stringify(schedule, null, 2)}\n` } },
  };
}

/** A copy of the two tables in a folder of their own, for --update to write. */
export function copyOfTables(): string {
  const root = temporaryOutdir('pnd-pins-');
  for (const file of [PIN_TABLE, NODE_LINES]) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(repositoryRoot, file), join(root, file));
  }
  return root;
}

/** Runs pins:check (or, with --update, pins:update) against the fake, and returns its exit code and what it printed. */
export async function runAgainst(github: FakeGitHub, args: string[] = [], options: { root?: string; token?: string; today?: string } = {}) {
  const printed: string[] = [];
  const waits: number[] = [];
  const code = await runPins(args, {
    root: options.root ?? repositoryRoot,
    env: { GITHUB_API_URL: github.url, GITHUB_TOKEN: options.token },
    print: (line) => printed.push(line),
    today: options.today ?? '2026-12-01',
    api: { sleep: async (milliseconds) => void waits.push(milliseconds) },
  });
  return { code, output: printed.join('\n'), waits };
}
