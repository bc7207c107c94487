import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NodeProject } from 'projen/lib/javascript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HealthCheck, NodeDockerImage } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { attempt, containerEnvironment, freePort, inspectImage, run, RunningContainer, startContainer, waitForJson } from './containers';
import { describeWithContainers } from './describe-with-containers';
import { javascriptServiceIn, javascriptServiceProject } from './fixtures';
import { LocalRegistry, startRegistry } from './registry';

const BASE = 'node:26-trixie-slim';

describeWithContainers('base images pinned with docker:pin against a registry on loopback, then built', () => {
  let registry: LocalRegistry;
  let folder: string;
  let container: RunningContainer | undefined;

  beforeAll(async () => {
    registry = await startRegistry();
    registry.push(`docker.io/library/${BASE}`, `library/${BASE}`);
    // The JavaScript fixture's files, in a project folder of its own.
    folder = mkdtempSync(join(tmpdir(), 'pnd-pinning-'));
    javascriptServiceIn(folder);
  });

  afterAll(async () => {
    container?.remove();
    await registry?.stop();
  });

  /** Synthesizes the project as `npx projen` would, reading the lock as it is now. */
  function synthesize() {
    const project = javascriptServiceProject(folder);
    const image = new NodeDockerImage(project, 'Service', { healthCheck: HealthCheck.http('/health') });
    project.synth();
    return { project, image, dockerfile: readFileSync(join(folder, 'Dockerfile'), 'utf-8') };
  }

  /** Runs the pin step of a docker:pin task, as `npx projen` runs it, against the given registry endpoint. */
  function pinTask(project: NodeProject, name: string, endpoint: string, ...args: string[]) {
    const exec = [project.tasks.tryFind(name)!.steps[0].exec!, ...args].join(' ');
    return attempt('bash', ['-c', exec], { cwd: folder, env: containerEnvironment({ PND_REGISTRY_ENDPOINTS: `docker.io=${endpoint}` }) });
  }

  const lockDigest = () => JSON.parse(readFileSync(join(folder, 'docker-images.lock.json'), 'utf-8')).images[BASE].digest as string;

  it('pins with docker:pin, and buildah builds the pinned Dockerfile from the registry, labelled with the lock', async () => {
    const unpinned = synthesize();
    expect(unpinned.dockerfile).toContain(`FROM ${BASE} AS base\n`);
    const pinned = pinTask(unpinned.project, 'docker:pin', registry.url);
    expect(pinned.status, pinned.stderr).toBe(0);
    const digest = lockDigest();
    expect(digest).toBe(registry.rawDigest(`library/${BASE}`));
    expect(pinned.stdout.trim()).toBe(`${BASE}: pinned to ${digest}`);

    const { dockerfile, image } = synthesize();
    expect(dockerfile).toContain(`FROM ${BASE}@${digest} AS base\n`);
    lintDockerfile(dockerfile);
    // The digest is not in local storage: buildah pulls it from the loopback registry, as a mirror of Docker Hub.
    const registries = join(folder, '..', `registries-${registry.address.replace(/\W/g, '-')}.conf`);
    writeFileSync(registries, `[[registry]]\nprefix = "docker.io/library/node"\nlocation = "${registry.address}/library/node"\ninsecure = true\n`);
    run('buildah', ['bud', '--format', 'docker', '--layers', '-t', image.imageName, '-f', join(folder, 'Dockerfile'), folder],
      { env: containerEnvironment({ CONTAINERS_REGISTRIES_CONF: registries }) });

    const labels = inspectImage(image.imageName).config.Labels!;
    expect(labels['org.opencontainers.image.base.name']).toBe(`docker.io/library/${BASE}`);
    expect(labels['org.opencontainers.image.base.digest']).toBe(digest);
    container = await startContainer(image.imageName, 'pnd-e2e-pinned');
    expect((await waitForJson(`http://127.0.0.1:${container.port}/health`, container)).status).toBe('ok');
  });

  it('leaves the lock untouched when the registry is down, and says so', async () => {
    const before = readFileSync(join(folder, 'docker-images.lock.json'), 'utf-8');
    const down = pinTask(synthesize().project, 'docker:pin:update', `http://127.0.0.1:${await freePort()}`);
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('docker-images.lock.json was not changed: 1 of 1 images could not be resolved.');
    expect(readFileSync(join(folder, 'docker-images.lock.json'), 'utf-8')).toBe(before);
  });

  it('moves to the new digest with docker:pin --update after a re-push under the same tag: only digests and labels change', () => {
    const before = synthesize();
    const old = lockDigest();
    // Another image under the same tag, as when the upstream tag moves.
    registry.push('docker.io/library/node:26-bookworm-slim', `library/${BASE}`);
    const updated = pinTask(before.project, 'docker:pin', registry.url, '--update');
    expect(updated.status, updated.stderr).toBe(0);
    const digest = lockDigest();
    expect(digest).not.toBe(old);
    expect(digest).toBe(registry.rawDigest(`library/${BASE}`));
    expect(updated.stdout.trim()).toBe(`${BASE}: ${old} -> ${digest}`);

    const after = synthesize().dockerfile;
    const oldLines = before.dockerfile.split('\n');
    const changed = after.split('\n').map((line, index) => [oldLines[index], line]).filter(([was, now]) => was !== now);
    expect(after.split('\n')).toHaveLength(oldLines.length);
    expect(changed).toEqual([
      [`FROM ${BASE}@${old} AS base`, `FROM ${BASE}@${digest} AS base`],
      [`    org.opencontainers.image.base.digest=${old}`, `    org.opencontainers.image.base.digest=${digest}`],
    ]);
  });
});
