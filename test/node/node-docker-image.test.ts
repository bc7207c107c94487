import { javascript, typescript } from 'projen';
import { describe, expect, it } from 'vitest';
import { HealthCheck, ImagePreset, NodeDockerImage, NodeDockerImageProps, Runtime } from '../../src';
import { synthDockerfile } from '../dockerfile-lint';
import { temporaryOutdir, testProject, typescriptTestProject } from '../util';

function typescriptService(options: Partial<typescript.TypeScriptProjectOptions> = {}): typescript.TypeScriptAppProject {
  return typescriptTestProject({ description: 'An API', ...options });
}

function imageOf(project: javascript.NodeProject, props: NodeDockerImageProps = {}) {
  const image = new NodeDockerImage(project, 'Api', props);
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
    expect(instructions('deps')).toEqual(['COPY package.json package-lock.json .npmrc* ./', 'RUN npm ci --omit=dev && mkdir -p node_modules']);
    expect(instructions('build')).toEqual([
      'COPY package.json package-lock.json .npmrc* ./',
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
    expect(runtime[runtime.length - 1]).toBe('CMD ["node", "lib/index.js"]');
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toContain('http://127.0.0.1:3000/health');
    expect(runtime).toContain('LABEL org.opencontainers.image.title=api org.opencontainers.image.description="An API" org.opencontainers.image.version=0.0.0 org.opencontainers.image.licenses=Apache-2.0');
  });

  it('follows the project when it changes: output folder, entry point, Node version, package manager', () => {
    const before = imageOf(typescriptService()).text;
    const after = imageOf(typescriptService({
      libdir: 'dist',
      entrypoint: 'dist/main.js',
      minNodeVersion: '22.12.0',
      packageManager: javascript.NodePackageManager.PNPM,
    })).text;
    expect(before).not.toBe(after);
    expect(after).toContain('FROM node:22-trixie-slim AS base');
    expect(after).toContain('COPY --from=build /app/dist ./dist');
    expect(after).toContain('CMD ["node", "dist/main.js"]');
    expect(after).toContain('pnpm install --frozen-lockfile --prod');
  });
});

describe('NodeDockerImage for each package manager', () => {
  it.each([
    [javascript.NodePackageManager.NPM, undefined, 'COPY package.json package-lock.json .npmrc* ./', 'npm ci --omit=dev', '/root/.npm'],
    [javascript.NodePackageManager.YARN_CLASSIC, 'npm install --global yarn@1.22.22', 'COPY package.json yarn.lock .npmrc* .yarnrc* ./', 'yarn install --frozen-lockfile --non-interactive --production', '/usr/local/share/.cache/yarn'],
    [javascript.NodePackageManager.YARN_BERRY, 'npm install --global @yarnpkg/cli-dist@', 'COPY package.json yarn.lock .yarnrc.yml ./', 'yarn workspaces focus --all --production', '/root/.yarn/berry/cache'],
    [javascript.NodePackageManager.PNPM, 'npm install --global pnpm@', 'COPY package.json pnpm-lock.yaml .npmrc* pnpm-workspace.yaml* ./', 'pnpm install --frozen-lockfile --prod', '/root/.local/share/pnpm/store'],
    [javascript.NodePackageManager.BUN, 'npm install --global bun@', 'COPY package.json bun.lock* bunfig.toml* ./', 'bun install --frozen-lockfile --production', '/root/.bun/install/cache'],
  ])('%s', (packageManager, toolInstall, copy, installProduction, cacheTarget) => {
    const { text, stages } = imageOf(typescriptService({ packageManager }));
    expect(text).toMatchSnapshot();
    expect(stages).toEqual(toolInstall ? ['base', 'installer', 'deps', 'build', 'runtime'] : ['base', 'deps', 'build', 'runtime']);
    if (toolInstall) {
      expect(text).toContain(toolInstall);
      expect(text).toContain('FROM installer AS deps');
    }
    expect(text).toContain(copy);
    expect(text).toContain(installProduction);
    expect(text).toContain(`--mount=type=cache,target=${cacheTarget},`);
    expect(text).toContain('FROM base AS runtime');
  });
});

describe('NodeDockerImage for a JavaScript service', () => {
  it('has no build stage and copies the folder of its entry point', () => {
    const project = new javascript.NodeProject({
      name: 'js-api',
      defaultReleaseBranch: 'main',
      outdir: temporaryOutdir(),
      github: false,
      jest: false,
      packageManager: javascript.NodePackageManager.NPM,
      entrypoint: 'src/server.js',
    });
    const { stages, instructions } = imageOf(project, { ports: [8080, 9090], healthCheck: HealthCheck.none() });
    expect(stages).toEqual(['base', 'deps', 'runtime']);
    const runtime = instructions('runtime');
    expect(runtime).toContain('COPY src ./src');
    expect(runtime).toContain('EXPOSE 8080/tcp');
    expect(runtime).toContain('EXPOSE 9090/tcp');
    expect(runtime).toContain('HEALTHCHECK NONE');
    expect(runtime[runtime.length - 1]).toBe('CMD ["node", "src/server.js"]');
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
    expect(text).toContain('FROM node:24-alpine AS base');
    const runtime = instructions('runtime');
    expect(runtime[0]).toBe('RUN apk add --no-cache libc6-compat');
    expect(runtime).toContain('ENV NODE_ENV=production LOG_LEVEL=info');
    expect(runtime).toContain('USER 10001:10001');
    expect(runtime).toContain('HEALTHCHECK CMD ["node", "lib/health.js"]');
    expect(runtime[runtime.length - 1]).toBe('CMD ["node", "--enable-source-maps", "lib/main.js"]');
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
    expect(runtime).toContain('COPY public ./public');
    expect(runtime).toContain('COPY ./config/default.json ./config/default.json');
    expect(runtime).toContain('ARG REVISION=unknown');
    expect(runtime).toContain('LABEL org.opencontainers.image.revision="${REVISION}" org.opencontainers.image.created="${CREATED}"');
  });
});

describe('NodeDockerImage presets and tasks', () => {
  it('NestJS: starts dist/main.js, with libc6-compat on alpine', () => {
    const { instructions } = imageOf(typescriptService({ libdir: 'dist' }), { preset: ImagePreset.NESTJS, runtime: Runtime.alpine() });
    const runtime = instructions('runtime');
    expect(runtime[0]).toBe('RUN apk add --no-cache libc6-compat');
    expect(runtime[runtime.length - 1]).toBe('CMD ["node", "dist/main.js"]');
  });

  it('adds docker:build and docker:run tasks named after package.json', () => {
    const project = typescriptService();
    const image = new NodeDockerImage(project, 'Api', { ports: [8080] });
    expect(image.imageName).toBe('localhost/api:0.0.0');
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

describe('NodeDockerImage bad input', () => {
  it('refuses an invalid system package name', () => {
    expect(() => new NodeDockerImage(typescriptService(), 'Api', { runtimePackages: ['curl; rm -rf /'] }))
      .toThrow('Api: system package names "curl; rm -rf /" are not valid. Fix: give Debian or Alpine package names, such as "ca-certificates".');
  });

  it('refuses an end-of-life Node.js major', () => {
    expect(() => new NodeDockerImage(typescriptService({ minNodeVersion: '20.0.0' }), 'Api'))
      .toThrow('Api: Node.js 20 reached end-of-life on 2026-04-30; supported majors are 22, 24, 26. Fix: set minNodeVersion on the project, or nodeMajor on the image, to a supported major.');
  });

  it('refuses a major that is not an LTS line', () => {
    expect(() => new NodeDockerImage(typescriptService(), 'Api', { nodeMajor: 25 }))
      .toThrow('Api: Node.js 25 is not an LTS line this library builds images for; supported majors are 22, 24, 26.');
  });

  it('refuses a project that is not a Node.js project', () => {
    expect(() => new NodeDockerImage(testProject(), 'Api')).toThrow('Api: NodeDockerImage needs a Node.js project (javascript.NodeProject or a subclass), not Project.');
  });

  it('refuses port 70000 through the Dockerfile rules', () => {
    const project = typescriptService();
    new NodeDockerImage(project, 'Api', { ports: [70000] });
    expect(() => project.synth()).toThrow('[ExposeInvalidFormat] Api/Dockerfile@Dockerfile/runtime: EXPOSE port 70000 is not a port number.');
  });

  it('refuses two images writing the same Dockerfile', () => {
    const project = typescriptService();
    new NodeDockerImage(project, 'Api');
    expect(() => new NodeDockerImage(project, 'Worker')).toThrow('There is already a file under Dockerfile');
  });
});
