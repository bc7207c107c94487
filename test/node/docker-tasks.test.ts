import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { NodeDockerImage } from '../../src';
import { temporaryOutdir, typescriptTestProject } from '../util';

/**
 * The docker:build and docker:run commands, run by /bin/sh against stand-in tools that
 * say what they were asked: a PATH of only these, so that what the machine has does not count.
 */

interface Tools {
  /** docker's client version, or no docker at all. */
  readonly docker?: string;
  /** Whether docker's daemon answers. */
  readonly daemon?: boolean;
  /** Whether the buildx plugin is there. */
  readonly buildx?: boolean;
  readonly podman?: boolean;
  readonly buildah?: boolean;
}

const COMMIT_TIME = '2026-11-30T10:20:30Z';

/** A folder with the tools, and a project folder in a git repository with one commit at COMMIT_TIME. */
function machine(tools: Tools): { bin: string; folder: string; revision: string } {
  const root = temporaryOutdir('pnd-tasks-');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  for (const tool of ['git', 'date', 'env', 'cut']) {
    symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf-8' }).trim(), join(bin, tool));
  }
  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  if (tools.docker) {
    fake('docker', [
      'case "$1" in',
      `info) exit ${tools.daemon === false ? 1 : 0};;`,
      `buildx) exit ${tools.buildx ? 0 : 1};;`,
      `version) echo "${tools.docker}";;`,
      '*) echo "docker DOCKER_BUILDKIT=$DOCKER_BUILDKIT $*" >> "$CALLS";;',
      'esac',
    ].join('\n'));
  }
  if (tools.podman) {
    fake('podman', 'echo "podman $*" >> "$CALLS"');
  }
  if (tools.buildah) {
    fake('buildah', 'echo "buildah $*" >> "$CALLS"; if [ "$1" = from ]; then echo working-container; fi');
  }
  const folder = join(root, 'repo');
  mkdirSync(folder);
  const git = (...args: string[]) => execFileSync('git', args, {
    cwd: folder,
    encoding: 'utf-8',
    env: { ...process.env, GIT_AUTHOR_DATE: COMMIT_TIME, GIT_COMMITTER_DATE: COMMIT_TIME, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();
  git('init', '-q');
  git('commit', '-q', '--allow-empty', '-m', 'one');
  return { bin, folder, revision: git('rev-parse', 'HEAD') };
}

function tasks(): { build: string; run: string } {
  const project = typescriptTestProject();
  new NodeDockerImage(project, 'Api');
  project.synth();
  return { build: project.tasks.tryFind('docker:build:api')!.steps[0].exec!, run: project.tasks.tryFind('docker:run:api')!.steps[0].exec! };
}

/** Runs a task command; `stdout` is what the tools were asked, one call a line. */
function runTask(command: string, tools: Tools, env: Record<string, string> = {}) {
  const { bin, folder, revision } = machine(tools);
  const calls = join(folder, '..', 'calls');
  writeFileSync(calls, '');
  const result = spawnSync('/bin/sh', ['-c', command], { cwd: folder, encoding: 'utf-8', env: { PATH: bin, CALLS: calls, ...env } });
  return { status: result.status, stdout: readFileSync(calls, 'utf-8').trim(), stderr: result.stderr.trim(), revision };
}

const EPOCH = String(Date.parse(COMMIT_TIME) / 1000);

describe('docker:build chooses a builder that can build RUN --mount', () => {
  const { build, run } = tasks();

  it('builds with docker through buildx, stamped with the commit', () => {
    const result = runTask(build, { docker: '28.2.2', buildx: true, podman: true });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`docker DOCKER_BUILDKIT=1 build --build-arg SOURCE_DATE_EPOCH=${EPOCH}`
      + ` --build-arg REVISION=${result.revision} --build-arg CREATED=${COMMIT_TIME}`
      + ` --label org.opencontainers.image.revision=${result.revision} --label org.opencontainers.image.created=${COMMIT_TIME}`
      + ' -f Dockerfile -t localhost/api:0.0.0 .');
  });

  it('builds with a docker client before 23.0 through its own BuildKit client', () => {
    expect(runTask(build, { docker: '20.10.24+dfsg1', podman: true }).stdout).toMatch(/^docker DOCKER_BUILDKIT=1 build /);
  });

  it('skips a docker client of 23.0 or later without buildx, says what to install, and builds with podman', () => {
    const result = runTask(build, { docker: '28.2.2', podman: true });
    expect(result.stderr).toBe('docker 28.2.2 has no buildx plugin, and without it docker build uses the legacy builder, which cannot build RUN --mount:'
      + ' install the buildx plugin (the docker-buildx-plugin package from Docker, or docker-buildx) to build with docker; using podman');
    // podman cannot commit without history, so its image keeps it (and its layer cache works).
    expect(result.stdout).toBe(`podman build --format docker --layers --ignorefile .dockerignore --timestamp ${EPOCH}`
      + ` --build-arg REVISION=${result.revision} --build-arg CREATED=${COMMIT_TIME}`
      + ` --label org.opencontainers.image.revision=${result.revision} --label org.opencontainers.image.created=${COMMIT_TIME}`
      + ' -f Dockerfile -t localhost/api:0.0.0 .');
  });

  it('builds with buildah before podman, then commits the image again without its history, at the commit time', () => {
    const result = runTask(build, { docker: '20.10.24', daemon: false, podman: true, buildah: true });
    expect(result.stdout.split('\n')).toEqual([
      `buildah bud --format docker --layers --ignorefile .dockerignore --timestamp ${EPOCH}`
      + ` --build-arg REVISION=${result.revision} --build-arg CREATED=${COMMIT_TIME}`
      + ` --label org.opencontainers.image.revision=${result.revision} --label org.opencontainers.image.created=${COMMIT_TIME}`
      + ' -f Dockerfile -t localhost/api:0.0.0 .',
      'buildah from --pull=never localhost/api:0.0.0',
      `buildah commit --quiet --format docker --omit-history --timestamp ${EPOCH} --rm working-container localhost/api:0.0.0`,
    ]);
    expect(runTask(build, { buildah: true }).stdout).toMatch(/^buildah bud --format docker --layers --ignorefile \.dockerignore --timestamp /);
  });

  it('commits nothing again outside a git repository, where there is no commit time', () => {
    const result = runTask(`cd .. && ${build}`, { buildah: true });
    expect(result.stdout).toBe('buildah bud --format docker --layers --ignorefile .dockerignore'
      + ' --build-arg REVISION=unknown --build-arg CREATED=unknown --label org.opencontainers.image.revision=unknown --label org.opencontainers.image.created=unknown'
      + ' -f Dockerfile -t localhost/api:0.0.0 .');
  });

  it('stops with what to install when nothing here can build the file', () => {
    const result = runTask(build, { docker: '28.2.2' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^no builder for RUN --mount here: install docker with the buildx plugin, podman or buildah \(docker 28\.2\.2 has no buildx plugin/);
  });

  it('takes SOURCE_DATE_EPOCH over the commit time when it is set', () => {
    const result = runTask(build, { podman: true }, { SOURCE_DATE_EPOCH: '0' });
    expect(result.stdout).toContain(' --timestamp 0 --build-arg REVISION=');
    expect(result.stdout).toContain(' --build-arg CREATED=1970-01-01T00:00:00Z ');
  });

  it('runs with docker when docker builds, else with podman', () => {
    expect(runTask(run, { docker: '28.2.2', podman: true, buildah: true }).stdout).toBe('podman run --rm -it -p 127.0.0.1:3000:3000 localhost/api:0.0.0');
    expect(runTask(run, { docker: '28.2.2', buildx: true, podman: true }).stdout).toBe('docker DOCKER_BUILDKIT= run --rm -it -p 127.0.0.1:3000:3000 localhost/api:0.0.0');
    expect(runTask(run, { buildah: true }).stderr).toBe('docker:run needs docker or podman');
  });
});
