import { randomUUID } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HealthCheck, NodeDockerImage } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { imageContains, run, RunningContainer, startContainer, waitForJson, withImageFiles } from './containers';
import { describeWithContainers } from './describe-with-containers';
import { javascriptServiceIn } from './fixtures';

describeWithContainers('an image built from a monorepo root with the project\'s own docker:build task', () => {
  const canary = `pnd-canary-${randomUUID()}`;
  let repository: string;
  let image: NodeDockerImage;
  let container: RunningContainer | undefined;

  beforeAll(() => {
    // services/api is the JavaScript fixture; the rest of the repository must stay out of the image.
    repository = mkdtempSync(join(tmpdir(), 'pnd-monorepo-'));
    const folder = join(repository, 'services', 'api');
    mkdirSync(folder, { recursive: true });
    const project = javascriptServiceIn(folder);
    mkdirSync(join(folder, 'config'));
    writeFileSync(join(folder, 'config', 'app.json'), '{"greeting":"hello"}\n');
    writeFileSync(join(folder, 'config', 'local.pem'), `${canary}\n`);
    writeFileSync(join(repository, '.env'), `TOKEN=${canary}\n`);

    image = new NodeDockerImage(project, 'Service', { buildContext: '../..', healthCheck: HealthCheck.http('/health'), runtimeFiles: ['config'] });
    project.synth();
    lintDockerfile(readFileSync(join(folder, 'Dockerfile'), 'utf-8'));

    const build = project.tasks.tryFind('docker:build:service')!.steps[0].exec!;
    run('bash', ['-c', build], { cwd: folder });
  });

  afterAll(() => container?.remove());

  it('copies the project from its place in the repository, and reads its own ignore file', () => {
    expect(image.dockerIgnore.path).toBe('Dockerfile.dockerignore');
    const files = withImageFiles(image.imageName, (rootfs) => ({
      config: existsSync(join(rootfs, 'app', 'config', 'app.json')),
      // Only the ignore file beside the Dockerfile excludes keys: podman was given it with --ignorefile.
      key: existsSync(join(rootfs, 'app', 'config', 'local.pem')),
      server: existsSync(join(rootfs, 'app', 'src', 'server.js')),
      manifest: JSON.parse(readFileSync(join(rootfs, 'app', 'package.json'), 'utf-8')).name,
    }));
    expect(files).toEqual({ config: true, key: false, server: true, manifest: 'js-service' });
    expect(imageContains(image.imageName, canary)).toEqual({ inLayers: false, inHistory: false });
  });

  it('runs and answers its health check', async () => {
    container = await startContainer(image.imageName, 'pnd-e2e-monorepo');
    const health = await waitForJson(`http://127.0.0.1:${container.port}/health`, container);
    expect(health.status).toBe('ok');
    expect(container.healthcheck()).toBe(true);
  });
});
