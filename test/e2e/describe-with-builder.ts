import { describe, it } from 'vitest';
import { Builder, BUILDAH } from './builders';
import { BUILDKIT } from './buildkit';

/**
 * The builders the fixture images are built with in this run: buildah (run with podman) and
 * BuildKit (run with docker), or those PND_E2E_BUILDERS names (scripts/e2e/lanes.sh runs a
 * lane of each, side by side).
 */
export const BUILDERS: Builder[] = buildersNamed(process.env.PND_E2E_BUILDERS, [BUILDAH, BUILDKIT]);

function buildersNamed(names: string | undefined, all: Builder[]): Builder[] {
  if (names === undefined || names.trim() === '') {
    return all;
  }
  const wanted = names.split(',').map((name) => name.trim().toLowerCase());
  const unknown = wanted.filter((name) => !all.some((builder) => builder.name.toLowerCase() === name));
  if (unknown.length > 0) {
    throw new Error(`PND_E2E_BUILDERS names ${unknown.join(', ')}: the builders are ${all.map((builder) => builder.name).join(' and ')}`);
  }
  return all.filter((builder) => wanted.includes(builder.name.toLowerCase()));
}

/**
 * A describe block that needs a builder. Without it, it fails in CI (CI=true) and is
 * skipped, loudly, elsewhere: it never passes silently.
 */
export function describeWithBuilder(builder: Builder, name: string, body: () => void): void {
  const problem = builder.problem();
  if (!problem) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => it(`has ${builder.name}`, () => {
      throw new Error(problem);
    }));
  } else {
    console.warn(`\n!!! ${name}: SKIPPED: ${problem}\n`);
    describe.skip(name, body);
  }
}
