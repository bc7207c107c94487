import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Global setup of the unit tests: one temporary folder for the whole run, which every
 * test's temporary folders go under (TMPDIR, which os.tmpdir() reads and the test
 * workers inherit), removed when the run ends. Without it each run left thousands of
 * project folders behind.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'pnd-unit-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) {
      delete process.env.TMPDIR;
    } else {
      process.env.TMPDIR = before;
    }
    rmSync(root, { recursive: true, force: true });
  };
}
