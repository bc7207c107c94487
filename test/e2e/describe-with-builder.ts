import { describe, it } from 'vitest';
import { Builder, BUILDAH } from './builders';
import { BUILDKIT } from './buildkit';

/** Every builder the fixture images are built with: buildah (run with podman) and BuildKit (run with docker). */
export const BUILDERS: Builder[] = [BUILDAH, BUILDKIT];

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
