import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';
import { afterEach, describe, expect, it } from 'vitest';
import { NODE_LINES, PIN_TABLE } from '../../projenrc/pins/main';
import { readNodeLines } from '../../projenrc/pins/node-lines';
import { readPinTable } from '../../projenrc/pins/pin-table';
import { ACTION_PINS, TRIVY_VERSION } from '../../src/github/action-pins';
import { NODE_RELEASE_LINES } from '../../src/images/node-release-lines';
import { repositoryRoot } from '../util';
import { FakeGitHub, FakeRepository, shaOf, tagObjectOf } from './fake-github';
import { copyOfTables, currentGitHub, runAgainst, SCHEDULE, TABLE } from './pins-world';

const fakes: FakeGitHub[] = [];
async function serve(repositories: Record<string, FakeRepository>): Promise<FakeGitHub> {
  const github = await new FakeGitHub(repositories).start();
  fakes.push(github);
  return github;
}
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((github) => github.stop()));
});

const LOGIN = TABLE.actions['docker/login-action'];
const TRIVY_ACTION = TABLE.actions['aquasecurity/trivy-action'];
/** The printed line of a pin, with its columns' padding reduced to one space. */
const rowOf = (output: string, name: string) => output.split('\n').find((line) => line.startsWith(`${name} `))?.replace(/ +/g, ' ');

/** GitHub with newer releases: docker/login-action v4.9.0, an annotated codeql-action release, Trivy v0.75.0, and Node.js 27 as LTS. */
function behindGitHub(): Record<string, FakeRepository> {
  const github = currentGitHub({ ...SCHEDULE, v27: { start: '2027-04-22', lts: '2027-10-26', maintenance: '2028-10-20', end: '2030-04-30', codename: 'Lumen' } });
  github['docker/login-action'].tags['v4.9.0'] = shaOf('login v4.9.0');
  // The newest by version, not by name (v4.9.9 sorts after it by name).
  github['github/codeql-action'].tags['v4.40.0'] = { annotated: shaOf('codeql v4.40.0') };
  github['github/codeql-action'].tags['v4.9.9'] = shaOf('codeql v4.9.9');
  github['github/codeql-action'].tags['v4.40.0-rc.1'] = shaOf('a pre-release');
  github['aquasecurity/trivy'].tags['v0.75.0'] = shaOf('trivy v0.75.0');
  return github;
}

describe('pins:check against a fake GitHub API on loopback', () => {
  it('reads the tables of the library as they are (the same values as the modules)', () => {
    expect(readPinTable(readFileSync(join(repositoryRoot, PIN_TABLE), 'utf-8'))).toEqual({ actions: ACTION_PINS, trivyVersion: TRIVY_VERSION });
    expect(readNodeLines(readFileSync(join(repositoryRoot, NODE_LINES), 'utf-8'))).toEqual(NODE_RELEASE_LINES);
  });

  it('says that everything is current, and exits 0', async () => {
    const github = await serve(currentGitHub());
    const { code, output } = await runAgainst(github);
    expect(code).toBe(0);
    expect(output).toContain('\nEverything is current.\n');
    expect(output).toContain('the table agrees with the schedule.');
    expect(rowOf(output, 'docker/login-action')).toBe(`docker/login-action ${LOGIN.version} ${LOGIN.sha} ${LOGIN.version} ${LOGIN.sha} current`);
    // Without GITHUB_TOKEN, no token is sent.
    expect(github.requests.every((request) => request.authorization === undefined)).toBe(true);
  });

  it('prints a table of what is behind, with each newest tag and its commit, and exits 1', async () => {
    const github = await serve(behindGitHub());
    const { code, output } = await runAgainst(github, [], { today: '2027-11-01', token: 'test-token' });
    expect(code).toBe(1);
    expect(output).toMatchSnapshot();
    expect(rowOf(output, 'docker/login-action')).toBe(`docker/login-action ${LOGIN.version} ${LOGIN.sha} v4.9.0 ${shaOf('login v4.9.0')} behind`);
    // An annotated tag: the commit it points to, never its tag object.
    const codeql = TABLE.actions['github/codeql-action/upload-sarif'];
    expect(rowOf(output, 'github/codeql-action/upload-sarif')).toBe(`github/codeql-action/upload-sarif ${codeql.version} ${codeql.sha} v4.40.0 ${shaOf('codeql v4.40.0')} behind`);
    expect(github.requests.map((request) => request.path)).toContain(`/repos/github/codeql-action/git/tags/${tagObjectOf('github/codeql-action', 'v4.40.0')}`);
    expect(output).not.toContain(tagObjectOf('github/codeql-action', 'v4.40.0'));
    expect(rowOf(output, "Trivy (trivy-action's version input)")).toBe(`Trivy (trivy-action's version input) ${TRIVY_VERSION} v0.75.0 behind`);
    expect(output).toContain('  Node.js 27 is LTS since 2027-10-26 (end-of-life 2030-04-30), and the table lacks it.');
    expect(output).toContain('Behind: 3 pins (docker/login-action, github/codeql-action/upload-sarif, Trivy) and 1 Node.js line. "npx projen pins:update" writes them');
    expect(github.requests.every((request) => request.authorization === 'Bearer test-token')).toBe(true);
  });

  it('reports a pinned tag that moved as a security finding, and exits 1', async () => {
    const repositories = currentGitHub();
    repositories['aquasecurity/trivy-action'].tags[TRIVY_ACTION.version] = { annotated: shaOf('force-pushed') };
    const github = await serve(repositories);
    const { code, output } = await runAgainst(github);
    expect(code).toBe(1);
    expect(rowOf(output, 'aquasecurity/trivy-action')).toBe(`aquasecurity/trivy-action ${TRIVY_ACTION.version} ${TRIVY_ACTION.sha} ${TRIVY_ACTION.version} ${shaOf('force-pushed')} MOVED`);
    expect(output).toContain(`\nSecurity findings: pins:update never writes these; look into each first.\n  aquasecurity/trivy-action [MOVED]: its tag ${TRIVY_ACTION.version} `
      + `now points to ${shaOf('force-pushed')}, not to the pinned ${TRIVY_ACTION.sha}.`);
    expect(output).toContain('\nNothing is behind: the findings above stand.\n');
  });

  it('reports a pinned tag or Trivy release that is gone, and a newest tag off the default branch, as findings', async () => {
    const repositories = currentGitHub();
    repositories['docker/metadata-action'] = { tags: { 'v6.9.0': shaOf('metadata v6.9.0') } };
    repositories['aquasecurity/trivy'] = { tags: { 'v0.73.0': shaOf('trivy v0.73.0') } };
    repositories['docker/login-action'] = { tags: { ...repositories['docker/login-action'].tags, 'v4.9.0': shaOf('orphan') }, offBranch: [shaOf('orphan')] };
    const { code, output } = await runAgainst(await serve(repositories));
    expect(code).toBe(1);
    expect(rowOf(output, 'docker/metadata-action')).toMatch(/ GONE$/);
    expect(output).toContain(`  docker/metadata-action [GONE]: its tag ${TABLE.actions['docker/metadata-action'].version} no longer exists in docker/metadata-action`);
    expect(output).toContain(`  Trivy (trivy-action's version input) [GONE]: its release ${TRIVY_VERSION} no longer exists in aquasecurity/trivy: a withdrawn release?`);
    expect(output).toContain(`  docker/login-action [OFF-BRANCH]: its newest tag v4.9.0 points to ${shaOf('orphan')}, which is not in the history of the default branch`);
  });

  it('names an unknown repository, checks the others, and exits 2', async () => {
    const repositories = currentGitHub();
    delete repositories['docker/setup-qemu-action'];
    const { code, output } = await runAgainst(await serve(repositories));
    expect(code).toBe(2);
    expect(output).toContain('\nNot checked:\n  docker/setup-qemu-action: GitHub has no repository docker/setup-qemu-action (404)');
    expect(rowOf(output, 'actions/checkout')).toMatch(/ current$/);
  });

  it('stops with the rate limit\'s message and exits 2 when GitHub asks to wait too long', async () => {
    const github = await serve(currentGitHub());
    github.failures.push({ path: /docker\/build-push-action/, times: 3, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '4102444800' } });
    const { code, output, waits } = await runAgainst(github);
    expect(code).toBe(2);
    expect(output).toMatch(/^pins:check could not check the pins: the GitHub API rate limit stopped the check at GET \/repos\/docker\/build-push-action\/git\/matching-refs\/tags\/v \(403\): GitHub asks to wait \d+ s; it resets at 2100-01-01T00:00:00.000Z/);
    expect(output).toContain('set GITHUB_TOKEN');
    expect(waits).toEqual([]);
  });

  it('rides out a short rate limit', async () => {
    const github = await serve(currentGitHub());
    github.failures.push({ path: /nodejs\/Release/, times: 1, status: 429, headers: { 'retry-after': '2' } });
    const { code, waits } = await runAgainst(github);
    expect(code).toBe(0);
    expect(waits).toEqual([2000]);
  });
});

describe('pins:update against a fake GitHub API on loopback', () => {
  it('writes what is behind into both tables, line by line, and then finds everything current', async () => {
    const root = copyOfTables();
    const github = await serve(behindGitHub());
    const before = { pins: readFileSync(join(root, PIN_TABLE), 'utf-8'), lines: readFileSync(join(root, NODE_LINES), 'utf-8') };
    const { code, output } = await runAgainst(github, ['--update'], { root, today: '2027-11-01' });
    expect(code).toBe(0);
    expect(output).toContain(`\nWrote src/github/action-pins.ts: docker/login-action ${LOGIN.version} -> v4.9.0, github/codeql-action/upload-sarif `
      + `${TABLE.actions['github/codeql-action/upload-sarif'].version} -> v4.40.0, Trivy ${TRIVY_VERSION} -> v0.75.0.\n`);
    expect(output).toContain('\nWrote src/images/node-release-lines.ts: Node.js 27.\n');

    const pins = readFileSync(join(root, PIN_TABLE), 'utf-8');
    expect(readPinTable(pins)).toEqual({
      actions: {
        ...TABLE.actions,
        'docker/login-action': { version: 'v4.9.0', sha: shaOf('login v4.9.0') },
        'github/codeql-action/upload-sarif': { version: 'v4.40.0', sha: shaOf('codeql v4.40.0') },
      },
      trivyVersion: 'v0.75.0',
    });
    // Three lines changed; comments, order and layout are kept.
    const changed = (a: string, b: string) => a.split('\n').filter((line, index) => line !== b.split('\n')[index]).length;
    expect(pins.split('\n')).toHaveLength(before.pins.split('\n').length);
    expect(changed(before.pins, pins)).toBe(3);

    const lines = readFileSync(join(root, NODE_LINES), 'utf-8');
    expect(readNodeLines(lines)).toEqual([...NODE_RELEASE_LINES, { major: 27, codename: 'lumen', endOfLife: '2030-04-30' }]);
    expect(lines).toContain("  // LTS since 2027-10-26.\n  { major: 27, codename: 'lumen', endOfLife: '2030-04-30' },\n];\n");
    // Only the table: the file's functions are as they were.
    expect(lines.replace("  // LTS since 2027-10-26.\n  { major: 27, codename: 'lumen', endOfLife: '2030-04-30' },\n", '')).toBe(before.lines);

    const again = await runAgainst(github, [], { root, today: '2027-11-01' });
    expect(again.output).toContain('\nEverything is current.\n');
    expect(again.code).toBe(0);
  });

  it('never writes a moved tag, and exits 1 while it stands', async () => {
    const root = copyOfTables();
    const repositories = behindGitHub();
    repositories['aquasecurity/trivy-action'].tags['v0.37.0'] = shaOf('trivy-action v0.37.0');
    repositories['aquasecurity/trivy-action'].tags[TRIVY_ACTION.version] = shaOf('force-pushed');
    const { code } = await runAgainst(await serve(repositories), ['--update'], { root, today: '2027-11-01' });
    expect(code).toBe(1);
    const pins = readPinTable(readFileSync(join(root, PIN_TABLE), 'utf-8'));
    expect(pins.actions['aquasecurity/trivy-action']).toEqual(TRIVY_ACTION);
    expect(pins.actions['docker/login-action'].version).toBe('v4.9.0');
  });
});

describe('the pins:check command', () => {
  it('exits 1 when something is behind, printing the table', async () => {
    const github = await serve(behindGitHub());
    const env: Record<string, string | undefined> = { ...process.env, GITHUB_API_URL: github.url };
    delete env.GITHUB_TOKEN;
    const run = promisify(execFile)(join(repositoryRoot, 'node_modules', '.bin', 'ts-node'), ['--project', 'projenrc/tsconfig.json', 'projenrc/pins/main.ts'], { cwd: repositoryRoot, env });
    const error = await run.then(() => undefined, (failure: { code: number; stdout: string }) => failure);
    expect(error?.code).toBe(1);
    expect(error?.stdout).toContain('docker/login-action');
    expect(rowOf(error!.stdout, 'docker/login-action')).toBe(`docker/login-action ${LOGIN.version} ${LOGIN.sha} v4.9.0 ${shaOf('login v4.9.0')} behind`);
    expect(error?.stdout).toMatch(/\(\d+ requests to the GitHub API, without a token\)\n$/);
  });
});
