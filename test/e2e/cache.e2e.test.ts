import { randomUUID } from 'crypto';
import { appendFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDAH, BuiltImage, Commit, createdOf } from './builders';
import { BuildStep, copyContext } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';
import { FIXTURES } from './fixtures';
import { Layer } from './image-archive';

/**
 * Three commits of each fixture, built one after the other as `npx projen docker:build`
 * stamps them (REVISION and CREATED as build args and labels, the commit time): the first,
 * one that edits one source file, and one that changes nothing the image is built from.
 */
const COMMITS: Commit[] = [
  { revision: 'a'.repeat(40), epoch: 1796000000 },
  { revision: 'b'.repeat(40), epoch: 1796003600 },
  { revision: 'c'.repeat(40), epoch: 1796007200 },
];

/** The image of each build: what the builder reused, and the config and layers. */
interface Rebuild {
  readonly steps: BuildStep[];
  readonly image: BuiltImage;
}

/** The layer of an empty tar: what buildah's second commit (without history, as docker:build makes it) adds. */
const EMPTY_LAYER = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

const INSTALL = /\b(npm ci|yarn install|yarn workspaces focus|pnpm install|bun install)\b/;

for (const builder of BUILDERS) {
  describeWithBuilder(builder, `rebuilds with ${builder.name}: a source edit rebuilds the application layer only, and every build carries its commit`, () => {
    describe.each(FIXTURES)(`$name, built with ${builder.name}`, (fixture) => {
      const tag = `localhost/pnd-e2e/${fixture.name}:rebuild-${builder.name.toLowerCase()}`;
      let builds: Rebuild[];
      let editedLayers: Layer[];

      beforeAll(() => {
        const context = copyContext(fixture.folder);
        const secret = join(context, '..', `${fixture.name}-cache-npmrc`);
        writeFileSync(secret, '# no secret needed\n');
        const build = (commit: Commit): Rebuild => {
          const { log } = builder.build({ context, tag, target: 'runtime', secrets: { npmrc: secret }, commit });
          return { steps: builder.steps(log), image: builder.inspect(tag) };
        };
        const first = build(COMMITS[0]);
        // A new text every run: the same change as an earlier run would hit that run's layers.
        appendFileSync(join(context, fixture.sourceFile), `\n// changed by the cache test ${randomUUID()}\n`);
        const edited = build(COMMITS[1]);
        editedLayers = builder.layers(tag);
        builds = [first, edited, build(COMMITS[2])];
      });

      it('reinstalls no dependency after a one-file source edit, and copies the sources again', () => {
        const steps = builds[1].steps;
        const installs = steps.filter((step) => INSTALL.test(step.instruction));
        expect(installs.length).toBeGreaterThan(0);
        expect(installs.filter((step) => !step.cached)).toEqual([]);
        const copiesOfTheSource = steps.filter((step) => /^COPY (src|\.) /.test(step.instruction));
        expect(copiesOfTheSource.length).toBeGreaterThan(0);
        expect(copiesOfTheSource.every((step) => !step.cached)).toBe(true);
      });

      it('changes the application layer and the metadata only', () => {
        const [before, after] = [builds[0].image.layers, editedLayers];
        expect(after.map((layer) => layer.diffId)).toEqual(builds[1].image.layers);
        expect(after.length).toBe(before.length);
        // The one new layer is the last with content: the compiled output, or the service's files.
        const changed = after.filter((layer) => !before.includes(layer.diffId));
        expect(changed.map((layer) => layer.diffId)).toEqual([after.map((layer) => layer.diffId).filter((id) => id !== EMPTY_LAYER).pop()]);
        const bytes = (layers: Layer[]) => layers.reduce((sum, layer) => sum + layer.bytes, 0);
        console.log(`[layers] ${builder.name} ${fixture.name}: a one-file edit changes ${changed.length} of ${after.length} layers,`
          + ` ${bytes(changed)} of ${bytes(after)} bytes (uncompressed), and the config`);
        expect(builds[1].image.config.Labels?.['org.opencontainers.image.revision']).not.toBe(builds[0].image.config.Labels?.['org.opencontainers.image.revision']);
      });

      it('carries the revision and creation time passed, also when nothing but the commit changed', () => {
        builds.forEach(({ image }, index) => {
          expect(image.config.Labels).toMatchObject({
            'org.opencontainers.image.revision': COMMITS[index].revision,
            'org.opencontainers.image.created': createdOf(COMMITS[index]),
          });
        });
        // The last build reused every layer: only its config is new. Its layers say so; buildah's log
        // did not always (seen: COPY --from=deps without "Using cache", and the same layer after it).
        expect(builds[2].image.layers).toEqual(builds[1].image.layers);
      });

      // Declared for buildah only: BuildKit 0.8 in Docker 20.10 predates SOURCE_DATE_EPOCH (see test/e2e/buildkit.ts).
      if (builder === BUILDAH) {
        it('is created at the time of the commit, and committed again without history', () => {
          builds.forEach(({ image }, index) => {
            expect(image.created).toBe(createdOf(COMMITS[index]).replace('Z', '.000Z'));
            expect(image.layers[image.layers.length - 1]).toBe(EMPTY_LAYER);
          });
        });
      }
    });
  });
}

describe('the harness can fail', () => {
  const MESSAGES: Record<string, RegExp> = {
    buildah: /buildah bud .* exited with \d+:[\s\S]*missing-file\.txt[\s\S]*no such file or directory/,
    BuildKit: /docker build .* exited with \d+:[\s\S]*missing-file\.txt[\s\S]*not found/,
  };
  for (const builder of BUILDERS) {
    describeWithBuilder(builder, `a broken Dockerfile, built with ${builder.name}`, () => {
      it('fails the build with the builder\'s own message', () => {
        const context = copyContext(FIXTURES[0].folder);
        writeFileSync(join(context, 'Dockerfile'), 'FROM node:24-trixie-slim AS app\nCOPY missing-file.txt /app/\n');
        expect(() => builder.build({ context, tag: 'localhost/pnd-e2e/broken:test' })).toThrow(MESSAGES[builder.name]);
      });
    });
  }
});
