import { randomUUID } from 'crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintDockerfile } from '../dockerfile-lint';
import { synthesizeInPlace } from '../util';
import { BUILDAH, BuiltImage, ContainerUnderTest } from './builders';
import { copyContext, ImageConfig, listFiles } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';
import { FIXTURES } from './fixtures';

/** Each fixture is synthesized once per run, whichever builder needs it first. */
const synthesized = new Set<string>();

for (const builder of BUILDERS) {
  describeWithBuilder(builder, `fixture images: synthesized, built with ${builder.name}, run with ${builder === BUILDAH ? 'podman' : 'docker'}`, () => {
    const cases = FIXTURES.flatMap((fixture) => fixture.variants.map((variant) => ({
      ...fixture,
      dockerfile: variant.dockerfilePath,
      variant: variant.runtime.family,
    })));
    describe.each(cases)(`$name on $variant ($dockerfile), built with ${builder.name}`, (fixture) => {
      const tag = `localhost/pnd-e2e/${fixture.name}:${fixture.variant}-${builder.name.toLowerCase()}`;
      const canary = `pnd-canary-${randomUUID()}`;
      let config: ImageConfig;
      let healthcheck: BuiltImage['healthcheck'];
      let container: ContainerUnderTest | undefined;
      let health: { uid: number; nodeEnv: string; status: string; node?: string; greeting?: string };
      let files: string[];
      let dependencyInstalled: boolean;

      beforeAll(async () => {
        if (!synthesized.has(fixture.folder)) {
          synthesizeInPlace(fixture.folder);
          synthesized.add(fixture.folder);
        }
        lintDockerfile(readFileSync(join(fixture.folder, fixture.dockerfile), 'utf-8'));
        // The build context also holds what must never reach the image.
        const context = copyContext(fixture.folder);
        writeFileSync(join(context, '.env'), `DATABASE_PASSWORD=${canary}\n`);
        mkdirSync(join(context, '.git'));
        writeFileSync(join(context, '.git', 'config'), `[remote "origin"]\n\turl = ${canary}\n`);
        if (existsSync(join(context, `${fixture.dockerfile}.dockerignore`))) {
          // Only the Dockerfile's own ignore file can keep them out: the builder must read it.
          rmSync(join(context, '.dockerignore'));
        }
        const secret = join(context, '..', `${fixture.name}-npmrc-${randomUUID()}`);
        writeFileSync(secret, `# build secret ${canary}\n`);

        // The stage the workflow builds (its `target`).
        builder.build({ context, dockerfile: fixture.dockerfile, tag, target: 'runtime', secrets: { npmrc: secret } });
        ({ config, healthcheck } = builder.inspect(tag));
        files = builder.withImageFiles(tag, (rootfs) => {
          // Followed through pnpm's symbolic links into node_modules/.pnpm.
          dependencyInstalled = existsSync(join(rootfs, 'app', 'node_modules', fixture.productionDependency, 'package.json'));
          return listFiles(join(rootfs, 'app'));
        });
        container = await builder.start(tag, `pnd-e2e-${fixture.name}-${fixture.variant}-${builder.name.toLowerCase()}`);
        health = await container.answer('/health');
      });

      afterAll(() => container?.remove());

      it('answers on loopback and runs as the non-root uid 1000', () => {
        expect(health.status).toBe('ok');
        expect(health.uid).toBe(1000);
        expect(config.User).toBe('1000:1000');
      });

      it('runs with NODE_ENV=production', () => {
        expect(health.nodeEnv).toBe('production');
        expect(config.Env).toContain('NODE_ENV=production');
      });

      it('passes its HEALTHCHECK, in exec form', async () => {
        expect(healthcheck?.Test[0]).toBe('CMD');
        expect(healthcheck?.Test.slice(1, 2)).toEqual(['node']);
        // As the image declares it (BuildKit's run checks every second: see test/e2e/buildkit.ts).
        expect(healthcheck).toMatchObject({ Interval: 30e9, Timeout: 5e9, StartPeriod: 10e9, Retries: 3 });
        expect(await container!.healthy()).toBe(true);
      });

      it('declares the port, labels and CMD of the model', () => {
        expect(Object.keys(config.ExposedPorts ?? {})).toEqual(['3000/tcp']);
        expect(config.Labels?.['org.opencontainers.image.title']).toBe(fixture.name);
        expect(config.Cmd).toEqual(fixture.cmd);
      });

      it('holds production dependencies but no devDependencies', () => {
        expect(dependencyInstalled).toBe(true);
        expect(files.some((file) => file.startsWith(`node_modules/${fixture.devDependency}/`))).toBe(false);
        expect(files.some((file) => file.includes(`/node_modules/${fixture.devDependency}/`))).toBe(false);
      });

      it('holds no .env, no .git and no projen sources', () => {
        expect(files.filter((file) => /(^|\/)\.env|^\.git\/|^\.projen|\.projenrc/.test(file))).toEqual([]);
      });

      it('holds no tests, docs, package manager settings or development configuration of its own', () => {
        const own = files.filter((file) => !file.startsWith('node_modules/'));
        expect(own.filter((file) => /^(test|tests|docs)\/|\.(test|spec)\.[jt]s$|^[^/]+\.md$|^\.(npmrc|yarnrc|gitignore|npmignore|gitattributes)|^\.yarn\//.test(file))).toEqual([]);
      });

      if (fixture.health) {
        it('loads every file its entry point needs, on the Node.js line its range asks for', () => {
          expect(Number(health.node?.split('.')[0])).toBe(fixture.health!.nodeMajor);
          expect(health.greeting).toBe(fixture.health!.greeting);
        });
      }

      it(fixture.compiled ? 'holds compiled output only: no src/ and no TypeScript sources' : 'holds its JavaScript sources and nothing to compile', () => {
        const own = files.filter((file) => !file.startsWith('node_modules/'));
        expect(own.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toBe(false);
        if (fixture.compiled) {
          expect(own.some((file) => file.startsWith('src/'))).toBe(false);
        }
      });

      it('keeps the build secret out of every layer and the history', () => {
        expect(builder.contains(tag, canary)).toEqual({ inLayers: false, inHistory: false });
      });
    });
  });
}
