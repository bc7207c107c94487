import { describe, it } from 'vitest';
import { containerToolsProblem } from './containers';

/**
 * A describe block that needs buildah and podman. Without them it fails in CI
 * (CI=true) and is skipped, loudly, elsewhere: it never passes silently.
 */
export function describeWithContainers(name: string, body: () => void): void {
  const problem = containerToolsProblem();
  if (!problem) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => it('has the container tools it needs', () => {
      throw new Error(problem);
    }));
  } else {
    console.warn(`\n!!! ${name}: SKIPPED: ${problem}\n`);
    describe.skip(name, body);
  }
}
