import { execFileSync } from 'child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { beforeAll, expect, inject, it } from 'vitest';
import { BUILDAH, createdOf } from './builders';
import { BUILDKIT, loadBaseImages } from './buildkit';
import { attempt, CommandResult, containerEnvironment } from './containers';
import { describeWithBuilder } from './describe-with-builder';
import { javascriptServiceIn } from './fixtures';
import { HealthCheck, NodeDockerImage } from '../../src';

/**
 * The project's own `docker:build` task, run as a developer would: it must pick a builder
 * that can build `RUN --mount` and stamp the image with the commit. Two machines:
 * - as this one is: the first `docker` on PATH (/usr/local/bin/docker) is a client of 23.0 or
 *   later without buildx, with a daemon that answers: it can only reach the legacy builder, so
 *   the task says so and builds with buildah;
 * - with docker.io's client (20.10, /usr/bin/docker) first on PATH: it builds with BuildKit.
 * The Dockerfile loses its `# syntax=` line after synthesis (BuildKit here cannot fetch that
 * frontend; see test/e2e/buildkit.ts), and the daemon here has no bridge network, so a `docker`
 * before docker.io's on PATH adds `--network host` to `docker build`. The task's command is the
 * synthesized one.
 */
const COMMIT_TIME = '2026-11-30T09:00:00Z';

describeWithBuilder(BUILDKIT, 'the docker:build task picks a builder that can build the file', () => {
  let folder: string;
  let build: string;
  let revision: string;
  let image: NodeDockerImage;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'pnd-task-'));
    const project = javascriptServiceIn(folder);
    image = new NodeDockerImage(project, 'Service', { healthCheck: HealthCheck.http('/health') });
    project.synth();
    const dockerfile = join(folder, 'Dockerfile');
    chmodSync(dockerfile, 0o644);
    writeFileSync(dockerfile, readFileSync(dockerfile, 'utf-8').replace(/^# syntax=.*\n/, ''));
    loadBaseImages(dockerfile);
    const git = (...args: string[]) => execFileSync('git', args, {
      cwd: folder,
      encoding: 'utf-8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_AUTHOR_DATE: COMMIT_TIME, GIT_COMMITTER_DATE: COMMIT_TIME },
    }).trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'the service');
    revision = git('rev-parse', 'HEAD');
    build = project.tasks.tryFind('docker:build:service')!.steps[0].exec!;
  });

  const runTask = (path: string): CommandResult => {
    const env = containerEnvironment({ ...inject('dockerd').env, PATH: path });
    return attempt('sh', ['-c', build], { cwd: folder, env });
  };
  const stamped = () => ({ 'org.opencontainers.image.revision': revision, 'org.opencontainers.image.created': createdOf({ revision, epoch: Date.parse(COMMIT_TIME) / 1000 }) });

  it('skips a docker client without buildx, says what to install, and builds with buildah, at the commit time', () => {
    // These machines' /usr/local/bin/docker is such a client (a new CLI without the buildx plugin); first on PATH, the task meets it.
    const path = `/usr/local/bin:${process.env.PATH}`;
    const env = containerEnvironment({ ...inject('dockerd').env, PATH: path });
    const client = attempt('sh', ['-c', 'docker version --format "{{.Client.Version}}"'], { env }).stdout.trim();
    const buildx = attempt('sh', ['-c', 'docker buildx version'], { env }).status === 0;
    expect({ client, major: Number(client.split('.')[0]) >= 23, buildx }, 'the first docker on PATH must be a client of 23.0 or later without buildx').toMatchObject({ major: true, buildx: false });
    const result = runTask(path);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(`docker ${client} has no buildx plugin, and without it docker build uses the legacy builder, which cannot build RUN --mount`);
    expect(result.stderr).toContain('; using buildah');
    const built = BUILDAH.inspect(image.imageName);
    expect(built.config.Labels).toMatchObject(stamped());
    expect(built.created).toBe(COMMIT_TIME.replace('Z', '.000Z'));
  });

  it('builds with BuildKit through docker.io\'s client (20.10), labelled with the commit', () => {
    const shim = mkdtempSync(join(tmpdir(), 'pnd-docker-shim-'));
    writeFileSync(join(shim, 'docker'), '#!/bin/sh\nif [ "$1" = build ]; then shift; exec /usr/bin/docker build --network host "$@"; fi\nexec /usr/bin/docker "$@"\n');
    chmodSync(join(shim, 'docker'), 0o755);
    const result = runTask(`${shim}:/usr/bin:${process.env.PATH}`);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).not.toContain('legacy builder');
    expect(BUILDKIT.inspect(image.imageName).config.Labels).toMatchObject(stamped());
  });
});
