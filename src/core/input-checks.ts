/**
 * Checks of the strings users give, where they enter: each returns what is wrong with the
 * value, as a sentence naming the option, or undefined when nothing is. A string may reach a
 * shell, a path, an image name, YAML or a GitHub expression, so the checks are strict.
 */

/** Characters no option may hold: control characters (newlines among them) and NUL. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Letters, digits, ".", "_", "-" (POSIX's portable file name characters) and "/" between names. */
const PORTABLE_PATH = /^[A-Za-z0-9._/-]+$/;
/** A portable path with the glob characters `*`, `?`, `{`, `}` and `,`, and the `@` and `+` of package names. */
const PORTABLE_GLOB = /^[A-Za-z0-9._/*?{},@+-]+$/;

/** The value quoted for a message, with control characters shown escaped. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

/** What is wrong with a string that GitHub or a shell could read as code, if anything. */
export function codeProblem(label: string, value: string): string | undefined {
  if (CONTROL.test(value)) {
    return `${label} ${quoted(value)} contains a control character (a newline, tab or NUL).`;
  }
  if (value.includes('${{')) {
    return `${label} ${quoted(value)} contains "\${{", which GitHub Actions would evaluate as an expression.`;
  }
  return undefined;
}

export interface RelativePathOptions {
  /** Whether the path may lead out of the folder it is relative to with "..". @default false */
  readonly mayLeave?: boolean;
  /** Whether the path is a glob pattern, which may also hold `* ? { } ,` (and `@`, `+`). @default false */
  readonly glob?: boolean;
}

/**
 * What is wrong with a path relative to the project, if anything: it must be made of
 * portable file name characters, relative, and (unless `mayLeave`) stay inside the project.
 */
export function relativePathProblem(label: string, value: string, options: RelativePathOptions = {}): string | undefined {
  if (value === '') {
    return `${label} is empty.`;
  }
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
    return `${label} ${quoted(value)} is an absolute path.`;
  }
  if (!(options.glob ? PORTABLE_GLOB : PORTABLE_PATH).test(value)) {
    const others = options.glob ? '"-", "/", "@", "+" and the glob characters * ? { } ,' : '"-" and "/"';
    return `${label} ${quoted(value)} has characters other than letters, digits, ".", "_", ${others}.`;
  }
  if (!options.mayLeave && leadsOut(value)) {
    return `${label} ${quoted(value)} leads out of the project.`;
  }
  return undefined;
}

/** Whether a relative path leads out of the folder it is relative to (`../x`, `a/../../x`). */
export function leadsOut(path: string): boolean {
  let depth = 0;
  for (const part of path.split('/').filter((name) => name !== '' && name !== '.')) {
    depth += part === '..' ? -1 : 1;
    if (depth < 0) {
      return true;
    }
  }
  return false;
}

/** The start of the fix for a path the check refused, before an example. */
export const RELATIVE_PATH_FIX_START = 'Give a path relative to the project, inside it, of letters, digits, ".", "_", "-" and "/"';

/** What is wrong with an absolute POSIX path inside an image (a WORKDIR), if anything. */
export function imagePathProblem(label: string, value: string): string | undefined {
  if (!value.startsWith('/')) {
    return `${label} ${quoted(value)} is not an absolute path.`;
  }
  if (!PORTABLE_PATH.test(value) || value.split('/').includes('..')) {
    return `${label} ${quoted(value)} has characters other than letters, digits, ".", "_", "-" and "/", or a "..".`;
  }
  return undefined;
}

/** What is wrong with an environment variable name, if anything. */
export function variableNameProblem(label: string, value: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? undefined : `${label} ${quoted(value)} is not a variable name (letters, digits and "_", not starting with a digit).`;
}

/** What is wrong with a construct id that names tasks, jobs and images, if anything. */
export function nameIdProblem(label: string, value: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(value)
    ? undefined
    : `${label} ${quoted(value)} names tasks, workflow jobs and the image, so it must start with a letter and hold only letters, digits, "_" and "-".`;
}
