import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import { manifestField } from './project-manifest';

/** How a project compiles, as the build stage runs it. */
export interface CompileSteps {
  /** The compile task's own commands, or undefined when the build runs `npx projen compile`. */
  readonly commands?: string[];
  /** What the build copies before compiling. */
  readonly inputs: string[];
  /** The compiled output folder, which the runtime gets. */
  readonly output: string;
}

/**
 * The compile task of a TypeScript project as it stands: its own commands when
 * they are plain commands (never synth, test or package), else projen runs the
 * task; undefined for a project that compiles nothing.
 */
export function compileSteps(project: NodeProject): CompileSteps | undefined {
  if (!(project instanceof TypeScriptProject)) {
    return undefined;
  }
  const steps = project.compileTask.steps.map((step) => step.exec ?? (step.execArgs ? shellWords(step.execArgs) : undefined));
  const commands = steps.length > 0 && steps.every((step) => step !== undefined) ? (steps as string[]) : undefined;
  const tsconfigs = [project.tsconfig?.fileName, project.tsconfigDev?.fileName].filter((file): file is string => file !== undefined);
  return { commands, inputs: [...new Set([...(commands ? [] : ['.projen']), ...tsconfigs.slice(0, 1), project.srcdir])], output: project.libdir };
}

/** Arguments as one shell command, each quoted when it needs to be. */
export function shellWords(args: string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`)).join(' ');
}

/**
 * What node runs: the package's `main`, or its first `bin`, or `index.js` of the compiled output;
 * for NestJS (`nestjs`), `main.js` of the compiled output, as Nest's own build starts it.
 */
export function entryPoint(project: NodeProject, outputFolder?: string, nestjs = false): string {
  if (nestjs) {
    return `${outputFolder ?? 'dist'}/main.js`;
  }
  const bin = manifestField(project, 'bin');
  const firstBin = typeof bin === 'string' ? bin : bin && typeof bin === 'object' ? Object.values(bin as Record<string, string>)[0] : undefined;
  const fallback = outputFolder ? `${outputFolder}/index.js` : 'index.js';
  return (project.package.entrypoint || firstBin || fallback).replace(/^\.\//, '');
}
