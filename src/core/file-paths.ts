import { posix } from 'path';
import { IConstruct } from 'constructs';
import { Project } from 'projen';
import { pathInProject } from './construct-path';
import { FindingSeverity } from './finding';
import { quoted, RELATIVE_PATH_FIX_START, relativePathProblem } from './input-checks';
import { findingsError, Problem } from './problem';

/** The rule of a file path that another file of the project already has. */
export const FILE_TAKEN_RULE = 'FileTaken';
/** The rule of a file path that is not a safe path inside the project. */
export const INVALID_FILE_PATH_RULE = 'InvalidPath';

/**
 * The path, when no other file of the project has it. projen itself refuses a second file on
 * a path with a message that names no fix; this one names both files and how to part them.
 * @param kind what the new file is, as its construct id starts (`Dockerfile`)
 */
export function claimFilePath(scope: IConstruct, path: string, kind: string): string {
  const project = Project.of(scope);
  const taken = project.tryFindFile(path);
  if (taken) {
    const at = [pathInProject(scope), `${kind}@${path}`].filter((part) => part !== '').join('/');
    throw findingsError([{
      severity: FindingSeverity.ERROR,
      rule: FILE_TAKEN_RULE,
      path: at,
      message: `${path} is already written by ${pathInProject(taken) || taken.node.id}.`,
      fix: `Give this ${kind} its own path, such as "${path.replace(/\.?([^/]*)$/, 'other.$1')}".`,
    }]);
  }
  return path;
}

/**
 * What is wrong with a file's path, relative to its project, as a problem; none when nothing is.
 * @param example a good path for a file of this kind, for the fix
 */
export function filePathProblems(label: string, path: string, example: string): Problem[] {
  // A path that names the project folder itself (".", "docs/..") or a folder ("docs/") is no file's.
  const folder = posix.normalize(path) === '.' || path.endsWith('/') ? `${label} ${quoted(path)} names a folder, not a file.` : undefined;
  const problem = relativePathProblem(label, path) ?? folder;
  return problem ? [{ rule: INVALID_FILE_PATH_RULE, message: problem, fix: `${RELATIVE_PATH_FIX_START}, such as "${example}".` }] : [];
}
