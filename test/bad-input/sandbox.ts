import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { Project } from 'projen';
import { messageOf } from '../util';

/** One bad input: what a user declares, and the exact error synthesis must stop with. */
export interface BadInput {
  /** The public construct the input is given to. */
  readonly construct: string;
  readonly name: string;
  /** Declares the project and the construct in the folder given (two levels below an empty sandbox). */
  readonly declare: (outdir: string) => Project;
  /** The whole message of the error. */
  readonly message: string;
}

/** Every file below a folder, relative to it. */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path).map((file) => join(name, file)) : [name];
  });
}

/**
 * Declares and synthesizes a project in `<sandbox>/a/b/project`, so that a path leading two
 * folders out still lands in the sandbox, and returns the error's message and every file that
 * synthesis added to the sandbox. A construct that refuses when declared is judged by the same
 * two checks: its message, and a sandbox left as the case made it.
 */
export function synthesizeInSandbox(declare: (outdir: string) => Project): { message?: string; written: string[] } {
  const sandbox = mkdtempSync(join(tmpdir(), 'pnd-bad-'));
  const outdir = join(sandbox, 'a', 'b', 'project');
  mkdirSync(outdir, { recursive: true });
  let project: Project | undefined;
  const declared = messageOf(() => {
    project = declare(outdir);
  });
  // What the case itself put in the project folder before synthesis (a lock file, a file of the project) is no output.
  const before = new Set(filesUnder(sandbox));
  const message = declared ?? messageOf(() => project!.synth());
  return { message, written: filesUnder(sandbox).filter((file) => !before.has(file)).map((file) => relative(sandbox, join(sandbox, file))) };
}
