import { randomUUID } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot, synthesizeInPlace } from '../util';
import { ContainerUnderTest, plainImageSizeMb } from './builders';
import { copyContext, devDependenciesOf, installedPackages, listFiles } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';

/*
 * The Prisma fixture (test/fixtures/prisma-service): a TypeScript service on Prisma 7 with SQLite
 * through the libSQL driver adapter, whose route reads through the generated client. Built
 * and run on slim with buildah and on distroless with BuildKit; the client is generated in the build stage
 * (prisma generate), compiled with the sources, and needs no query engine at run time.
 *
 * What these machines cannot exercise, as it is downloaded from a host outside the package registries:
 * - the schema engine, which prisma generate fetches first and migrations need. The build is given
 *   PRISMA_SCHEMA_ENGINE_BINARY=/bin/true (a build argument the fixture declares, empty by default), with
 *   which prisma generate writes the client offline; prisma migrate deploy (migrateOnStart) is not run;
 * - the Rust query engines of prisma-client-js (Prisma 6 and older), so that generator's openssl and
 *   binaryTargets handling is covered by the unit tests (test/node/prisma.test.ts) only.
 * @prisma/client names prisma and typescript as optional peer dependencies, so npm ci --omit=dev keeps
 * these development dependencies (npm marks them "devOptional"); the deps stage removes them after the
 * install (src/node/dev-optional-peers.ts, written because the fixture's lockfile has such packages),
 * and the first test of each variant checks that none of the fixture's development dependencies, nor
 * the CLI's engines, reached the runtime.
 */

const folder = join(repositoryRoot, 'test', 'fixtures', 'prisma-service');
const BUILD_ARGS = { PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true' };
// Each variant is built by one builder, to keep the suite within its time.
const VARIANTS = [
  { name: 'slim', dockerfile: 'Dockerfile', uid: 1000, user: '1000:1000', cmd: ['node', 'lib/index.js'], builder: 'buildah' },
  { name: 'distroless', dockerfile: 'distroless.Dockerfile', uid: 65532, user: '65532:65532', cmd: ['lib/index.js'], builder: 'BuildKit' },
];

let synthesized = false;

/** Those of the names whose top-level package the lockfile marks as development only (dev or devOptional). */
function productionUnreached(fixture: string, names: string[]): string[] {
  const lock = JSON.parse(readFileSync(join(fixture, 'package-lock.json'), 'utf-8')).packages as Record<string, { dev?: boolean; devOptional?: boolean }>;
  return names.filter((name) => lock[`node_modules/${name}`]?.dev || lock[`node_modules/${name}`]?.devOptional);
}

for (const builder of BUILDERS) {
  describeWithBuilder(builder, `Prisma 7 with SQLite (driver adapter) in the image, built with ${builder.name}`, () => {
    const suffix = builder.name.toLowerCase();
    let context: string;
    let secret: string;

    beforeAll(() => {
      if (!synthesized) {
        synthesizeInPlace(folder);
        synthesized = true;
      }
      context = copyContext(folder);
      secret = join(context, '..', `prisma-service-npmrc-${randomUUID()}`);
      writeFileSync(secret, '# no secret needed\n');
    });

    const imageTag = (variant: { name: string }) => `localhost/pnd-e2e/prisma-service:${variant.name}-${suffix}`;
    const variants = VARIANTS.filter((variant) => variant.builder === builder.name);
    for (const variant of variants) {
      describe(`on ${variant.name}`, () => {
        const tag = imageTag(variant);
        let container: ContainerUnderTest | undefined;
        let seconds: number;
        let files: { app: string[]; modules: string[]; binding: boolean };

        beforeAll(async () => {
          ({ seconds } = builder.build({ context, dockerfile: variant.dockerfile, tag, target: 'runtime', secrets: { npmrc: secret }, buildArgs: BUILD_ARGS }));
          files = builder.withImageFiles(tag, (rootfs) => ({
            app: listFiles(join(rootfs, 'app')).filter((path) => !path.startsWith('node_modules/')),
            modules: installedPackages(join(rootfs, 'app', 'node_modules')),
            binding: existsSync(join(rootfs, 'app', 'node_modules', '@libsql', 'linux-x64-gnu', 'index.node')),
          }));
          container = await builder.start(tag, `pnd-e2e-prisma-${variant.name}-${suffix}`);
        }, 900_000);

        afterAll(() => container?.remove());

        it('runs the compiled service as a non-root user, with the client generated in the build and no development-only dependencies', () => {
          const { config, size } = builder.inspect(tag);
          const plain = plainImageSizeMb(builder, variant.name);
          console.log(`prisma-service (${variant.name}, ${builder.name}): built in ${seconds.toFixed(1)} s, ${Math.round(size / 1e6)} MB, ${files.modules.length} packages`
            + ` (the plain TypeScript fixture on ${variant.name}: ${plain === undefined ? `not built with ${builder.name} here` : `${plain} MB`})`);
          expect(config.User).toBe(variant.user);
          expect(config.Cmd).toEqual(variant.cmd);
          expect(files.app).toContain('lib/index.js');
          expect(files.app.some((path) => path.startsWith('lib/generated/prisma/'))).toBe(true);
          expect(files.app.filter((path) => path.startsWith('src/') || path.startsWith('prisma/'))).toEqual([]);
          expect(files.modules).toEqual(expect.arrayContaining(['@prisma/client', '@prisma/adapter-libsql', '@libsql/client', 'libsql']));
          // Every development dependency of the fixture (prisma, typescript, ts-node, ...) that production does not
          // reach (@types/node it does: @libsql/isomorphic-ws needs @types/ws), and what only the CLI needs.
          const development = [...productionUnreached(folder, devDependenciesOf(folder)), '@prisma/engines', '@prisma/config'];
          expect(development).toEqual(expect.arrayContaining(['prisma', 'typescript', 'ts-node']));
          expect(files.modules.filter((name) => development.includes(name))).toEqual([]);
          expect(files.binding).toBe(true);
        });

        it('answers a route that reads through the Prisma client, and its health check is healthy', async () => {
          expect(await container!.answer('/health')).toEqual({ status: 'ok', uid: variant.uid });
          expect(await container!.answer('/notes')).toEqual([{ id: 1, text: 'generated in the image' }, { id: 2, text: 'read through Prisma' }]);
          expect(await container!.healthy()).toBe(true);
        });
      });
    }

    it('after a source edit: the installs and prisma generate are reused, only the compile runs again', () => {
      const source = join(context, 'src', 'index.ts');
      // A new text each run: the layer cache keeps the layers of an edit an earlier run made.
      writeFileSync(source, readFileSync(source, 'utf-8').replace("status: 'ok'", `status: 'ok', edit: '${randomUUID()}'`));
      const edited = `localhost/pnd-e2e/prisma-service:edited-${suffix}`;
      const { log } = builder.build({ context, dockerfile: variants[0].dockerfile, tag: edited, target: 'runtime', secrets: { npmrc: secret }, buildArgs: BUILD_ARGS });
      const steps = builder.steps(log);
      const step = (pattern: RegExp) => steps.filter((candidate) => pattern.test(candidate.instruction)).map((candidate) => candidate.cached);
      const trace = steps.map((candidate) => `${candidate.cached ? 'cached' : 'built '} ${candidate.instruction.slice(0, 100)}`).join('\n');
      expect(step(/npm ci/), trace).toEqual([true, true]);
      expect(step(/^RUN prisma generate$/), trace).toEqual([true]);
      // The compile ran again: one layer of the image is new, the compiled output. (Read from the layers, not
      // the log: buildah interleaves the lines of stages it builds side by side, so a step's cache line can
      // follow another step's.)
      const [before, after] = [builder.inspect(imageTag(variants[0])).layers, builder.inspect(edited).layers];
      expect(after.length, trace).toBe(before.length);
      expect(after.filter((id) => !before.includes(id)).length, trace).toBe(1);
    }, 900_000);
  });
}
