import { readdirSync } from 'fs';
import { join } from 'path';
import { javascript, typescript } from 'projen';
import { describe, expect, it } from 'vitest';
import { HealthCheck, ImagePreset, NodeDockerImage, NodeDockerImageProps, Runtime } from '../../src';
import { REMOVE_DEV_OPTIONAL_PEERS } from '../../src/node/dev-optional-peers';
import { synthDockerfile } from '../dockerfile-lint';
import { javascriptTestProject, messageOf, temporaryOutdir, testProject, typescriptTestProject } from '../util';

function typescriptService(options: Partial<typescript.TypeScriptProjectOptions> = {}): typescript.TypeScriptAppProject {
  return typescriptTestProject({ description: 'An API', ...options });
}

/** The runtime's last instructions: the per-commit metadata, after every layer. */
const BUILD_METADATA = ['ARG REVISION=unknown', 'ARG CREATED=unknown', 'LABEL org.opencontainers.image.revision="${REVISION}" org.opencontainers.image.created="${CREATED}"'];

const javascriptService = javascriptTestProject;

function imageOf(project: javascript.NodeProject, props: NodeDockerImageProps = {}, declared?: NodeDockerImage) {
  const image = declared ?? new NodeDockerImage(project, 'Api', props);
  const { text, parsed } = synthDockerfile(project);
  const stages = parsed.getFROMs().map((from) => from.getBuildStage());
  const instructions = (stage: string) => {
    const froms = parsed.getFROMs();
    const index = froms.findIndex((from) => from.getBuildStage() === stage);
    const start = froms[index].getRange().start.line;
    const end = froms[index + 1]?.getRange().start.line ?? Number.MAX_SAFE_INTEGER;
    return parsed.getInstructions()
      .filter((instruction) => instruction.getRange().start.line > start && instruction.getRange().start.line < end)
      .map((instruction) => `${instruction.getKeyword()} ${instruction.getArgumentsContent()?.replace(/\s+/g, ' ')}`);
  };
  return { image, text, stages, instructions };
}

describe('NodeDockerImage for a TypeScript service', () => {
  it('builds in base, deps, build and runtime stages, and runs the compiled entry point as uid 1000', () => {
    const { text, stages, instructions } = imageOf(typescriptService(), { healthCheck: HealthCheck.http('/health') });
    expect(text).toMatchSnapshot();
    expect(stages).toEqual(['base', 'deps', 'build', 'runtime']);
    expect(text).toContain('FROM node:26-trixie-slim AS base\n');
    expect(instructions('deps')).toEqual(['COPY package.json package-lock.json ./', `RUN npm ci --omit=dev && ${REMOVE_DEV_OPTIONAL_PEERS} && mkdir -p node_modules`]);
    expect(instructions('build')).toEqual([
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'ENV PATH="/app/node_modules/.bin:$PATH"',
      'COPY tsconfig.json ./tsconfig.json',
      'COPY src ./src',
      'RUN tsc --build',
    ]);
    const runtime = instructions('runtime');
    expect(runtime).toContain('ENV NODE_ENV=production');
    expect(runtime).toContain('COPY /app/node_modules ./node_modules');
    expect(runtime).toContain('COPY /app/lib ./lib');
    expect(runtime).toContain('USER 1000:1000');
    expect(runtime).toContain('EXPOSE 3000/tcp');
    expect(runtime.slice(-4)).toEqual(['CMD ["node", "lib/index.js"]', ...BUILD_METADATA]);
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toContain('http://127.0.0.1:3000/health');
    expect(runtime).toContain('LABEL org.opencontainers.image.title=api org.opencontainers.image.description="An API" org.opencontainers.image.version=0.0.0 org.opencontainers.image.licenses=Apache-2.0'
      + ' org.opencontainers.image.base.name=docker.io/library/node:26-trixie-slim');
  });

  it('follows the project when it changes: output folder, entry point, Node version, package manager', () => {
    const before = imageOf(typescriptService()).text;
    const after = imageOf(typescriptService({
      libdir: 'dist',
      entrypoint: 'dist/main.js',
      minNodeVersion: '22.12.0',
      maxNodeVersion: '22.99.0',
      packageManager: javascript.NodePackageManager.PNPM,
    })).text;
    expect(before).not.toBe(after);
    expect(after).toContain('FROM node:22-trixie-slim AS base');
    expect(after).toContain('COPY --from=build /app/dist ./dist');
    expect(after).toContain('CMD ["node", "dist/main.js"]');
    expect(after).toContain('pnpm install --frozen-lockfile --prod');
  });

  it('reads the project at synthesis: what .projenrc.ts says after declaring the image still reaches the Dockerfile', () => {
    const project = typescriptService();
    const image = new NodeDockerImage(project, 'Api', { healthCheck: HealthCheck.http('/health') });
    image.stage('build').addRun('echo added by the user');
    project.package.addEngine('node', '>=24 <25');
    project.compileTask.exec('node scripts/copy-assets.js');
    project.package.addField('description', 'Described late');
    image.addPort(8080);
    image.addEnvironment({ LOG_LEVEL: 'info' });
    const { text, instructions } = imageOf(project, undefined, image);
    expect(image.nodeMajor).toBe(24);
    expect(text).toContain('FROM node:24-trixie-slim AS base\n');
    // The derived compile steps come first, then what the user added to the stage.
    expect(instructions('build').slice(-2)).toEqual(['RUN tsc --build && node scripts/copy-assets.js', 'RUN echo added by the user']);
    const runtime = instructions('runtime');
    expect(runtime).toContain('ENV NODE_ENV=production LOG_LEVEL=info');
    expect(runtime.find((line) => line.startsWith('LABEL org.opencontainers.image.title'))).toContain('org.opencontainers.image.description="Described late"');
    expect(runtime.filter((line) => line.startsWith('EXPOSE'))).toEqual(['EXPOSE 8080/tcp']);
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toContain('http://127.0.0.1:8080/health');
    expect(project.tasks.tryFind('docker:run:api')!.steps[0].exec).toContain('-p 127.0.0.1:8080:8080');
  });
});

describe('NodeDockerImage for each package manager', () => {
  it.each([
    [javascript.NodePackageManager.NPM, undefined, 'COPY package.json package-lock.json ./', `npm ci --omit=dev && ${REMOVE_DEV_OPTIONAL_PEERS}`, '/root/.npm'],
    [javascript.NodePackageManager.YARN_CLASSIC, 'npm install --global yarn@1.22.22', 'COPY package.json yarn.lock ./', 'yarn install --frozen-lockfile --non-interactive --production', '/usr/local/share/.cache/yarn'],
    [javascript.NodePackageManager.YARN_BERRY, 'npm install --global @yarnpkg/cli-dist@', 'COPY package.json yarn.lock ./', 'yarn install --immutable --mode=skip-build && yarn workspaces focus --all --production', '/root/.yarn/berry/cache'],
    [javascript.NodePackageManager.PNPM, 'npm install --global pnpm@', 'COPY package.json pnpm-lock.yaml pnpm-workspace.yaml* ./', 'pnpm install --frozen-lockfile --prod', '/root/.local/share/pnpm/store'],
    [javascript.NodePackageManager.BUN, 'npm install --global --allow-scripts=bun bun@1.4.5', 'COPY package.json bun.lock* ./', 'bun install --frozen-lockfile --production', '/root/.bun/install/cache'],
  ])('%s', (packageManager, toolInstall, copy, installProduction, cacheTarget) => {
    const { text, stages } = imageOf(typescriptService({ packageManager }));
    expect(text).toMatchSnapshot();
    expect(stages).toEqual(toolInstall ? ['base', 'installer', 'deps', 'build', 'runtime'] : ['base', 'deps', 'build', 'runtime']);
    if (toolInstall) {
      expect(text).toContain(toolInstall);
      expect(text).toContain('FROM installer AS deps');
    }
    expect(text).toContain(copy);
    // A long RUN wraps before each `&&`.
    expect(text.replace(/ \\\n +/g, ' ')).toContain(`${installProduction} && mkdir -p node_modules`);
    expect(text).toContain(`--mount=type=cache,target=${cacheTarget},`);
    expect(text).toContain('FROM base AS runtime');
    // pnpm's own state file records the time of the install, and two builds of one commit would differ in it.
    expect(text.includes('rm -f node_modules/.modules.yaml')).toBe(packageManager === javascript.NodePackageManager.PNPM);
  });

  it('links node_modules for Yarn Berry even when the project uses Plug\'n\'Play, in the stages that install only', () => {
    const { instructions } = imageOf(typescriptService({
      packageManager: javascript.NodePackageManager.YARN_BERRY,
      yarnBerryOptions: { yarnRcOptions: { nodeLinker: javascript.YarnNodeLinker.PNP } },
    }));
    expect(instructions('installer')[0]).toBe('ENV YARN_NODE_LINKER=node-modules');
    expect(instructions('runtime').some((line) => line.includes('YARN_NODE_LINKER'))).toBe(false);
  });

  it('installs the Bun version the project sets, and ignores projen\'s default tag "latest"', () => {
    const pinned = imageOf(typescriptService({ packageManager: javascript.NodePackageManager.BUN, bunVersion: '1.3.2' }));
    expect(pinned.text).toContain('npm install --global --allow-scripts=bun bun@1.3.2');
    const latest = imageOf(typescriptService({ packageManager: javascript.NodePackageManager.BUN }));
    expect(latest.text).toContain('--allow-scripts=bun bun@1.4.5');
  });
});

describe('NodeDockerImage for a JavaScript service', () => {
  it('has no build stage, and runs from every file the .dockerignore lets in but the package manager\'s settings', () => {
    const { stages, instructions, image, text } = imageOf(javascriptService(), { ports: [8080, 9090], healthCheck: HealthCheck.none() });
    expect(stages).toEqual(['base', 'deps', 'sources', 'runtime']);
    expect(instructions('sources')).toEqual(['COPY . ./', 'RUN rm -rf .npmrc .yarnrc .yarnrc.yml .yarn bunfig.toml .pnp.cjs .pnp.loader.mjs']);
    const runtime = instructions('runtime');
    expect(runtime).toContain('COPY /app/node_modules ./node_modules');
    expect(runtime).toContain('COPY /app ./');
    expect(runtime.filter((line) => line.startsWith('COPY'))).toHaveLength(2);
    expect(text).toContain('\nCOPY --from=sources /app ./\n');
    for (const path of ['src/server.js', 'lib/store.js', 'server.js', 'data/seed.json', 'package.json']) {
      expect(image.dockerIgnore.ignores(path), path).toBe(false);
    }
    for (const path of ['test/server.test.js', 'src/server.spec.js', 'README.md', 'docs/index.md', '.env', '.github/workflows/ci.yml', '.eslintrc.json', '.projenrc.js']) {
      expect(image.dockerIgnore.ignores(path), path).toBe(true);
    }
    expect(runtime).toContain('EXPOSE 8080/tcp');
    expect(runtime).toContain('EXPOSE 9090/tcp');
    expect(runtime).toContain('HEALTHCHECK NONE');
    expect(runtime.slice(-4)).toEqual(['CMD ["node", "src/server.js"]', ...BUILD_METADATA]);
  });
});

describe('NodeDockerImage options', () => {
  it('runs on alpine with libc6-compat for native modules, with a command, environment and ids of choice', () => {
    const { text, instructions } = imageOf(typescriptService(), {
      runtime: Runtime.alpine({ nativeModules: true }),
      nodeMajor: 24,
      command: ['--enable-source-maps', 'lib/main.js'],
      environment: { LOG_LEVEL: 'info' },
      uid: 10001,
      gid: 10001,
      healthCheck: HealthCheck.command(['node', 'lib/health.js']),
    });
    expect(text).toMatchSnapshot();
    expect(text).toContain('FROM node:24-alpine AS base');
    const runtime = instructions('runtime');
    expect(runtime[0]).toBe('RUN apk add --no-cache libc6-compat');
    expect(runtime).toContain('ENV NODE_ENV=production LOG_LEVEL=info');
    expect(runtime).toContain('USER 10001:10001');
    expect(runtime).toContain('HEALTHCHECK CMD ["node", "lib/health.js"]');
    expect(runtime.slice(-4)).toEqual(['CMD ["node", "--enable-source-maps", "lib/main.js"]', ...BUILD_METADATA]);
  });

  it('exposes its stages for additions', () => {
    const project = typescriptService();
    const image = new NodeDockerImage(project, 'Api');
    image.stage('runtime').addLabels({ team: 'payments' });
    expect(image.dockerfile.render()).toContain('LABEL team=payments');
    expect(() => image.stage('nope')).toThrow('Api: the image has no stage "nope"; it has base, deps, build, runtime.');
  });
});

describe('NodeDockerImage build-time options', () => {
  it('mounts the npmrc build secret where dependencies install, and declares build args in the build stage', () => {
    const { text, instructions } = imageOf(typescriptService(), { npmrcSecret: true, buildArgs: { API_BASE_URL: 'https://api.example.test' } });
    for (const stage of ['deps', 'build']) {
      expect(instructions(stage).find((line) => line.startsWith('RUN npm ci'))).toBeDefined();
    }
    expect(text.match(/--mount=type=secret,id=npmrc,target=\/root\/\.npmrc/g)).toHaveLength(2);
    expect(instructions('build')).toContain('ARG API_BASE_URL=https://api.example.test');
    expect(instructions('runtime').some((line) => line.includes('API_BASE_URL'))).toBe(false);
  });

  it('installs native build tools and build packages before installing, never in the runtime', () => {
    const { stages, instructions } = imageOf(typescriptService(), { nativeModules: true, buildPackages: ['libvips-dev'], runtimePackages: ['libvips42'] });
    expect(stages).toEqual(['base', 'installer', 'deps', 'build', 'runtime']);
    expect(instructions('installer')).toEqual([
      'RUN apt-get update && apt-get install -y --no-install-recommends g++ libvips-dev make python3 && rm -rf /var/lib/apt/lists/*',
    ]);
    const runtime = instructions('runtime');
    expect(runtime[0]).toBe('RUN apt-get update && apt-get install -y --no-install-recommends libvips42 && rm -rf /var/lib/apt/lists/*');
    expect(runtime.some((line) => line.includes('g++'))).toBe(false);
  });

  it('runs under tini when asked, with SIGTERM as the stop signal', () => {
    const slim = imageOf(typescriptService(), { init: true }).instructions('runtime');
    expect(slim).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(slim).toContain('STOPSIGNAL SIGTERM');
    expect(slim[0]).toContain('tini');
    const alpine = imageOf(typescriptService(), { init: true, runtime: Runtime.alpine() }).instructions('runtime');
    expect(alpine[0]).toBe('RUN apk add --no-cache tini');
    expect(alpine).toContain('ENTRYPOINT ["/sbin/tini", "--"]');
  });

  it('copies runtime files and labels the revision and creation time from build args', () => {
    const { instructions } = imageOf(typescriptService(), { runtimeFiles: ['public', './config/default.json'] });
    const runtime = instructions('runtime');
    // The compiled output is the last layer, so an edit of the sources rebuilds it alone.
    expect(runtime.filter((instruction) => instruction.startsWith('COPY '))).toEqual([
      'COPY /app/node_modules ./node_modules',
      'COPY package.json ./',
      'COPY public ./public',
      'COPY ./config/default.json ./config/default.json',
      'COPY /app/lib ./lib',
    ]);
    // What changes with every commit comes after every layer: a new revision changes the config only.
    expect(runtime.slice(-3)).toEqual(BUILD_METADATA);
  });
});

describe('NodeDockerImage presets and tasks', () => {
  it('NestJS: starts dist/main.js, with libc6-compat on alpine', () => {
    const { text, instructions } = imageOf(typescriptService({ libdir: 'dist' }), { preset: ImagePreset.NESTJS, runtime: Runtime.alpine() });
    expect(text).toMatchSnapshot();
    const runtime = instructions('runtime');
    expect(runtime[0]).toBe('RUN apk add --no-cache libc6-compat');
    expect(runtime.slice(-4)).toEqual(['CMD ["node", "dist/main.js"]', ...BUILD_METADATA]);
  });

  it('adds docker:build and docker:run tasks named after package.json', () => {
    const project = typescriptService();
    const image = new NodeDockerImage(project, 'Api', { ports: [8080] });
    expect(image.imageName).toBe('localhost/api:0.0.0');
    // The commands are derived at synthesis, from the project as it is then.
    project.synth();
    const build = project.tasks.tryFind('docker:build:api')!;
    expect(build.steps[0].exec).toContain('-f Dockerfile -t localhost/api:0.0.0 .');
    expect(build.steps[0].exec).toContain('--build-arg REVISION="$revision"');
    expect(project.tasks.tryFind('docker:build')!.steps.map((step) => step.spawn)).toEqual(['docker:build:api']);
    expect(project.tasks.tryFind('docker:run')!.steps[0].exec).toContain('run --rm -it -p 127.0.0.1:8080:8080 localhost/api:0.0.0');
  });

  it('builds several images per project, each with its own Dockerfile, .dockerignore and tasks', () => {
    const project = typescriptService();
    new NodeDockerImage(project, 'Api');
    const worker = new NodeDockerImage(project, 'Worker', { dockerfilePath: 'worker.Dockerfile', command: ['lib/worker.js'], ports: [9000] });
    project.synth();
    expect(worker.dockerIgnore.path).toBe('worker.Dockerfile.dockerignore');
    expect(worker.imageName).toBe('localhost/api-worker:0.0.0');
    expect(project.tasks.tryFind('docker:build')!.steps.map((step) => step.spawn)).toEqual(['docker:build:api', 'docker:build:worker']);
    expect(synthDockerfile(project, 'worker.Dockerfile').text).toContain('CMD ["node", "lib/worker.js"]');
  });
});

interface BadImageInput {
  readonly name: string;
  /** The project, when not the default TypeScript service. */
  readonly project?: () => javascript.NodeProject;
  readonly props?: NodeDockerImageProps;
  /** Changes the image once declared. */
  readonly configure?: (image: NodeDockerImage) => void;
  /** Another image declared first, for conflicts between images. */
  readonly first?: NodeDockerImageProps;
  /** The whole error. */
  readonly error: string;
  /** Refused when the image is declared, because it cannot be: every other problem is found at synthesis. */
  readonly whenDeclared?: boolean;
}

const ID_FIX = 'Fix: Give a whole number from 1 to 2147483646, such as 1000 (the official images\' "node" user).';
const refused = (...problems: string[]) =>
  [`Nothing was written: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`} found.`, ...problems.map((problem) => `  ${problem}`)].join('\n');

const badImageInputs: BadImageInput[] = [
  {
    // projen refuses unknown names itself; this is a manager that a newer projen knows and this library does not.
    name: 'an unknown package manager',
    project: () => {
      const project = typescriptService();
      Object.defineProperty(project.package, 'packageManager', { value: 'deno' });
      return project;
    },
    error: refused('[UnknownPackageManager] Api: package manager "deno" is not one NodeDockerImage knows (npm, yarn (classic), yarn berry, pnpm, bun). Fix: Set packageManager on the project to a javascript.NodePackageManager value.'),
  },
  {
    name: 'port 70000',
    props: { ports: [70000] },
    error: refused('[ExposeInvalidFormat] Api/Dockerfile@Dockerfile/runtime: EXPOSE port 70000 is not a port number. Fix: Use a whole number from 1 to 65535.'),
  },
  {
    name: 'a health check on port 70000',
    props: { healthCheck: HealthCheck.http('/health', { port: 70000 }) },
    error: refused('[InvalidHealthCheck] Api: the health check\'s port 70000 is not a port number. Fix: Give a port from 1 to 65535.'),
  },
  {
    name: 'an HTTP health check without any port',
    props: { ports: [], healthCheck: HealthCheck.http('/health') },
    error: refused('[InvalidHealthCheck] Api: HealthCheck.http needs a port, and the image has none. Fix: List the port in ports, pass HealthCheck.http(path, { port }), or use HealthCheck.command.'),
  },
  {
    name: 'a COPY of a path the .dockerignore excludes',
    props: { runtimeFiles: ['config/default.json'] },
    configure: (image) => image.dockerIgnore.addExclude('config'),
    error: refused('[CopyIgnoredFile] Api/Dockerfile@Dockerfile/runtime: COPY config/default.json ./config/default.json copies "config/default.json", which pattern "config" in .dockerignore excludes from the build context. Fix: Remove "config" from exclude, or add include: [\'config/default.json\'].'),
  },
  {
    name: 'a secret passed as an environment variable',
    props: { environment: { NPM_TOKEN: 'npm_abc123' } },
    error: refused('[SecretsUsedInArgOrEnv] Api/Dockerfile@Dockerfile/runtime: ENV "NPM_TOKEN" looks like a secret and is given a value, which is stored in the image\'s history and config.'
      + ' Fix: Pass the secret as a build secret (RunMount.secret({ id: \'npm_token\' }) on the RUN that needs it), or ignore rule SecretsUsedInArgOrEnv if the value is not secret.'),
  },
  {
    name: 'a secret passed as a build argument',
    props: { buildArgs: { DATABASE_PASSWORD: 'hunter2' } },
    error: refused('[SecretsUsedInArgOrEnv] Api/Dockerfile@Dockerfile/build: ARG "DATABASE_PASSWORD" looks like a secret and is given a value, which is stored in the image\'s history and config.'
      + ' Fix: Pass the secret as a build secret (RunMount.secret({ id: \'database_password\' }) on the RUN that needs it), or ignore rule SecretsUsedInArgOrEnv if the value is not secret.'),
  },
  {
    name: 'two images writing the same Dockerfile',
    first: {},
    whenDeclared: true,
    error: refused(
      '[DuplicateFile] Api: Dockerfile is already written by First/Dockerfile@Dockerfile. Fix: Give each image its own dockerfilePath, such as "api.Dockerfile".',
      '[DuplicateFile] Api: .dockerignore is already written by First/DockerIgnore@.dockerignore. Fix: Give each image its own dockerfilePath, such as "api.Dockerfile".'),
  },
  {
    name: 'a Dockerfile path another image uses, elsewhere than the default',
    first: { dockerfilePath: 'docker/api.Dockerfile' },
    props: { dockerfilePath: 'docker/api.Dockerfile' },
    whenDeclared: true,
    error: refused(
      '[DuplicateFile] Api: docker/api.Dockerfile is already written by First/Dockerfile@docker--api.Dockerfile. Fix: Give each image its own dockerfilePath, such as "api.Dockerfile".',
      '[DuplicateFile] Api: docker/api.Dockerfile.dockerignore is already written by First/DockerIgnore@docker--api.Dockerfile.dockerignore. Fix: Give each image its own dockerfilePath, such as "api.Dockerfile".'),
  },
  {
    name: 'a system package name with shell in it',
    props: { runtimePackages: ['curl; rm -rf /'] },
    error: refused('[InvalidSystemPackage] Api: system package names "curl; rm -rf /" are not valid. Fix: Give Debian or Alpine package names, such as "ca-certificates".'),
  },
  {
    name: 'uid 0',
    props: { uid: 0 },
    error: refused(`[InvalidUserId] Api: uid 0 is root. ${ID_FIX}`),
  },
  {
    name: 'a negative gid',
    props: { gid: -1 },
    error: refused(`[InvalidUserId] Api: gid -1 is not a user or group id. ${ID_FIX}`),
  },
  {
    name: 'a relative working directory',
    props: { workdir: 'app' },
    error: refused('[WorkdirRelativePath] Api/Dockerfile@Dockerfile/base: WORKDIR "app" is relative, so it depends on every earlier WORKDIR and on the base image. Fix: Use an absolute path (for example "/app").'),
  },
  {
    name: 'a command run through npm start',
    props: { command: ['npm', 'start'] },
    error: refused('[InvalidCommand] Api: command starts with "npm", which would run as PID 1 in front of node and not pass SIGTERM on, so the service could not stop cleanly. Fix: Give the script node runs, such as ["lib/index.js"].'),
  },
  {
    name: 'a command that names node again',
    props: { command: ['node', 'lib/index.js'] },
    error: refused('[InvalidCommand] Api: command starts with "node", but the image already runs node: CMD would be node node .... Fix: Give only node\'s arguments, such as ["lib/index.js"].'),
  },
  {
    name: 'an empty command',
    props: { command: [] },
    error: refused('[InvalidCommand] Api: command is empty. Fix: Give the script node runs, such as ["lib/index.js"], or leave command out to run the package\'s main entry point.'),
  },
  {
    name: 'an entry point outside the compiled output',
    project: () => typescriptService({ entrypoint: 'src/index.ts' }),
    error: refused('[EntryPointNotInOutput] Api: the entry point "src/index.ts" is not in the compiled output folder "lib", the only folder of the build the runtime gets. Fix: Set entrypoint on the project to a compiled file, such as "lib/index.js", or set command.'),
  },
  {
    name: 'the NestJS preset on a project that compiles nothing',
    project: () => javascriptService(),
    props: { preset: ImagePreset.NESTJS },
    error: refused('[PresetMismatch] Api: the NestJS preset runs the compiled dist/main.js, and this project compiles no TypeScript. Fix: Use a typescript.TypeScriptAppProject, or leave out the preset and set command.'),
  },
  {
    name: 'a runtime file outside the build context',
    props: { runtimeFiles: ['../shared/config.json'] },
    error: refused('[RuntimeFileOutsideContext] Api: runtime file "../shared/config.json" is not inside the build context. Fix: Give a path relative to the project, such as "public".'),
  },
  {
    name: 'a build context inside the project',
    props: { buildContext: 'src' },
    error: refused('[InvalidBuildContext] Api: buildContext "src" does not contain the project, so the Dockerfile could not copy its package.json. Fix: Use "." (the project folder) or a folder above it, such as a monorepo root ("../..").'),
  },
  {
    name: 'several problems at once',
    props: { uid: 0, command: ['yarn', 'start'] },
    error: refused(`[InvalidUserId] Api: uid 0 is root. ${ID_FIX}`,
      '[InvalidCommand] Api: command starts with "yarn", which would run as PID 1 in front of node and not pass SIGTERM on, so the service could not stop cleanly. Fix: Give the script node runs, such as ["lib/index.js"].'),
  },
];

describe('NodeDockerImage with a build context above the project', () => {
  it('copies from the project\'s place in the context, with an ignore file of its own that the build task passes on', () => {
    const project = javascriptService({ outdir: join(temporaryOutdir(), 'services', 'api') });
    const { image, instructions } = imageOf(project, { buildContext: '../..', runtimeFiles: ['docs/openapi.json'] });
    expect(instructions('deps')[0]).toBe('COPY services/api/package.json services/api/package-lock.json ./');
    expect(instructions('sources')[0]).toBe('COPY services/api ./');
    expect(instructions('runtime')).toContain('COPY /app ./');
    // A runtime file is let in by its own path, even under a folder the defaults exclude.
    expect(image.dockerIgnore.ignores('services/api/docs/openapi.json')).toBe(false);
    expect(image.dockerIgnore.ignores('services/api/docs/internal.md')).toBe(true);
    expect(image.dockerIgnore.path).toBe('Dockerfile.dockerignore');
    expect(image.dockerIgnore.patterns).toEqual(expect.arrayContaining(['**/.git', '**/node_modules', '**/.env', 'services/api/coverage', 'services/api/.github']));
    expect(image.dockerIgnore.ignores('services/api/coverage/lcov.info')).toBe(true);
    expect(image.dockerIgnore.ignores('.env')).toBe(true);
    expect(image.dockerIgnore.ignores('services/api/src/server.js')).toBe(false);
    const build = project.tasks.tryFind('docker:build:api')!.steps[0].exec!;
    expect(build).toContain('${ignorefile:+--ignorefile Dockerfile.dockerignore}');
    expect(build).toContain(' -f Dockerfile -t localhost/js-api:0.0.0 ../.. &&');
  });
});

describe('NodeDockerImage bad input', () => {
  it.each(badImageInputs)('refuses $name, and writes nothing', (bad) => {
    const project = bad.project?.() ?? typescriptService();
    if (bad.first) {
      new NodeDockerImage(project, 'First', bad.first);
    }
    const declare = () => {
      const image = new NodeDockerImage(project, 'Api', bad.props);
      bad.configure?.(image);
    };
    if (bad.whenDeclared) {
      // .projenrc.ts stops here, before any synthesis.
      expect(messageOf(declare)).toBe(bad.error);
    } else {
      declare();
      expect(messageOf(() => project.synth())).toBe(bad.error);
    }
    expect(readdirSync(project.outdir)).toEqual([]);
  });

  it('refuses a project that is not a Node.js project, when the image is declared', () => {
    const project = testProject();
    expect(messageOf(() => new NodeDockerImage(project, 'Api'))).toBe(refused(
      '[NotANodeProject] Api: NodeDockerImage needs a Node.js project (javascript.NodeProject or a subclass), not Project.'
      + ' Fix: Declare the image on a javascript.NodeProject, a typescript.TypeScriptProject or one of their subclasses.'));
  });
});
