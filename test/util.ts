import { execFileSync } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { javascript, Project, typescript } from 'projen';

/**
 * A fresh temporary folder for a test project.
 *
 * Every project a test creates must get one: under NODE_ENV=test projen
 * otherwise synthesizes into the current directory when it lies under the OS
 * temp folder, which would overwrite a checkout cloned there.
 */
export function temporaryOutdir(prefix = 'pnd-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A bare projen project in its own temporary folder. */
export function testProject(name = 'test-project'): Project {
  return new Project({ name, outdir: temporaryOutdir() });
}


/** A TypeScript app project (npm, no GitHub, jest or eslint) in its own temporary folder. */
export function typescriptTestProject(options: Partial<typescript.TypeScriptProjectOptions> = {}): typescript.TypeScriptAppProject {
  return new typescript.TypeScriptAppProject({
    name: 'api',
    defaultReleaseBranch: 'main',
    outdir: temporaryOutdir(),
    github: false,
    jest: false,
    eslint: false,
    packageManager: javascript.NodePackageManager.NPM,
    ...options,
  });
}

/** A plain-JavaScript service started from src/server.js, in a fresh temporary folder. */
export function javascriptTestProject(options: Partial<javascript.NodeProjectOptions> = {}): javascript.NodeProject {
  return new javascript.NodeProject({
    name: 'js-api',
    defaultReleaseBranch: 'main',
    outdir: temporaryOutdir(),
    github: false,
    jest: false,
    packageManager: javascript.NodePackageManager.NPM,
    entrypoint: 'src/server.js',
    ...options,
  });
}

/** The repository's root folder. */
export const repositoryRoot = join(__dirname, '..');

/**
 * Runs the .projenrc.ts of a project kept in this repository (an example or a
 * fixture) in its own folder, with the repository's toolchain, so that it and
 * the library share one copy of projen.
 */
export function synthesizeInPlace(folder: string): void {
  const env: Record<string, string | undefined> = { ...process.env, PROJEN_DISABLE_POST: '1' };
  delete env.NODE_ENV;
  execFileSync(join(repositoryRoot, 'node_modules', '.bin', 'ts-node'), [
    '--skip-project', '--compiler-options', '{"module":"commonjs","esModuleInterop":true}', '.projenrc.ts',
  ], { cwd: folder, env, stdio: 'pipe' });
}

/** The message of the error an action throws, or undefined when it throws none. */
export function messageOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}
