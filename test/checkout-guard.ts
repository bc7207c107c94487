import { execFileSync } from 'child_process';

/**
 * Fails the test run if it changed the checkout: every project a test creates
 * must synthesize into its own temporary folder (see test/util.ts).
 */
function checkoutState(): string {
  try {
    return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { encoding: 'utf-8' })
      .split('\n')
      .filter((line) => line && !line.includes('__snapshots__/'))
      .join('\n');
  } catch {
    return 'not a git checkout';
  }
}

export default function setup(): () => void {
  const before = checkoutState();
  return () => {
    const after = checkoutState();
    if (after !== before) {
      throw new Error(`The tests changed the checkout:\n--- before\n${before}\n--- after\n${after}\nGive every test project an outdir from temporaryOutdir().`);
    }
  };
}
