import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';

/**
 * Lists the given files (and, with --projen-files, every file projen wrote)
 * that are uncommitted or differ from HEAD, and fails if there are any.
 */
const args = process.argv.slice(2);
const files = args.filter((arg) => arg !== '--projen-files');
if (args.includes('--projen-files')) {
  const manifest = JSON.parse(readFileSync('.projen/files.json', 'utf-8')) as { files: string[] };
  files.push('.projen/files.json', ...manifest.files);
}

const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...files], { encoding: 'utf-8' });
if (status.status !== 0) {
  console.error(`check-generated: git status failed: ${status.stderr.trim()}`);
  process.exit(1);
}
const drifted = status.stdout.split('\n').filter(Boolean);
if (drifted.length > 0) {
  console.error('These generated files differ from what is committed:');
  for (const line of drifted) {
    console.error(`  ${line}`);
  }
  console.error('Generation changed them: review the change with "git diff" and commit it with the change that caused it.');
  process.exit(1);
}
console.log(`check-generated: ${files.length} generated files match the commit`);
