import { isAbsolute, posix, relative, resolve } from 'path';
import { IConstruct } from 'constructs';
import { Project } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { DockerIgnore } from '../ignore';
import { HealthCheck, HealthCheckKind } from './health-check';
import { ImagePreset, NodeDockerImageProps } from './node-docker-image-props';
import { NodeImageRule } from './node-image-rule';
import { compileSteps, entryPoint } from './project-build';
import { invalidPackageNames } from './system-packages';
import { leadsOut } from '../core/input-checks';
import { findingsError, findingsOf, Problem } from '../core/problem';

/** The parts of an image's options that can be wrong whatever the project is. */
export interface ImageInputs {
  readonly ports: number[];
  readonly healthCheck?: HealthCheck;
  readonly command?: string[];
  readonly uid?: number;
  readonly gid?: number;
  readonly systemPackages: string[];
}

// Programs that must not be PID 1 in front of node: they do not pass SIGTERM on.
const LAUNCHERS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'bun', 'sh', 'bash', 'dash', 'zsh', 'env']);
// Programs that run TypeScript: dev dependencies, which the image does not install.
const TYPESCRIPT_RUNNERS = new Set(['tsx', 'ts-node', 'ts-node-dev', 'nodemon', 'vite-node']);
const MAX_ID = 2147483646;

/** What is wrong with an image's options, each with its fix; empty when nothing is. */
export function imageInputProblems(inputs: ImageInputs): Problem[] {
  const problems: Problem[] = [];
  const invalid = invalidPackageNames(inputs.systemPackages);
  if (invalid.length > 0) {
    problems.push({
      rule: NodeImageRule.INVALID_SYSTEM_PACKAGE,
      message: `system package names ${invalid.map((name) => `"${name}"`).join(', ')} are not valid.`,
      fix: 'Give Debian or Alpine package names, such as "ca-certificates".',
    });
  }
  for (const [name, id] of [['uid', inputs.uid], ['gid', inputs.gid]] as const) {
    if (id !== undefined && (!Number.isInteger(id) || id < 1 || id > MAX_ID)) {
      problems.push({
        rule: NodeImageRule.INVALID_USER_ID,
        message: id === 0 ? `${name} 0 is root.` : `${name} ${id} is not a user or group id.`,
        fix: `Give a whole number from 1 to ${MAX_ID}, such as 1000 (the official images' "node" user).`,
      });
    }
  }
  problems.push(...commandProblems(inputs.command));
  problems.push(...healthCheckProblems(inputs.healthCheck, inputs.ports));
  return problems;
}

function commandProblems(command: string[] | undefined): Problem[] {
  const problem = (message: string, fix: string): Problem[] => [{ rule: NodeImageRule.INVALID_COMMAND, message, fix }];
  if (command === undefined) {
    return [];
  }
  if (command.length === 0) {
    return problem('command is empty.', 'Give the script node runs, such as ["lib/index.js"], or leave command out to run the package\'s main entry point.');
  }
  const empty = command.findIndex((argument) => argument === '' || /[\u0000-\u001f\u007f]/.test(argument));
  if (empty >= 0) {
    return problem(`command[${empty}] ${JSON.stringify(command[empty])} is empty or has a control character (a newline, tab or NUL).`,
      'Give each argument as its own non-empty string, such as ["dist/index.js", "--port", "3000"].');
  }
  const first = command[0];
  const program = posix.basename(first);
  if (first === 'node' || first.endsWith('/node')) {
    return problem(`command starts with "${first}", but the image already runs node: CMD would be node ${first} ....`,
      `Give only node's arguments, such as ${JSON.stringify(command.slice(1))}.`);
  }
  if (LAUNCHERS.has(program)) {
    return problem(`command starts with "${first}", which would run as PID 1 in front of node and not pass SIGTERM on, so the service could not stop cleanly.`,
      'Give the script node runs, such as ["lib/index.js"].');
  }
  if (TYPESCRIPT_RUNNERS.has(program) || /\.(c|m)?tsx?$/.test(first)) {
    return problem(`command starts with "${first}", a TypeScript ${TYPESCRIPT_RUNNERS.has(program) ? 'runner' : 'source'}; the image runs compiled JavaScript with node and installs no dev dependencies.`,
      'Give the compiled file node runs, such as ["dist/index.js"] (leave command out to run the project\'s entry point).');
  }
  if (!first.startsWith('-') && !first.includes('/') && !/\.(c|m)?js$/.test(first)) {
    return problem(`command starts with "${first}", which is not a script node can run (CMD would be node ${first} ...).`,
      'Give the JavaScript file node runs, such as ["dist/index.js"], or node options first, such as ["--enable-source-maps", "dist/index.js"].');
  }
  return [];
}

function healthCheckProblems(healthCheck: HealthCheck | undefined, ports: number[]): Problem[] {
  const problem = (message: string, fix: string): Problem[] => [{ rule: NodeImageRule.INVALID_HEALTH_CHECK, message, fix }];
  if (healthCheck?.kind !== HealthCheckKind.HTTP) {
    return [];
  }
  const port = healthCheck.port ?? ports[0];
  if (port === undefined) {
    return problem('HealthCheck.http needs a port, and the image has none.', 'List the port in ports, pass HealthCheck.http(path, { port }), or use HealthCheck.command.');
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return problem(`the health check's port ${port} is not a port number.`, 'Give a port from 1 to 65535.');
  }
  if (/\s/.test(healthCheck.path ?? '')) {
    return problem(`the health check's path "${healthCheck.path}" contains whitespace.`, 'Percent-encode it, such as "/health%20check".');
  }
  return [];
}

/**
 * Where the project lies in the build context ("" when they are the same
 * folder), or undefined when the context does not contain the project.
 */
export function projectPathInContext(project: NodeProject, context: string): string | undefined {
  const path = relative(resolve(project.outdir, context), project.outdir).split('\\').join('/');
  return path === '..' || path.startsWith('../') || isAbsolute(path) ? undefined : path;
}

/**
 * The entry point must be in the image: in a compiled project's output folder (the only
 * folder of the build the runtime gets), or for plain JavaScript, let in by the ignore file.
 */
export function entryPointProblems(
  project: NodeProject, props: NodeDockerImageProps, ignore: DockerIgnore, fromContext: (path: string) => string,
): Problem[] {
  if (props.command !== undefined || props.preset === ImagePreset.NESTJS) {
    return [];
  }
  const compile = compileSteps(project);
  const given = entryPoint(project, compile?.output);
  if (given.startsWith('/') || /[\u0000-\u001f\u007f]/.test(given) || leadsOut(given)) {
    return [{
      rule: NodeImageRule.ENTRY_POINT_NOT_IN_OUTPUT,
      message: `the entry point ${JSON.stringify(given)} is not a path inside the project, so the image could not copy it.`,
      fix: 'Set entrypoint on the project to a path relative to it, such as "index.js" (or "lib/index.js" for a compiled project), or set command.',
    }];
  }
  if (!compile) {
    const entry = fromContext(entryPoint(project));
    return ignore.ignores(entry) ? [{
      rule: NodeImageRule.ENTRY_POINT_NOT_IN_OUTPUT,
      message: `the entry point "${entry}" is excluded from the build context by ${ignore.path}, so the image would not have it.`,
      fix: `Move the entry point out of the excluded folder, or let it in: image.dockerIgnore.addInclude('${entry}').`,
    }] : [];
  }
  const entry = entryPoint(project, compile.output);
  if (entry.startsWith(`${compile.output.replace(/\/+$/, '')}/`)) {
    return [];
  }
  return [{
    rule: NodeImageRule.ENTRY_POINT_NOT_IN_OUTPUT,
    message: `the entry point "${entry}" is not in the compiled output folder "${compile.output}", the only folder of the build the runtime gets.`,
    fix: `Set entrypoint on the project to a compiled file, such as "${compile.output}/index.js", or set command.`,
  }];
}

/** Files of the image on paths the project already writes: projen would refuse the second file. */
export function takenPathProblems(project: NodeProject, paths: string[], id: string): Problem[] {
  return paths.flatMap((path) => {
    const file = project.tryFindFile(path);
    return file ? [{
      rule: NodeImageRule.DUPLICATE_FILE,
      message: `${path} is already written by ${file.node.path.slice(project.node.path.length + 1)}.`,
      fix: `Give each image its own dockerfilePath, such as "${id.toLowerCase()}.Dockerfile".`,
    }] : [];
  });
}

/** The image's tasks already exist: another image's id differs from this one only in case or punctuation. */
export function takenTaskProblems(project: NodeProject, suffix: string, id: string): Problem[] {
  return project.tasks.tryFind(`docker:build:${suffix}`) ? [{
    rule: NodeImageRule.DUPLICATE_ID,
    message: `the tasks of this image, docker:build:${suffix} and docker:run:${suffix}, already exist (another image's id differs from "${id}" only in case or punctuation).`,
    fix: 'Give each image an id that differs in its letters or digits, such as "Api" and "Worker".',
  }] : [];
}

/** The Node.js project an image is declared in, or an error that says the image needs one. */
export function nodeProjectOf(image: IConstruct): NodeProject {
  const project = Project.of(image);
  if (!(project instanceof NodeProject)) {
    throw findingsError(findingsOf(image, [{
      rule: NodeImageRule.NOT_A_NODE_PROJECT,
      message: `NodeDockerImage needs a Node.js project (javascript.NodeProject or a subclass), not ${project.constructor.name}.`,
      fix: 'Declare the image on a javascript.NodeProject, a typescript.TypeScriptProject or one of their subclasses.',
    }]));
  }
  return project;
}
