import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * Global setup of the unit and end-to-end tests: one temporary folder for the whole run,
 * which every test's temporary folders go under (TMPDIR, which os.tmpdir() reads and the
 * test workers and the tools they start inherit), removed when the run ends. Without it each
 * unit run left thousands of project folders behind, and each end-to-end run gigabytes of
 * build contexts and saved images; buildah keeps its cache mounts there too, so each run
 * starts with empty ones, as on a fresh machine.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'pnd-test-run-'));
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
