import { createHash } from 'crypto';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILDAH, buildahConcurrently, Commit, createdOf } from './builders';
import { copyContext, run } from './containers';
import { describeWithBuilder } from './describe-with-builder';
import { FIXTURES } from './fixtures';

/**
 * Two cold builds of one commit on buildah, as `npx projen docker:build` makes them: the
 * commit time as `--timestamp`, then the image committed again without its history
 * (src/node/builder-choice.ts). No cache is used by either: not the layer cache
 * (`--no-cache`), nor the cache mounts (an empty TMPDIR each, where buildah keeps them); each
 * builds from a fresh copy of the fixture. They run side by side, to keep the suite short.
 *
 * They give the same layers and the same image config, but for one field: `container`, the
 * id of the container buildah committed from, which its Docker format writes and which is
 * new every time (so the image ids differ too).
 *
 * Not here: BuildKit. Docker 20.10's BuildKit (0.8) predates SOURCE_DATE_EPOCH, so its images
 * carry the time of the build, and their files the times they had in it. What it shows
 * instead is that a rebuild after a one-file edit reuses every other layer (cache.e2e.test.ts).
 */
const COMMIT: Commit = { revision: 'd'.repeat(40), epoch: 1796010800 };

/**
 * One fixture for each way an image's layers are made: each package manager (each writes its
 * own install state, some of it per install: src/node/install-state.ts), TypeScript compiled
 * in the build, and a native addon compiled by node-gyp. The others repeat one of these
 * (js-root-service and nest-service: npm and tsc; fastify-service: pnpm and tsc).
 */
const REPRODUCED = ['js-service', 'yarn-service', 'pnpm-service', 'berry-service', 'bun-service', 'ts-service', 'express-sqlite-service'];
const FIXTURES_REPRODUCED = FIXTURES.filter((fixture) => REPRODUCED.includes(fixture.name));

/** The image config exactly as stored, the blob its id is the digest of. */
function rawConfig(tag: string): { [key: string]: unknown } {
  return JSON.parse(run('skopeo', ['inspect', '--config', '--raw', `containers-storage:${tag}`]).stdout);
}

function without(config: { [key: string]: unknown }, key: string): { [key: string]: unknown } {
  const { [key]: _dropped, ...rest } = config;
  return rest;
}

describeWithBuilder(BUILDAH, 'reproducible builds with buildah: two cold builds of one commit', () => {
  it('builds one fixture of each kind', () => {
    expect(FIXTURES_REPRODUCED.map((fixture) => fixture.name).sort()).toEqual([...REPRODUCED].sort());
  });

  describe.each(FIXTURES_REPRODUCED)('$name, built twice with buildah, side by side, neither with any cache', (fixture) => {
    const tags = [1, 2].map((build) => `localhost/pnd-e2e/${fixture.name}:cold-${build}`);
    let configs: Array<{ [key: string]: unknown }>;
    let layers: string[][];

    beforeAll(async () => {
      // Side by side: each from its own copy of the fixture, with caches of its own, dropped first.
      await buildahConcurrently(tags.map((tag) => {
        const context = copyContext(fixture.folder);
        const secret = join(context, '..', `${fixture.name}-cold-npmrc`);
        writeFileSync(secret, '# no secret needed\n');
        return { context, tag, target: 'runtime', secrets: { npmrc: secret }, commit: COMMIT, cold: true };
      }));
      configs = tags.map(rawConfig);
      layers = tags.map((tag) => BUILDAH.inspect(tag).layers);
      const digest = createHash('sha256').update(JSON.stringify(without(configs[0], 'container'))).digest('hex');
      console.log(`[repro] buildah ${fixture.name}: layers ${layers[0].map((layer) => layer.slice(7, 19)).join(' ')};`
        + ` config without container sha256:${digest.slice(0, 12)}; containers ${configs.map((config) => String(config.container).slice(0, 12)).join(' ')}`);
    });

    afterAll(() => BUILDAH.remove(...tags));

    it('gives the same layers', () => {
      expect(layers[1]).toEqual(layers[0]);
    });

    it('gives the same image config, but for `container` (the id of the container buildah committed from)', () => {
      expect(configs[1].container).not.toBe(configs[0].container);
      expect(without(configs[1], 'container')).toEqual(without(configs[0], 'container'));
    });

    it('is created at the commit time, labelled with the commit, and has no history', () => {
      expect(configs[0].created).toBe(createdOf(COMMIT));
      expect((configs[0].config as { Labels: { [key: string]: string } }).Labels).toMatchObject({
        'org.opencontainers.image.revision': COMMIT.revision,
        'org.opencontainers.image.created': createdOf(COMMIT),
      });
      expect(configs[0].history).toBeUndefined();
    });
  });
});
