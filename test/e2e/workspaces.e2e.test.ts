import { randomUUID } from 'crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NodeDockerImage, Runtime } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { WORKSPACE_MANAGERS, workspaceImage, workspaceService } from '../fixtures/shared/workspace-service';
import { repositoryRoot } from '../util';
import { buildImage, buildSteps, inspectImage, listFiles, RunningContainer, startContainer, waitForJson, withImageFiles } from './containers';
import { describeWithContainers } from './describe-with-containers';

// Each fixture is a workspace of three packages with a lockfile made by a real install at its root:
// services/api (the projen service) imports packages/greeting, a TypeScript package the image compiles;
// services/other must stay out of the image.
const CASES = [
  { manager: 'pnpm', runtime: Runtime.slim(), runtimeName: 'slim', uid: '1000:1000' },
  { manager: 'npm', runtime: Runtime.distroless(), runtimeName: 'distroless', uid: '65532:65532' },
  // The alpine stand-in is glibc with an apk that installs nothing (scripts/e2e/README.md): musl itself is not exercised here.
  { manager: 'berry', runtime: Runtime.alpine(), runtimeName: 'alpine', uid: '1000:1000' },
] as const;

/** Names of the packages installed under the image's /app, wherever the package manager put them (pnpm's store included). */
function installedPackages(rootfs: string): string[] {
  const names = listFiles(join(rootfs, 'app'))
    .map((file) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@.][^/]*)\/package\.json$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)].sort();
}

for (const { manager, runtime, runtimeName, uid } of CASES) {
  describeWithContainers(`a ${manager} workspace's service, built from the root on ${runtimeName}`, () => {
    const tag = `localhost/pnd-e2e-workspace-${manager}:test`;
    let root: string;
    let image: NodeDockerImage;
    let firstBuild: { log: string; seconds: number };
    let container: RunningContainer | undefined;

    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), `pnd-workspace-${manager}-`));
      cpSync(join(repositoryRoot, 'test', 'fixtures', 'workspaces', manager), root, { recursive: true });
      const project = workspaceService(root, WORKSPACE_MANAGERS[manager]);
      image = workspaceImage(project, 'Service', { runtime, pinBaseImages: false });
      project.synth();
      lintDockerfile(readFileSync(join(root, 'services', 'api', 'Dockerfile'), 'utf-8'));
      firstBuild = buildImage({ context: root, dockerfile: 'services/api/Dockerfile', tag });
    });

    afterAll(() => container?.remove());

    it('is built from the workspace root, with a non-root user and a health check', () => {
      expect(image.buildContext).toBe('../..');
      const { config, healthcheck, size } = inspectImage(tag);
      expect(config.User).toBe(uid);
      expect(config.WorkingDir).toBe('/app/services/api');
      expect(healthcheck?.Test.join(' ')).toContain('/health');
      console.log(`[workspaces] ${manager} on ${runtimeName}: ${(size / 1e6).toFixed(1)} MB, first build ${firstBuild.seconds.toFixed(0)} s`);
    });

    it('holds the service and its compiled sibling, with production dependencies only, and nothing of the other service', () => {
      const files = withImageFiles(tag, (rootfs) => ({
        packages: installedPackages(rootfs),
        sibling: existsSync(join(rootfs, 'app', 'packages', 'greeting', 'lib', 'index.js')),
        siblingSources: existsSync(join(rootfs, 'app', 'packages', 'greeting', 'src')),
        service: existsSync(join(rootfs, 'app', 'services', 'api', 'lib', 'index.js')),
        serviceSources: existsSync(join(rootfs, 'app', 'services', 'api', 'src')),
        other: existsSync(join(rootfs, 'app', 'services', 'other')),
        lockfile: listFiles(join(rootfs, 'app')).some((file) => /^(pnpm-lock\.yaml|package-lock\.json|yarn\.lock)$/.test(file)),
      }));
      // ms is the sibling's dependency; is-odd, @types/ms, is-number and typescript are development
      // dependencies of the sibling, the service or the root; left-pad belongs to services/other.
      expect(files.packages).toEqual(['ms']);
      expect(files).toMatchObject({ sibling: true, siblingSources: false, service: true, serviceSources: false, other: false, lockfile: false });
    });

    it('answers through the sibling package, and its health check passes', async () => {
      container = await startContainer(tag, `pnd-e2e-workspace-${manager}`);
      const health = await waitForJson(`http://127.0.0.1:${container.port}/health`, container);
      expect(health).toMatchObject({ status: 'ok', nodeEnv: 'production', greeting: 'hello from api, through @acme/greeting' });
      expect(container.healthcheck()).toBe(true);
    });

    it('installs nothing again when a source file of the service changes', () => {
      // A new text every run: the same change as an earlier run would hit that run's layers.
      appendFileSync(join(root, 'services', 'api', 'src', 'index.ts'), `\n// changed by the cache test ${randomUUID()}\n`);
      const steps = buildSteps(buildImage({ context: root, dockerfile: 'services/api/Dockerfile', tag }).log);
      const installs = steps.filter((step) => /^RUN .*(npm ci|pnpm install|yarn workspaces focus)/.test(step.instruction));
      expect(installs.length).toBe(2);
      expect(installs.filter((step) => !step.cached)).toEqual([]);
      // The sibling is not rebuilt either; the service's sources are copied again.
      expect(steps.find((step) => step.instruction.startsWith('RUN') && step.instruction.includes('run build'))?.cached).toBe(true);
      expect(steps.filter((step) => step.instruction.startsWith('COPY services/api/src')).every((step) => !step.cached)).toBe(true);
    });
  });
}
