import { execFileSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { repositoryRoot } from '../util';

/** The newest modification time of the files below a folder. */
function newestChange(folder: string): number {
  return readdirSync(folder, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(folder, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }, 0);
}

/**
 * The library as npm users get it: the package that `npx projen package:js`
 * builds, built again when a source file changed after it was packed.
 */
export function packedLibrary(): string {
  const dist = join(repositoryRoot, 'dist', 'js');
  const find = () => (existsSync(dist) ? readdirSync(dist).find((file) => file.endsWith('.tgz')) : undefined);
  const packed = find();
  if (!packed || statSync(join(dist, packed)).mtimeMs < newestChange(join(repositoryRoot, 'src'))) {
    execFileSync('npx', ['projen', 'compile'], { cwd: repositoryRoot, stdio: 'pipe' });
    execFileSync('npx', ['projen', 'package:js'], { cwd: repositoryRoot, stdio: 'pipe' });
  }
  return join(dist, find()!);
}
