import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { javascript, typescript } from 'projen';
import { describe, expect, it } from 'vitest';
import { NodeDockerImage, NodeDockerImageProps, Runtime } from '../../src';
import { synthDockerfile } from '../dockerfile-lint';
import { messageOf, temporaryOutdir, typescriptTestProject } from '../util';

const PM = javascript.NodePackageManager;

const javascriptService = (options: Partial<javascript.NodeProjectOptions> = {}) => new javascript.NodeProject({
  name: 'sqlite-api',
  defaultReleaseBranch: 'main',
  outdir: temporaryOutdir(),
  github: false,
  jest: false,
  packageManager: PM.NPM,
  entrypoint: 'src/server.js',
  deps: ['better-sqlite3@12.11.1'],
  ...options,
});

/** The instructions of each stage (without RUN's flags), with wrapped lines joined. */
function stagesOf(project: javascript.NodeProject, props: NodeDockerImageProps) {
  new NodeDockerImage(project, 'Api', props);
  const { text, parsed } = synthDockerfile(project);
  const froms = parsed.getFROMs();
  const stage = (name: string) => {
    const index = froms.findIndex((from) => from.getBuildStage() === name);
    const start = froms[index].getRange().start.line;
    const end = froms[index + 1]?.getRange().start.line ?? Number.MAX_SAFE_INTEGER;
    return parsed.getInstructions()
      .filter((instruction) => instruction.getRange().start.line > start && instruction.getRange().start.line < end)
      .map((instruction) => `${instruction.getKeyword()} ${instruction.getArgumentsContent()?.replace(/\s+/g, ' ')}`);
  };
  return { text, stages: froms.map((from) => from.getBuildStage()), stage };
}

const CHECK = (addons: string) => `for addon in ${addons}; do if ! find "node_modules/$addon/" -name node_modules -prune -o -name '*.node' -type f -print | grep -q .; then echo`
  + ' "native addon \\"$addon\\" has no compiled binding (no *.node file in node_modules/$addon/): its install script was skipped or failed.'
  + ' Fix: allow its install scripts in the project (projen allowScripts) and read its install output above." >&2; exit 1; fi; done';
const MOUNT = (target: string, id: string) => `--mount=type=cache,target=${target},id=${id},sharing=locked`;

describe('nativeAddons', () => {
  it('builds the addon with the tools of nativeModules where dependencies install, and checks its binding after the install', () => {
    const { text, stages, stage } = stagesOf(javascriptService({ allowScripts: ['better-sqlite3'] }), { nativeAddons: ['better-sqlite3'] });
    expect(text).toMatchSnapshot();
    expect(stages).toEqual(['base', 'installer', 'deps', 'sources', 'runtime']);
    expect(stage('installer')).toEqual(['RUN apt-get update && apt-get install -y --no-install-recommends g++ make python3 && rm -rf /var/lib/apt/lists/*']);
    expect(stage('deps')).toEqual([
      'COPY package.json package-lock.json ./',
      `RUN npm ci --omit=dev && ${CHECK('better-sqlite3')} && mkdir -p node_modules`,
    ]);
    expect(stage('runtime').filter((line) => /g\+\+|python3|find /.test(line))).toEqual([]);
  });

  it('checks the addons after the install of the build stage too, and development addons only there', () => {
    const project = typescriptTestProject({ deps: ['better-sqlite3@12.11.1'], devDeps: ['@swc/core@1.15.0'], allowScripts: ['better-sqlite3', '@swc/core'] });
    const { text, stage } = stagesOf(project, { nativeAddons: ['better-sqlite3', '@swc/core'] });
    expect(text).toMatchSnapshot();
    expect(stage('deps')[1]).toBe(`RUN npm ci --omit=dev && ${CHECK('better-sqlite3')} && mkdir -p node_modules`);
    expect(stage('build')[1]).toBe(`RUN npm ci && ${CHECK('better-sqlite3 @swc/core')}`);
  });

  it.each([
    [PM.NPM, 'COPY package.json package-lock.json ./', MOUNT('/root/.npm', 'npm'), 'npm ci --omit=dev', 'npm ci'],
    [PM.PNPM, 'COPY package.json pnpm-lock.yaml pnpm-workspace.yaml* ./', MOUNT('/root/.local/share/pnpm/store', 'pnpm'),
      'pnpm install --frozen-lockfile --prod', 'pnpm install --frozen-lockfile'],
    [PM.BUN, 'COPY package.json bun.lock* ./', MOUNT('/root/.bun/install/cache', 'bun'),
      'bun install --frozen-lockfile --production', 'bun install --frozen-lockfile'],
    [PM.YARN_BERRY, 'COPY package.json yarn.lock ./', MOUNT('/root/.yarn/berry/cache', 'yarn-berry'),
      'yarn install --immutable --mode=skip-build && yarn workspaces focus --all --production', 'yarn install --immutable'],
  ])('%s: the policy files reach both installs, each followed by the check', (packageManager, copy, mount, production, all) => {
    const project = typescriptTestProject({ packageManager, deps: ['better-sqlite3@12.11.1'], allowScripts: ['better-sqlite3'] });
    const { text, stage } = stagesOf(project, { nativeAddons: ['better-sqlite3'] });
    expect(text).toMatchSnapshot();
    for (const name of ['deps', 'build']) {
      expect(stage(name)[0]).toBe(copy);
    }
    expect(text.split(`${mount} \\\n`)).toHaveLength(3);
    // pnpm's install-time state file goes too (src/node/install-state.ts).
    const removed = packageManager === PM.PNPM ? ' && rm -f node_modules/.modules.yaml' : '';
    expect(stage('deps')[1]).toBe(`RUN ${production} && ${CHECK('better-sqlite3')} && mkdir -p node_modules${removed}`);
    expect(stage('build')[1]).toBe(`RUN ${all} && ${CHECK('better-sqlite3')}`);
  });

  it('yarn classic, which has no policy and runs every install script: the check only', () => {
    const { stage } = stagesOf(javascriptService({ packageManager: PM.YARN_CLASSIC }), { nativeAddons: ['better-sqlite3'] });
    expect(stage('deps')[1]).toBe(`RUN yarn install --frozen-lockfile --non-interactive --production && ${CHECK('better-sqlite3')} && mkdir -p node_modules`);
  });

  it('writes the policy where projen puts it for each package manager: the files the image copies', () => {
    const written = (packageManager: javascript.NodePackageManager) => {
      const project = javascriptService({ packageManager, allowScripts: ['better-sqlite3'] });
      new NodeDockerImage(project, 'Api', { nativeAddons: ['better-sqlite3'] });
      project.synth();
      return (file: string) => readFileSync(join(project.outdir, file), 'utf-8');
    };
    expect(JSON.parse(written(PM.NPM)('package.json')).allowScripts).toEqual({ 'better-sqlite3': true });
    expect(written(PM.PNPM)('pnpm-workspace.yaml')).toContain('onlyBuiltDependencies:\n  - better-sqlite3');
    expect(JSON.parse(written(PM.BUN)('package.json')).trustedDependencies).toEqual(['better-sqlite3']);
    const berry = written(PM.YARN_BERRY);
    expect(JSON.parse(berry('package.json')).dependenciesMeta).toEqual({ 'better-sqlite3': { built: true } });
    expect(berry('.yarnrc.yml')).toContain('enableScripts: false');
  });

  it('on alpine: the build tools with apk, and libc6-compat in the runtime as for nativeModules', () => {
    const { stage } = stagesOf(javascriptService({ allowScripts: ['better-sqlite3'] }), { nativeAddons: ['better-sqlite3'], runtime: Runtime.alpine() });
    expect(stage('installer')).toEqual(['RUN apk add --no-cache g++ make python3']);
    expect(stage('runtime')[0]).toBe('RUN apk add --no-cache libc6-compat');
  });

  it('accepts what each policy allows: pinned npm entries, pnpm 9 without a list, Yarn Berry and classic without one', () => {
    const accepted = (project: javascript.NodeProject) => {
      new NodeDockerImage(project, 'Api', { nativeAddons: ['better-sqlite3'] });
      project.synth();
      return existsSync(join(project.outdir, 'Dockerfile'));
    };
    const pinned = javascriptService();
    pinned.package.addField('allowScripts', { 'better-sqlite3@12.11.1': true });
    expect(accepted(pinned)).toBe(true);
    expect(accepted(javascriptService({ packageManager: PM.PNPM, pnpmVersion: '9.15.9' }))).toBe(true);
    expect(accepted(javascriptService({ packageManager: PM.YARN_BERRY }))).toBe(true);
    expect(accepted(javascriptService({ packageManager: PM.YARN_CLASSIC }))).toBe(true);
    const pnpmInManifest = javascriptService({ packageManager: PM.PNPM });
    pnpmInManifest.package.addField('pnpm', { onlyBuiltDependencies: ['better-sqlite3'] });
    expect(accepted(pnpmInManifest)).toBe(true);
    expect(accepted(javascriptService({
      packageManager: PM.PNPM,
      pnpmOptions: { workspaceYamlOptions: { onlyBuiltDependencies: ['better-sqlite3'] } },
    }))).toBe(true);
  });
});

const refused = (problem: string) => `Nothing was written: 1 problem found.\n  ${problem}`;
const NOT_ALLOWED = (why: string, where: string) => refused(`[NativeAddonNotAllowed] Api: native addon "better-sqlite3" may not run its install scripts: ${why},`
  + ' so the install would leave it without a binding and the service would fail when it loads it.'
  + ` Fix: Allow it in the project, for example with the project option allowScripts: ["better-sqlite3"] or project.package.addAllowedScripts("better-sqlite3"), which projen writes as ${where}.`);

describe('nativeAddons the project does not allow: refused at synthesis, nothing written', () => {
  const cases: Array<{ name: string; project: () => javascript.NodeProject; addons?: string[]; error: string }> = [
    {
      name: 'npm without allowScripts',
      project: () => javascriptService(),
      error: NOT_ALLOWED('package.json "allowScripts" is not set, and npm 12 skips unlisted scripts without failing (npm 11.19 still runs them, with a warning)', 'package.json "allowScripts"'),
    },
    {
      name: 'npm allowing other packages only',
      project: () => javascriptService({ allowScripts: ['esbuild'] }),
      error: NOT_ALLOWED('package.json "allowScripts" does not list it, and npm 12 skips unlisted scripts without failing (npm 11.19 still runs them, with a warning)', 'package.json "allowScripts"'),
    },
    {
      name: 'npm denying it',
      project: () => {
        const project = javascriptService();
        project.package.addField('allowScripts', { 'better-sqlite3': false });
        return project;
      },
      error: NOT_ALLOWED('package.json "allowScripts" denies it (false), and npm skips its scripts without failing', 'package.json "allowScripts"'),
    },
    {
      name: 'pnpm 10 (projen\'s default) without onlyBuiltDependencies',
      project: () => javascriptService({ packageManager: PM.PNPM }),
      error: NOT_ALLOWED('"onlyBuiltDependencies" is not set, and pnpm 10 builds only what it lists, skipping the rest without failing', '"onlyBuiltDependencies" in pnpm-workspace.yaml'),
    },
    {
      name: 'pnpm whose onlyBuiltDependencies lacks it',
      project: () => javascriptService({ packageManager: PM.PNPM, allowScripts: ['esbuild'] }),
      error: NOT_ALLOWED('"onlyBuiltDependencies" lists other packages only, and pnpm skips the builds of the rest without failing', '"onlyBuiltDependencies" in pnpm-workspace.yaml'),
    },
    {
      name: 'pnpm 9 that never builds it',
      project: () => javascriptService({ packageManager: PM.PNPM, pnpmVersion: '9.15.9', pnpmOptions: { workspaceYamlOptions: { neverBuiltDependencies: ['better-sqlite3'] } } }),
      error: NOT_ALLOWED('pnpm\'s neverBuiltDependencies or ignoredBuiltDependencies name it', '"onlyBuiltDependencies" in pnpm-workspace.yaml'),
    },
    {
      name: 'Bun without trustedDependencies',
      project: () => javascriptService({ packageManager: PM.BUN }),
      error: NOT_ALLOWED('package.json has no list in "trustedDependencies", and Bun runs only theirs (and those of its own default list, which changes between versions)', 'package.json "trustedDependencies"'),
    },
    {
      name: 'Yarn Berry building other packages only',
      project: () => javascriptService({ packageManager: PM.YARN_BERRY, allowScripts: ['esbuild'] }),
      error: NOT_ALLOWED('package.json "dependenciesMeta" marks only other packages built, and .yarnrc.yml disables the scripts of the rest',
        'package.json "dependenciesMeta" (built: true) with enableScripts: false in .yarnrc.yml'),
    },
    {
      name: 'a name that is no npm package name',
      project: () => javascriptService(),
      addons: ['Better SQLite'],
      error: refused('[InvalidNativeAddon] Api: native addon names "Better SQLite" are not npm package names.'
        + ' Fix: Give the names of the dependencies that compile a binding, as in package.json, such as "better-sqlite3".'),
    },
  ];
  it.each(cases)('$name', ({ project: make, addons, error }) => {
    const project = make();
    new NodeDockerImage(project, 'Api', { nativeAddons: addons ?? ['better-sqlite3'] });
    expect(messageOf(() => project.synth())).toBe(error);
    expect(readdirSync(project.outdir)).toEqual([]);
  });

  it('reads the policy at synthesis: an allowance added after the image still counts', () => {
    const project = javascriptService();
    new NodeDockerImage(project, 'Api', { nativeAddons: ['better-sqlite3'] });
    project.package.addAllowedScripts('better-sqlite3');
    project.synth();
    expect(existsSync(join(project.outdir, 'Dockerfile'))).toBe(true);
  });

  it('a TypeScript project refused the same way', () => {
    const project: typescript.TypeScriptAppProject = typescriptTestProject({ deps: ['better-sqlite3@12.11.1'] });
    new NodeDockerImage(project, 'Api', { nativeAddons: ['better-sqlite3'] });
    expect(messageOf(() => project.synth())).toContain('[NativeAddonNotAllowed] Api: native addon "better-sqlite3"');
    expect(readdirSync(project.outdir)).toEqual([]);
  });
});
