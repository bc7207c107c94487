import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { Project } from 'projen';
import { describe, expect, it } from 'vitest';
import { ComposeFile, ImageLock, NodeDockerImage, TrivySeverity, TrivyWorkflow } from '../../src';
import { addScanTask } from '../../src/github/scan-task';
import { githubProject } from '../github/workflow-kit';
import { javascriptTestProject, repositoryRoot, temporaryOutdir, typescriptTestProject } from '../util';
import { NamedImage } from './named-image';

// Each generated task runs in bash, in its project's folder, with fake container tools first on a PATH
// that holds nothing else but `date` and `touch` (so that an injected `$(touch ...)` would work):
// each fake appends the argv it got to a log, and the tests compare the log with the exact calls expected.

const REVISION = '0123456789abcdef0123456789abcdef01234567';
// The commit time the fake git gives, and the created label the task makes of it.
const EPOCH = '1764547200';
const CREATED = '2025-12-01T00:00:00Z';
const TOOLS = ['docker', 'podman', 'buildah', 'trivy', 'git', 'docker-compose', 'podman-compose', 'node'] as const;
type Tool = typeof TOOLS[number];

interface Call { readonly tool: Tool; readonly argv: string[] }
interface TaskRun { readonly status: number | null; readonly stderr: string; readonly calls: Call[] }

/**
 * A fake program: logs its argv; `docker info`, `docker buildx version` and `docker compose version` succeed only when told to,
 * `docker version` prints FAKE_DOCKER_VERSION; `git rev-parse HEAD` prints REVISION, `git log` the commit time; `buildah from` a container.
 */
function fakeProgram(tool: Tool): string {
  return [
    `#!${process.execPath}`,
    'const argv = process.argv.slice(2);',
    `require('fs').appendFileSync(process.env.FAKE_LOG, JSON.stringify({ tool: ${JSON.stringify(tool)}, argv }) + '\\n');`,
    `if (${JSON.stringify(tool)} === 'docker' && argv[0] === 'info') process.exit(process.env.FAKE_DOCKER_DAEMON === 'up' ? 0 : 1);`,
    `if (${JSON.stringify(tool)} === 'docker' && argv[0] === 'buildx') process.exit(process.env.FAKE_DOCKER_BUILDX === 'yes' ? 0 : 1);`,
    `if (${JSON.stringify(tool)} === 'docker' && argv[0] === 'version') console.log(process.env.FAKE_DOCKER_VERSION ?? '28.2.2');`,
    `if (${JSON.stringify(tool)} === 'docker' && argv[0] === 'compose' && argv[1] === 'version') process.exit(process.env.FAKE_DOCKER_COMPOSE === 'yes' ? 0 : 1);`,
    `if (${JSON.stringify(tool)} === 'git' && argv.join(' ') === 'rev-parse HEAD') console.log(${JSON.stringify(REVISION)});`,
    `if (${JSON.stringify(tool)} === 'git' && argv.join(' ') === 'log -1 --format=%ct') console.log(${JSON.stringify(EPOCH)});`,
    `if (${JSON.stringify(tool)} === 'buildah' && argv[0] === 'from') console.log('fake-container');`,
    '',
  ].join('\n');
}

/** A folder of fakes for the given tools, and real `date`, `touch` and `env`. */
function fakeBin(tools: Tool[]): string {
  const bin = join(temporaryOutdir('pnd-fakes-'), 'bin');
  mkdirSync(bin);
  for (const tool of tools) {
    writeFileSync(join(bin, tool), fakeProgram(tool));
    chmodSync(join(bin, tool), 0o755);
  }
  for (const real of ['date', 'touch', 'env']) {
    const path = ['/usr/bin', '/bin'].map((folder) => join(folder, real)).find((candidate) => existsSync(candidate))!;
    symlinkSync(path, join(bin, real));
  }
  return bin;
}

/** The steps of a task, as projen wrote them to .projen/tasks.json. */
function taskSteps(project: Project, name: string): Array<{ exec?: string; spawn?: string }> {
  const tasks = JSON.parse(readFileSync(join(project.outdir, '.projen', 'tasks.json'), 'utf-8')).tasks;
  expect(tasks[name], `task ${name}`).toBeDefined();
  return tasks[name].steps;
}

/** Runs the task's exec steps with bash in the project folder, with only the given fakes (and `date`, `touch`) on PATH. */
function runTask(project: Project, name: string, tools: Tool[], env: Record<string, string> = {}): TaskRun {
  const bin = fakeBin(tools);
  const log = join(bin, '..', 'calls.jsonl');
  writeFileSync(log, '');
  let result = { status: 0 as number | null, stderr: '' };
  for (const step of taskSteps(project, name).filter((candidate) => candidate.exec !== undefined)) {
    const run = spawnSync('/bin/bash', ['-c', step.exec!], {
      cwd: project.outdir,
      env: { PATH: bin, FAKE_LOG: log, HOME: join(bin, '..'), ...env },
      encoding: 'utf-8',
    });
    result = { status: run.status, stderr: result.stderr + run.stderr };
    if (run.status !== 0) {
      break;
    }
  }
  const calls = readFileSync(log, 'utf-8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Call);
  return { ...result, calls };
}

const DOCKER = ['docker', 'podman', 'buildah', 'git'] as Tool[];
const DOCKER_UP = { FAKE_DOCKER_DAEMON: 'up', FAKE_DOCKER_BUILDX: 'yes' };
const buildArgs = [
  '--build-arg', `REVISION=${REVISION}`, '--build-arg', `CREATED=${CREATED}`,
  '--label', `org.opencontainers.image.revision=${REVISION}`, '--label', `org.opencontainers.image.created=${CREATED}`,
];
/** What the task asks docker before it builds with it (docker:run asks the same). */
const DOCKER_PROBE: Call[] = [{ tool: 'docker', argv: ['info'] }, { tool: 'docker', argv: ['buildx', 'version'] }];
/** The commit's id and time, which every build is stamped with. */
const COMMIT_READS: Call[] = [{ tool: 'git', argv: ['rev-parse', 'HEAD'] }, { tool: 'git', argv: ['log', '-1', '--format=%ct'] }];
const DOCKER_STAMP = ['--build-arg', `SOURCE_DATE_EPOCH=${EPOCH}`];
const BUILDAH_BUILD = ['bud', '--format', 'docker', '--layers'];
const PODMAN_BUILD = ['build', '--format', 'docker', '--layers'];
/** buildah's image committed again without its history, at the commit time. */
function recommitted(image: string): Call[] {
  return [
    { tool: 'buildah', argv: ['from', '--pull=never', image] },
    { tool: 'buildah', argv: ['commit', '--quiet', '--format', 'docker', '--omit-history', '--timestamp', EPOCH, '--rm', 'fake-container', image] },
  ];
}

function synthesized<T extends Project>(project: T, declare: (project: T) => void): T {
  declare(project);
  project.synth();
  return project;
}

describe('docker:build:<id>', () => {
  const project = synthesized(typescriptTestProject(), (p) => new NodeDockerImage(p, 'Api', { dockerfilePath: 'api.Dockerfile', buildArgs: { GREETING: 'hello world' } }));

  it('runs docker build through buildx when docker has a daemon, with BuildKit finding api.Dockerfile.dockerignore by itself', () => {
    const run = runTask(project, 'docker:build:api', DOCKER, DOCKER_UP);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      ...DOCKER_PROBE,
      ...COMMIT_READS,
      { tool: 'docker', argv: ['build', ...DOCKER_STAMP, ...buildArgs, '-f', 'api.Dockerfile', '-t', 'localhost/api-api:0.0.0', '.'] },
    ]);
  });

  it('skips a docker without buildx, whose legacy builder cannot build RUN --mount, saying what to install, and builds with buildah', () => {
    const run = runTask(project, 'docker:build:api', DOCKER, { FAKE_DOCKER_DAEMON: 'up' });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('docker 28.2.2 has no buildx plugin');
    expect(run.stderr).toContain('using buildah');
    expect(run.calls.map((call) => call.argv[0])).toEqual(['info', 'buildx', 'version', 'rev-parse', 'log', 'bud', 'from', 'commit']);
  });

  it('falls back to buildah when docker has no daemon, passing the ignore file and the commit time, then commits the image again without its history', () => {
    const run = runTask(project, 'docker:build:api', DOCKER, { FAKE_DOCKER_DAEMON: 'down' });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      { tool: 'docker', argv: ['info'] },
      ...COMMIT_READS,
      { tool: 'buildah', argv: [...BUILDAH_BUILD, '--ignorefile', 'api.Dockerfile.dockerignore', '--timestamp', EPOCH, ...buildArgs, '-f', 'api.Dockerfile', '-t', 'localhost/api-api:0.0.0', '.'] },
      ...recommitted('localhost/api-api:0.0.0'),
    ]);
  });

  it('falls back to podman when there is neither docker nor buildah', () => {
    const run = runTask(project, 'docker:build:api', ['podman', 'git']);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      ...COMMIT_READS,
      { tool: 'podman', argv: [...PODMAN_BUILD, '--ignorefile', 'api.Dockerfile.dockerignore', '--timestamp', EPOCH, ...buildArgs, '-f', 'api.Dockerfile', '-t', 'localhost/api-api:0.0.0', '.'] },
    ]);
  });

  it('fails, running nothing, when there is no builder at all', () => {
    const run = runTask(project, 'docker:build:api', ['git']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('no builder for RUN --mount here: install docker with the buildx plugin, podman or buildah\n');
    expect(run.calls).toEqual([]);
  });

  it('passes the revision and creation time as "unknown" outside a git checkout, with no commit time to stamp', () => {
    const run = runTask(project, 'docker:build:api', ['docker'], DOCKER_UP);
    expect(run.calls[2]).toEqual({
      tool: 'docker',
      argv: [
        'build', '--build-arg', 'REVISION=unknown', '--build-arg', 'CREATED=unknown',
        '--label', 'org.opencontainers.image.revision=unknown', '--label', 'org.opencontainers.image.created=unknown',
        '-f', 'api.Dockerfile', '-t', 'localhost/api-api:0.0.0', '.',
      ],
    });
  });

  it('the aggregate docker:build spawns the image\'s task', () => {
    expect(taskSteps(project, 'docker:build')).toEqual([{ spawn: 'docker:build:api' }]);
  });
});

describe('docker:build:<id> with the project\'s .npmrc and a registry token', () => {
  const project = synthesized(typescriptTestProject(), (p) => {
    p.npmrc.addRegistry('https://npm.pkg.example/', '@acme');
    new NodeDockerImage(p, 'Api', { installSecrets: ['NPM_TOKEN'] });
  });

  it('passes the token from its variable and the .npmrc from its file, as build secrets', () => {
    expect(existsSync(join(project.outdir, '.npmrc'))).toBe(true);
    for (const [tools, env, builder, stamp] of [
      [DOCKER, DOCKER_UP, ['docker', 'build'], DOCKER_STAMP],
      [DOCKER, { FAKE_DOCKER_DAEMON: 'down' }, ['buildah', ...BUILDAH_BUILD, '--ignorefile', '.dockerignore'], ['--timestamp', EPOCH]],
      [['podman', 'git'], {}, ['podman', ...PODMAN_BUILD, '--ignorefile', '.dockerignore'], ['--timestamp', EPOCH]],
    ] as Array<[Tool[], Record<string, string>, [Tool, ...string[]], string[]]>) {
      const run = runTask(project, 'docker:build:api', tools, { ...env, NPM_TOKEN: 'not-a-real-token' });
      expect(run.status).toBe(0);
      expect(run.calls.find((call) => ['build', 'bud'].includes(call.argv[0]))).toEqual({
        tool: builder[0],
        argv: [
          ...builder.slice(1), ...stamp,
          '--secret', 'id=npm_token,env=NPM_TOKEN', '--secret', 'id=project-npmrc,src=.npmrc',
          ...buildArgs, '-f', 'Dockerfile', '-t', 'localhost/api:0.0.0', '.',
        ],
      });
    }
  });

  it('stops before building when the token\'s variable is not set, saying which', () => {
    const run = runTask(project, 'docker:build:api', DOCKER, DOCKER_UP);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('NPM_TOKEN: docker:build passes NPM_TOKEN as the build secret npm_token: set it');
    expect(run.calls).toEqual(DOCKER_PROBE);
  });
});

describe('values that need care on their way to the shell', () => {
  it('sanitizes a package name and version with shell characters into the image name, and runs nothing they name', () => {
    const sandbox = temporaryOutdir('pnd-argv-');
    const marker = join(sandbox, 'injected');
    const project = synthesized(typescriptTestProject({ name: '@Acme/Billing API (v2)', outdir: join(sandbox, 'api') }), (p) => {
      p.package.addVersion(`1.2.3+build.7 $(touch ${marker})\`touch ${marker}\``);
      new NodeDockerImage(p, 'Api');
    });
    // A tag holds 128 characters at most: a long temporary path is cut.
    const expectedImage = `localhost/acme-billing-api-v2:${`1.2.3-build.7---touch-${marker.replace(/\//g, '-')}--touch-${marker.replace(/\//g, '-')}-`.slice(0, 128)}`;
    for (const [tools, env] of [[DOCKER, DOCKER_UP], [DOCKER, {}], [['podman', 'git'], {}]] as Array<[Tool[], Record<string, string>]>) {
      const build = runTask(project, 'docker:build:api', tools, env);
      expect(build.status).toBe(0);
      const builds = build.calls.find((call) => ['build', 'bud'].includes(call.argv[0]))!;
      expect(builds.argv.slice(-5)).toEqual(['-f', 'Dockerfile', '-t', expectedImage, '.']);
      // buildah commits the image again under the same name.
      expect(build.calls.filter((call) => call.argv[0] === 'from' || call.argv[0] === 'commit').map((call) => call.argv[call.argv.length - 1]))
        .toEqual(builds.tool === 'buildah' ? [expectedImage, expectedImage] : []);
    }
    const run = runTask(project, 'docker:run:api', DOCKER, DOCKER_UP);
    expect(run.calls).toEqual([...DOCKER_PROBE, { tool: 'docker', argv: ['run', '--rm', '-it', '-p', '127.0.0.1:3000:3000', expectedImage] }]);
    expect(existsSync(marker)).toBe(false);
  });

  it('builds a project in a monorepo subfolder from the monorepo root, "../..", with its own ignore file', () => {
    const root = temporaryOutdir('pnd-monorepo-');
    const project = synthesized(typescriptTestProject({ outdir: join(root, 'services', 'api') }), (p) => new NodeDockerImage(p, 'Api', { buildContext: '../..' }));
    const docker = runTask(project, 'docker:build:api', DOCKER, DOCKER_UP);
    expect(docker.calls[4]).toEqual({ tool: 'docker', argv: ['build', ...DOCKER_STAMP, ...buildArgs, '-f', 'Dockerfile', '-t', 'localhost/api:0.0.0', '../..'] });
    const buildah = runTask(project, 'docker:build:api', DOCKER);
    expect(buildah.calls[3]).toEqual({
      tool: 'buildah',
      argv: [...BUILDAH_BUILD, '--ignorefile', 'Dockerfile.dockerignore', '--timestamp', EPOCH, ...buildArgs, '-f', 'Dockerfile', '-t', 'localhost/api:0.0.0', '../..'],
    });
    // The paths are the project's own: they name files that exist, from the folder the task runs in.
    expect(existsSync(resolve(project.outdir, 'Dockerfile.dockerignore'))).toBe(true);
    expect(existsSync(resolve(project.outdir, '../..', 'services/api/package.json'))).toBe(true);
  });
});

describe('docker:run:<id>', () => {
  const project = synthesized(typescriptTestProject(), (p) => {
    new NodeDockerImage(p, 'Api', { ports: [8080, 9090] });
    new NodeDockerImage(p, 'Worker', { dockerfilePath: 'worker.Dockerfile', ports: [] });
  });

  it('runs the image with docker, publishing its first port on loopback', () => {
    const run = runTask(project, 'docker:run:api', DOCKER, DOCKER_UP);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([...DOCKER_PROBE, { tool: 'docker', argv: ['run', '--rm', '-it', '-p', '127.0.0.1:8080:8080', 'localhost/api:0.0.0'] }]);
  });

  it('runs it with podman when docker has no daemon, and publishes nothing for an image without ports', () => {
    expect(runTask(project, 'docker:run:api', DOCKER).calls[1]).toEqual({ tool: 'podman', argv: ['run', '--rm', '-it', '-p', '127.0.0.1:8080:8080', 'localhost/api:0.0.0'] });
    expect(runTask(project, 'docker:run:worker', DOCKER).calls[1]).toEqual({ tool: 'podman', argv: ['run', '--rm', '-it', 'localhost/api-worker:0.0.0'] });
  });

  it('fails, running nothing, with buildah alone, which cannot run containers', () => {
    const run = runTask(project, 'docker:run:api', ['buildah', 'git']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('docker:run needs docker or podman\n');
    expect(run.calls).toEqual([]);
  });

  it('the aggregate docker:run runs the first image', () => {
    const run = runTask(project, 'docker:run', DOCKER, DOCKER_UP);
    expect(run.calls[2]).toEqual({ tool: 'docker', argv: ['run', '--rm', '-it', '-p', '127.0.0.1:8080:8080', 'localhost/api:0.0.0'] });
  });
});

describe('docker:scan:<id>', () => {
  const sandbox = temporaryOutdir('pnd-scan-');
  const marker = join(sandbox, 'injected');
  const oddName = `localhost/tools:1 $(touch ${marker}) \`touch ${marker}\` "$HOME" 'x'`;
  const project = synthesized(githubProject({ outdir: join(sandbox, 'api') }), (p) => {
    const api = new NodeDockerImage(p, 'Api');
    new TrivyWorkflow(p, 'Scan', { images: [api] });
    new TrivyWorkflow(p, 'Critical', { images: [api], workflowName: 'critical', severities: [TrivySeverity.CRITICAL], ignoreUnfixed: false });
    // A workflow refuses an image name that is not an image reference; the task it would add quotes the name all the same.
    addScanTask(p, new NamedImage(p, 'Tools', oddName), [TrivySeverity.HIGH, TrivySeverity.CRITICAL], true);
  });

  it('runs trivy on the local image with the workflow\'s severities', () => {
    const run = runTask(project, 'docker:scan:api', ['trivy']);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([{ tool: 'trivy', argv: ['image', '--severity', 'HIGH,CRITICAL', '--ignore-unfixed', '--exit-code', '1', 'localhost/api:0.0.0'] }]);
  });

  it('passes an image name of spaces, quotes and substitutions as one argument, and runs none of it', () => {
    const run = runTask(project, 'docker:scan:tools', ['trivy']);
    expect(run.calls).toEqual([{ tool: 'trivy', argv: ['image', '--severity', 'HIGH,CRITICAL', '--ignore-unfixed', '--exit-code', '1', oddName] }]);
    expect(existsSync(marker)).toBe(false);
  });

  it('says how to get Trivy when it is not installed, naming the image as it is, and runs nothing it names', () => {
    const run = runTask(project, 'docker:scan:tools', ['docker']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('aquasec/trivy:');
    expect(run.stderr).toMatch(/^docker:scan needs Trivy: install it/);
    expect(run.stderr.trimEnd().slice(-` image ${oddName}`.length)).toBe(` image ${oddName}`);
    expect(run.calls).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });

  it('the aggregate docker:scan spawns each image\'s scan once, the first workflow\'s', () => {
    // The workflows add theirs at synthesis, after the one added by hand.
    expect(taskSteps(project, 'docker:scan')).toEqual([{ spawn: 'docker:scan:tools' }, { spawn: 'docker:scan:api' }]);
  });
});

describe('docker:up and docker:down of a ComposeFile', () => {
  const project = synthesized(typescriptTestProject(), (p) => {
    const api = new NodeDockerImage(p, 'Api');
    new ComposeFile(p, 'Compose', { path: 'deploy/compose.yaml' }).addImage('api', api);
  });
  const file = ['-f', 'deploy/compose.yaml'];

  it('runs Compose v2 when docker has it', () => {
    const env = { FAKE_DOCKER_COMPOSE: 'yes' };
    expect(runTask(project, 'docker:up', ['docker', 'docker-compose', 'podman-compose'], env).calls).toEqual([
      { tool: 'docker', argv: ['compose', 'version'] },
      { tool: 'docker', argv: ['compose', ...file, 'up', '--build', '--detach'] },
    ]);
    expect(runTask(project, 'docker:down', ['docker', 'docker-compose', 'podman-compose'], env).calls).toEqual([
      { tool: 'docker', argv: ['compose', 'version'] },
      { tool: 'docker', argv: ['compose', ...file, 'down'] },
    ]);
  });

  it('falls back to docker-compose, then podman-compose', () => {
    expect(runTask(project, 'docker:up', ['docker', 'docker-compose', 'podman-compose']).calls).toEqual([
      { tool: 'docker', argv: ['compose', 'version'] },
      { tool: 'docker-compose', argv: [...file, 'up', '--build', '--detach'] },
    ]);
    expect(runTask(project, 'docker:down', ['podman-compose']).calls).toEqual([{ tool: 'podman-compose', argv: [...file, 'down'] }]);
  });

  it('fails, running nothing, without any Compose', () => {
    const run = runTask(project, 'docker:up', ['podman', 'git']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('this task needs Docker Compose (docker compose or docker-compose) or podman-compose\n');
    expect(run.calls).toEqual([]);
  });
});

describe('docker:pin of an ImageLock', () => {
  const project = synthesized(typescriptTestProject(), (p) => {
    new ImageLock(p, { path: 'locks/images.lock.json' });
    new NodeDockerImage(p, 'Api', { nodeMajor: 24 });
  });

  it.each([
    ['docker:pin', []],
    ['docker:pin:update', ['--update']],
  ])('%s runs the library\'s pin command on the lock and the Dockerfiles\' base images, then synthesizes again', (task, flag) => {
    const run = runTask(project, task, ['node']);
    expect(run.status).toBe(0);
    expect(run.calls).toHaveLength(1);
    const [script, ...argv] = run.calls[0].argv;
    expect(resolve(project.outdir, script)).toBe(join(repositoryRoot, 'lib', 'pinning', 'pin-command.js'));
    expect(argv).toEqual(['--lock', 'locks/images.lock.json', ...flag, 'node:24-trixie-slim']);
    expect(taskSteps(project, task).slice(1)).toEqual([{ spawn: 'default' }]);
  });
});

describe('a JavaScript project\'s tasks', () => {
  it('quote the same way', () => {
    const project = synthesized(javascriptTestProject(), (p) => new NodeDockerImage(p, 'Api'));
    const run = runTask(project, 'docker:build:api', ['buildah', 'git']);
    expect(run.calls[2]).toEqual({ tool: 'buildah', argv: [...BUILDAH_BUILD, '--ignorefile', '.dockerignore', '--timestamp', EPOCH, ...buildArgs, '-f', 'Dockerfile', '-t', 'localhost/js-api:0.0.0', '.'] });
  });
});
