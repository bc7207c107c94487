import { randomUUID } from 'crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { javascript } from 'projen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDockerImage } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import {
  attempt, buildImage, BuildOptions, CommandError, containerEnvironment, imageHolds, run, RunningContainer, startContainer, waitForJson,
} from './containers';
import { describeWithContainers } from './describe-with-containers';
import { packageFolder, PrivateRegistry, startVerdaccio } from './verdaccio';
import { FIXTURE_DEFAULTS } from '../fixtures/shared/service-image';

const { NPM, PNPM, YARN_CLASSIC, YARN_BERRY, BUN } = javascript.NodePackageManager;
const PRIVATE_PACKAGE = '@pnd-private/greeting';
const GREETING = 'hello from the private registry';
// A new version every run: the package managers' cache mounts outlive the registry, and a cached
// 1.0.0 of an earlier run (other bytes, same name) would be installed, or refused by its checksum.
const VERSION = `1.0.${Date.now()}`;

/** How the project hands its token to the package manager. */
enum Route {
  /** `${NPM_TOKEN}` in the project's .npmrc or .yarnrc.yml: secret npm_token. */
  PLACEHOLDER = 'placeholder',
  /** A token-less project .npmrc, and a user-level one from the secret npmrc. */
  NPMRC = 'npmrc',
  /** No placeholder: Yarn Berry reads YARN_NPM_AUTH_TOKEN, from the secret yarn_npm_auth_token. */
  ENVIRONMENT = 'environment',
}

interface Case {
  readonly name: string;
  readonly packageManager: javascript.NodePackageManager;
  readonly route: Route;
  /** Writes the lockfile against the live registry, in the image that has the tool. */
  readonly lock: string;
  /** Built with the project's own docker:build task (podman, `--secret id=...,env=...`) instead of buildah with a secret file. */
  readonly viaTask?: boolean;
}

const NPM_LOCK = 'npm install --package-lock-only --ignore-scripts --no-audit --no-fund';
const CASES: Case[] = [
  // First: npm's cache mount, which the npm images share, must not hold the private tarball yet; with
  // it, an install without the (optional) npmrc secret takes it from there and never asks the registry.
  { name: 'npm-user-npmrc', packageManager: NPM, route: Route.NPMRC, lock: NPM_LOCK },
  { name: 'npm', packageManager: NPM, route: Route.PLACEHOLDER, lock: NPM_LOCK, viaTask: true },
  { name: 'pnpm', packageManager: PNPM, route: Route.PLACEHOLDER, lock: 'pnpm install --lockfile-only --ignore-scripts --store-dir /tmp/pnpm-store' },
  { name: 'yarn-classic', packageManager: YARN_CLASSIC, route: Route.PLACEHOLDER, lock: 'yarn install --ignore-scripts --non-interactive --modules-folder /tmp/node_modules' },
  { name: 'yarn-berry', packageManager: YARN_BERRY, route: Route.PLACEHOLDER, lock: 'yarn install --mode=update-lockfile' },
  { name: 'bun', packageManager: BUN, route: Route.PLACEHOLDER, lock: 'bun install --lockfile-only' },
  { name: 'yarn-berry-env', packageManager: YARN_BERRY, route: Route.ENVIRONMENT, lock: 'yarn install --mode=update-lockfile' },
];

/** The secret a case's build needs, and the variable or file it reaches the package manager as. */
function secretOf(route: Route): { id: string; variable?: string } {
  switch (route) {
    case Route.PLACEHOLDER: return { id: 'npm_token', variable: 'NPM_TOKEN' };
    case Route.ENVIRONMENT: return { id: 'yarn_npm_auth_token', variable: 'YARN_NPM_AUTH_TOKEN' };
    default: return { id: 'npmrc' };
  }
}

const SERVER = [
  "const { createServer } = require('node:http');",
  `const greeting = require('${PRIVATE_PACKAGE}');`,
  "const ms = require('ms');",
  'createServer((request, response) => {',
  "  response.writeHead(200, { 'content-type': 'application/json' });",
  '  response.end(JSON.stringify({ greeting, second: ms(1000) }));',
  '}).listen(3000);',
  "process.on('SIGTERM', () => process.exit(0));",
  '',
].join('\n');

/** A service that depends on the private package and a small public one, its registry configured as the case says. */
function declareProject(folder: string, c: Case, registry: PrivateRegistry) {
  const berry = c.packageManager === YARN_BERRY;
  const project = new javascript.NodeProject({
    ...FIXTURE_DEFAULTS,
    projenrcJs: false,
    name: `private-${c.name}`,
    entrypoint: 'src/server.js',
    deps: [`${PRIVATE_PACKAGE}@${VERSION}`, 'ms@2.1.3'],
    packageManager: c.packageManager,
    outdir: folder,
    ...(berry ? {
      yarnBerryOptions: {
        version: '4.18.1',
        yarnRcOptions: {
          unsafeHttpWhitelist: ['127.0.0.1'],
          npmScopes: {
            'pnd-private': { npmRegistryServer: registry.url.replace(/\/$/, ''), ...(c.route === Route.PLACEHOLDER ? { npmAuthToken: '${NPM_TOKEN}' } : {}) },
          },
        },
      },
    } : {}),
  });
  if (berry) {
    // Yarn 4.18 quarantines versions younger than a day; this one was published a second ago.
    project.tryFindObjectFile('.yarnrc.yml')!.addOverride('npmPreapprovedPackages', [`${PRIVATE_PACKAGE}`]);
  } else {
    // projen's NpmConfig writes the project's .npmrc.
    project.npmrc.addRegistry(registry.url, '@pnd-private');
    if (c.route === Route.PLACEHOLDER) {
      project.npmrc.addConfig(`//${registry.address}/:_authToken`, '${NPM_TOKEN}');
    }
  }
  const image = new NodeDockerImage(project, 'Service', {
    npmrcSecret: c.route === Route.NPMRC,
    installSecrets: c.route === Route.ENVIRONMENT ? ['YARN_NPM_AUTH_TOKEN'] : undefined,
  });
  return { project, image };
}

/** Runs a build that must fail, and returns what the builder printed. */
function failedBuild(options: BuildOptions): string {
  try {
    buildImage(options);
  } catch (error) {
    if (error instanceof CommandError) {
      return error.result.stdout + error.result.stderr;
    }
    throw error;
  }
  throw new Error(`the build of ${options.tag} succeeded`);
}

describeWithContainers('a private registry (Verdaccio on loopback, htpasswd, no anonymous access): the token reaches every package manager from a build secret', () => {
  let registry: PrivateRegistry;
  const folders: string[] = [];
  const temporary = (prefix: string) => {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
  };

  beforeAll(async () => {
    registry = await startVerdaccio();
    const published = packageFolder(PRIVATE_PACKAGE, VERSION, GREETING);
    folders.push(published);
    registry.publish(published);
  });

  afterAll(async () => {
    await registry?.stop();
    for (const folder of folders) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('serves the scoped package to its user only', async () => {
    expect(await registry.status(PRIVATE_PACKAGE, registry.token)).toBe(200);
    expect(await registry.status(PRIVATE_PACKAGE)).toBe(401);
    expect(await registry.status(PRIVATE_PACKAGE, randomUUID())).toBe(401);
    // No uplink: a public package is not there, and the images get it from the public registry.
    expect(await registry.status('ms', registry.token)).toBe(404);
  });

  describe.each(CASES)('$name, token by $route', (c) => {
    const tag = `localhost/pnd-e2e/private-${c.name}:test`;
    const secret = secretOf(c.route);
    let folder: string;
    let image: NodeDockerImage;
    let secrets: { [name: string]: string };
    let container: RunningContainer | undefined;
    let builtTag = tag;

    beforeAll(() => {
      folder = temporary(`pnd-private-${c.name}-`);
      mkdirSync(join(folder, 'src'));
      writeFileSync(join(folder, 'src', 'server.js'), SERVER);
      const declared = declareProject(folder, c, registry);
      image = declared.image;
      declared.project.synth();
      lintDockerfile(readFileSync(join(folder, 'Dockerfile'), 'utf-8'));

      // The registry's port is in the lockfile, so it is made now, against the live registry, with the image's own tool.
      const credentials = temporary('pnd-private-secret-');
      const tokenFile = join(credentials, 'token');
      const userNpmrc = join(credentials, 'npmrc');
      writeFileSync(tokenFile, `${registry.token}\n`, { mode: 0o600 });
      writeFileSync(userNpmrc, `//${registry.address}/:_authToken=${registry.token}\n`, { mode: 0o600 });
      writeFileSync(join(credentials, 'empty'), '', { mode: 0o600 });
      secrets = { token: tokenFile, npmrc: userNpmrc, empty: join(credentials, 'empty') };
      const tools = `${tag}-tools`;
      buildImage({ context: folder, tag: tools, target: c.packageManager === NPM ? 'base' : 'installer' });
      const credential = secret.variable ? ['-e', `${secret.variable}=${registry.token}`] : ['-v', `${userNpmrc}:/root/.npmrc:ro`];
      run('podman', ['run', '--rm', ...credential, '-v', `${folder}:/project`, '-w', '/project', tools, 'sh', '-c', c.lock]);
      run('podman', ['untag', tools]);
    });

    afterAll(() => container?.remove());

    it('writes the build secret into the Dockerfile and its build task, never into ENV or ARG', () => {
      const dockerfile = readFileSync(join(folder, 'Dockerfile'), 'utf-8');
      expect(image.buildSecrets).toEqual([secret.id]);
      expect(dockerfile).toContain(`--mount=type=secret,id=${secret.id}`);
      expect(dockerfile).not.toMatch(/^(ENV|ARG) .*(TOKEN|npmrc)/m);
    });

    it('fails without the secret, naming it', () => {
      const log = failedBuild({ context: folder, tag });
      if (secret.variable) {
        expect(log).toContain(`secret required but no secret with id ${secret.id} found`);
      } else {
        // The npmrc secret is optional (a project may need none): npm meets the registry's refusal.
        expect(log).toContain('npm error code E401');
      }
    });

    // The npmrc route has no variable to check: an empty user-level .npmrc is a valid one.
    if (secret.variable) {
      it('fails with an empty secret, naming it, instead of sending an empty token', () => {
        const log = failedBuild({ context: folder, tag, secrets: { [secret.id]: secrets.empty } });
        expect(log).toContain(`${secret.variable}: must come from the build secret ${secret.id}, which is empty`);
      });
    }

    it('installs the private package with the secret, and the service runs with it', async () => {
      let log: string;
      if (c.viaTask) {
        const task = readFileSync(join(folder, '.projen', 'tasks.json'), 'utf-8');
        const exec = JSON.parse(task).tasks['docker:build:service'].steps[0].exec as string;
        const unset = attempt('bash', ['-c', exec], { cwd: folder });
        expect(unset.status).not.toBe(0);
        expect(unset.stderr).toContain(`${secret.variable}: docker:build passes ${secret.variable} as the build secret ${secret.id}: set it`);
        const built = run('bash', ['-c', exec], { cwd: folder, env: containerEnvironment({ [secret.variable!]: registry.token }) });
        log = built.stdout + built.stderr;
        builtTag = image.imageName;
      } else {
        log = buildImage({ context: folder, tag, secrets: { [secret.id]: secret.variable ? secrets.token : secrets.npmrc } }).log;
      }
      expect(log).not.toContain(registry.token);
      container = await startContainer(builtTag, `pnd-e2e-private-${c.name}`);
      expect(await waitForJson(`http://127.0.0.1:${container.port}/`, container)).toEqual({ greeting: GREETING, second: '1s' });
    });

    it('keeps the token out of every layer, the history and the config, of the image and of its install stage', () => {
      expect(imageHolds(builtTag, [registry.token, GREETING])).toEqual({
        [registry.token]: { inLayers: false, inHistory: false },
        // The search finds what is there: the private package's code.
        [GREETING]: { inLayers: true, inHistory: false },
      });
      // The install stage's layers are what a build cache keeps and exports; the build is cached, so this only tags it.
      const deps = `${tag}-deps`;
      buildImage({ context: folder, tag: deps, target: 'deps', secrets: { [secret.id]: secret.variable ? secrets.token : secrets.npmrc } });
      expect(imageHolds(deps, [registry.token, GREETING])).toEqual({
        [registry.token]: { inLayers: false, inHistory: false },
        // The search finds what is there: the private package the install put in node_modules.
        [GREETING]: { inLayers: true, inHistory: false },
      });
      run('podman', ['untag', deps]);
    });

    // The settings file is mounted, never copied: what a CI step appends to it before the build reaches no layer.
    if (c.name === 'npm' || c.name === 'yarn-berry') {
      it('keeps what is appended to the settings file after synthesis out of every layer, the install run afresh', () => {
        const settings = join(folder, c.packageManager === YARN_BERRY ? '.yarnrc.yml' : '.npmrc');
        const original = readFileSync(settings, 'utf-8');
        const marker = `appended-by-ci-${c.name}`;
        writeFileSync(settings, `${original}# ${marker} ${registry.token}\n`);
        try {
          const deps = `${tag}-appended`;
          const { log } = buildImage({ context: folder, tag: deps, target: 'deps', noCache: true, secrets: { [secret.id]: secrets.token } });
          const [id] = Object.keys(image.buildSecretFiles);
          expect(log).toContain(`--mount=type=secret,id=${id},target=/app/${image.buildSecretFiles[id]},required=true`);
          expect(imageHolds(deps, [registry.token, marker])).toEqual({
            [registry.token]: { inLayers: false, inHistory: false },
            [marker]: { inLayers: false, inHistory: false },
          });
          run('podman', ['untag', deps]);
        } finally {
          writeFileSync(settings, original);
        }
      });
    }
  });
});
