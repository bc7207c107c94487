import { randomUUID } from 'crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lintDockerfile } from '../dockerfile-lint';
import { DISTROLESS_VARIANT } from '../fixtures/shared/service-image';
import { repositoryRoot, synthesizeInPlace } from '../util';
import { BuiltImage, ContainerUnderTest } from './builders';
import { copyContext, ImageConfig, listFiles } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';

function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

for (const builder of BUILDERS) {
  describeWithBuilder(builder, `the TypeScript fixture on distroless (stand-in image), beside its slim variant, built with ${builder.name}`, () => {
    const folder = join(repositoryRoot, 'test', 'fixtures', 'ts-service');
    const tag = `localhost/pnd-e2e/ts-service:distroless-${builder.name.toLowerCase()}`;
    const slimTag = `localhost/pnd-e2e/ts-service:slim-${builder.name.toLowerCase()}`;
    const canary = `pnd-canary-${randomUUID()}`;
    let config: ImageConfig;
    let healthcheck: BuiltImage['healthcheck'];
    let sizes: { distroless: number; slim: number };
    let container: ContainerUnderTest | undefined;
    let health: { uid: number; nodeEnv: string; status: string };
    let rootfs: { shell: boolean; busybox: boolean; node: boolean; files: string[] };

    beforeAll(async () => {
      synthesizeInPlace(folder);
      lintDockerfile(readFileSync(join(folder, DISTROLESS_VARIANT.dockerfilePath), 'utf-8'));
      const context = copyContext(folder);
      writeFileSync(join(context, '.env'), `DATABASE_PASSWORD=${canary}\n`);
      mkdirSync(join(context, '.git'));
      writeFileSync(join(context, '.git', 'config'), `[remote "origin"]\n\turl = ${canary}\n`);
      // Only the Dockerfile's own ignore file keeps them out: the builder must read it.
      rmSync(join(context, '.dockerignore'));
      const secret = join(context, '..', `distroless-npmrc-${randomUUID()}`);
      writeFileSync(secret, `# build secret ${canary}\n`);

      builder.build({ context, dockerfile: DISTROLESS_VARIANT.dockerfilePath, tag, target: 'runtime', secrets: { npmrc: secret } });
      const slimContext = copyContext(folder);
      builder.build({ context: slimContext, dockerfile: 'Dockerfile', tag: slimTag, target: 'runtime', secrets: { npmrc: secret } });
      const inspected = builder.inspect(tag);
      ({ config, healthcheck } = inspected);
      sizes = { distroless: inspected.size, slim: builder.inspect(slimTag).size };
      console.log(`ts-service image sizes (${builder.name}): distroless ${(sizes.distroless / 1e6).toFixed(1)} MB, slim ${(sizes.slim / 1e6).toFixed(1)} MB`);
      rootfs = builder.withImageFiles(tag, (root) => ({
        shell: present(join(root, 'bin', 'sh')),
        busybox: existsSync(join(root, 'busybox')),
        node: existsSync(join(root, 'nodejs', 'bin', 'node')),
        files: listFiles(join(root, 'app')),
      }));
      container = await builder.start(tag, `pnd-e2e-ts-service-distroless-${builder.name.toLowerCase()}`);
      health = await container.answer('/health');
    });

    afterAll(() => container?.remove());

    it('runs node as the entrypoint with the script as CMD, as uid 65532', () => {
      expect(config.Entrypoint).toEqual(['/nodejs/bin/node']);
      expect(config.Cmd).toEqual(['lib/index.js']);
      expect(config.User).toBe('65532:65532');
      expect(health.uid).toBe(65532);
      expect(health.nodeEnv).toBe('production');
    });

    it('answers its HEALTHCHECK, run by /nodejs/bin/node in exec form', async () => {
      expect(health.status).toBe('ok');
      expect(healthcheck?.Test.slice(0, 2)).toEqual(['CMD', '/nodejs/bin/node']);
      expect(await container!.healthy()).toBe(true);
    });

    it('has no shell: /bin/sh and busybox are absent, node is there', () => {
      expect(rootfs).toMatchObject({ shell: false, busybox: false, node: true });
    });

    it('holds the compiled output and production dependencies only, and no secret', () => {
      const own = rootfs.files.filter((file) => !file.startsWith('node_modules/'));
      expect(own).toContain('lib/index.js');
      expect(own.filter((file) => file.startsWith('src/') || (file.endsWith('.ts') && !file.endsWith('.d.ts')))).toEqual([]);
      expect(rootfs.files.some((file) => file.startsWith('node_modules/typescript/'))).toBe(false);
      expect(rootfs.files).toContain('node_modules/ms/package.json');
      expect(builder.contains(tag, canary)).toEqual({ inLayers: false, inHistory: false });
    });

    it('is smaller than the slim variant of the same service', () => {
      expect(sizes.distroless).toBeLessThan(sizes.slim);
    });
  });
}
