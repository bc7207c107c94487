import { readFileSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_ADDON } from '../fixtures/shared/service-image';
import { messageOf, synthesizeInPlace } from '../util';
import { buildImage, CommandError, copyContext, RunningContainer, startContainer, waitForJson, withImageFiles } from './containers';
import { describeWithContainers } from './describe-with-containers';
import { expressSqliteServiceProject, FIXTURES } from './fixtures';

const fixture = FIXTURES.find((candidate) => candidate.name === 'express-sqlite-service')!;
const BINDING = `node_modules/${SQLITE_ADDON}/build/Release/better_sqlite3.node`;
const NO_BINDING = `native addon "${SQLITE_ADDON}" has no compiled binding`;

/** A copy of the fixture with a secret for the build, changed by `change` before it is built. */
function contextOf(change: (context: string) => void = () => undefined): { context: string; secret: string } {
  const context = copyContext(fixture.folder);
  const secret = join(context, '..', `${fixture.name}-addon-npmrc`);
  writeFileSync(secret, '# no secret needed\n');
  change(context);
  return { context, secret };
}

/** The builder's whole output of a build that must fail. */
function failedBuild(context: string, secret: string, tag: string): string {
  let failure: unknown;
  try {
    buildImage({ context, tag: `localhost/pnd-e2e/${fixture.name}:${tag}`, secrets: { npmrc: secret } });
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(CommandError);
  return (failure as CommandError).result.stdout + (failure as CommandError).result.stderr;
}

function editManifest(context: string, edit: (manifest: Record<string, any>) => void): void {
  const path = join(context, 'package.json');
  const manifest = JSON.parse(readFileSync(path, 'utf-8'));
  edit(manifest);
  writeFileSync(path, `${JSON.stringify(manifest, undefined, 2)}\n`);
}

describeWithContainers('a native addon under an install-script policy: better-sqlite3 compiled in the image by npm', () => {
  describe('allowed by the project and declared on the image', () => {
    const tag = `localhost/pnd-e2e/${fixture.name}:addon`;
    let container: RunningContainer | undefined;
    let seconds: number;
    let image: { binding: boolean; compilers: string[]; allowScripts: unknown };

    beforeAll(async () => {
      synthesizeInPlace(fixture.folder);
      const { context, secret } = contextOf();
      ({ seconds } = buildImage({ context, tag, secrets: { npmrc: secret } }));
      image = withImageFiles(tag, (rootfs) => ({
        binding: readdirSync(join(rootfs, 'app', BINDING, '..')).includes('better_sqlite3.node'),
        compilers: ['g++', 'make', 'python3'].filter((tool) => readdirSync(join(rootfs, 'usr', 'bin')).includes(tool)),
        allowScripts: JSON.parse(readFileSync(join(rootfs, 'app', 'package.json'), 'utf-8')).allowScripts,
      }));
      container = await startContainer(tag, `pnd-e2e-${fixture.name}-addon`);
    });

    afterAll(() => container?.remove());

    it('has the binding compiled in the deps stage, and no compiler in the runtime', () => {
      console.log(`${fixture.name}: built in ${seconds.toFixed(1)} s (the binding is compiled unless the layer cache has it)`);
      expect(image.binding).toBe(true);
      expect(image.compilers).toEqual([]);
      expect(image.allowScripts).toEqual({ [SQLITE_ADDON]: true });
    });

    it('loads the addon and answers a route that reads through SQLite', async () => {
      const health = await waitForJson(`http://127.0.0.1:${container!.port}/health`, container!);
      expect(health).toMatchObject({ status: 'ok', uid: 1000 });
      expect(health.sqlite).toMatch(/^3\.\d+\.\d+$/);
      const notes = await (await fetch(`http://127.0.0.1:${container!.port}/notes`)).json();
      expect(notes).toEqual([{ id: 1, text: 'compiled in the image' }, { id: 2, text: 'read through SQLite' }]);
    });
  });

  it('left out of the policy: refused at synthesis, before anything is written', () => {
    const { context } = contextOf();
    const project = expressSqliteServiceProject(context, { allowScripts: [] }, { nativeAddons: [SQLITE_ADDON] });
    expect(messageOf(() => project.synth())).toMatch(/\[NativeAddonNotAllowed\] Service: native addon "better-sqlite3" may not run its install scripts: package\.json "allowScripts" is not set/);
  });

  // What synthesis cannot see: the policy the install reads in the build. npm skips a denied
  // script and exits 0 (npm 12 does the same with every unlisted one), so only the check stops the build.
  it('denied by the package.json the build reads: the build fails after the install, naming the addon', () => {
    const { context, secret } = contextOf((folder) => editManifest(folder, (manifest) => {
      manifest.allowScripts = { [SQLITE_ADDON]: false };
    }));
    const output = failedBuild(context, secret, 'denied');
    expect(output).toMatch(/Error: building at STEP "RUN [^"]*npm ci --omit=dev/);
    expect(output).toContain(`${NO_BINDING} (no *.node file in node_modules/${SQLITE_ADDON}/)`);
    expect(output).toContain('Fix: allow its install scripts in the project (projen allowScripts)');
  });

  it('with install scripts turned off in the project .npmrc: the build fails, naming the addon', () => {
    // The project's own .npmrc, as projen writes it: the image mounts it into every install, so npm reads it there.
    const { context, secret } = contextOf((folder) => {
      const project = expressSqliteServiceProject(folder, {}, { nativeAddons: [SQLITE_ADDON] });
      project.npmrc.addConfig('ignore-scripts', 'true');
      project.synth();
    });
    expect(readFileSync(join(context, 'Dockerfile'), 'utf-8')).toContain('--mount=type=secret,id=project-npmrc,target=/app/.npmrc,required=true');
    expect(failedBuild(context, secret, 'ignore-scripts')).toContain(NO_BINDING);
  });

  it('not declared on the image (no build tools): the install itself fails, naming the addon', () => {
    const { context, secret } = contextOf((folder) => expressSqliteServiceProject(folder, {}, {}).synth());
    expect(readFileSync(join(context, 'Dockerfile'), 'utf-8')).not.toContain('python3');
    const output = failedBuild(context, secret, 'undeclared');
    expect(output).toMatch(/Error: building at STEP "RUN [^"]*npm ci --omit=dev/);
    expect(output).toContain(`npm error path /app/node_modules/${SQLITE_ADDON}`);
    expect(output).toMatch(/gyp ERR! find Python|gyp ERR! stack Error: not found: make|not found: python3/);
  });
});
