import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';

/** The project's own folders that a build context never needs: its package output, and for TypeScript its local build output and tests (the image compiles the sources itself). */
export function projectExcludes(project: NodeProject): string[] {
  return [project.artifactsDirectory, ...(project instanceof TypeScriptProject ? [project.libdir, project.testdir] : [])];
}
