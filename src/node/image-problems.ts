import { isAbsolute, posix, relative, resolve } from 'path';
import { NodeProject } from 'projen/lib/javascript';
import { HealthCheck } from './health-check';
import { invalidPackageNames } from './system-packages';

/** The parts of an image's options that can be wrong whatever the project is. */
export interface ImageInputs {
  readonly ports: number[];
  readonly healthCheck?: HealthCheck;
  readonly command?: string[];
  readonly uid?: number;
  readonly gid?: number;
  readonly runtimeFiles: string[];
  readonly systemPackages: string[];
}

// Programs that must not be PID 1 in front of node: they do not pass SIGTERM on.
const LAUNCHERS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'bun', 'sh', '/bin/sh', 'bash']);
const MAX_ID = 2147483646;

/** What is wrong with an image's options, each with its fix; empty when nothing is. */
export function imageInputProblems(inputs: ImageInputs): string[] {
  const problems: string[] = [];
  const invalid = invalidPackageNames(inputs.systemPackages);
  if (invalid.length > 0) {
    problems.push(`system package names ${invalid.map((name) => `"${name}"`).join(', ')} are not valid. Fix: give Debian or Alpine package names, such as "ca-certificates".`);
  }
  for (const [name, id] of [['uid', inputs.uid], ['gid', inputs.gid]] as const) {
    if (id !== undefined && (!Number.isInteger(id) || id < 1 || id > MAX_ID)) {
      const why = id === 0 ? `${name} 0 is root` : `${name} ${id} is not a user or group id`;
      problems.push(`${why}. Fix: give a whole number from 1 to ${MAX_ID}, such as 1000 (the official images' "node" user).`);
    }
  }
  problems.push(...commandProblems(inputs.command));
  problems.push(...healthCheckProblems(inputs.healthCheck, inputs.ports));
  for (const file of inputs.runtimeFiles) {
    if (isAbsolute(file) || posix.normalize(file).split('/')[0] === '..') {
      problems.push(`runtime file "${file}" is not inside the build context. Fix: give a path relative to the project, such as "public".`);
    }
  }
  return problems;
}

function commandProblems(command: string[] | undefined): string[] {
  if (command === undefined) {
    return [];
  }
  if (command.length === 0) {
    return ['command is empty. Fix: give the script node runs, such as ["lib/index.js"], or leave command out to run the package\'s main entry point.'];
  }
  const first = command[0];
  if (first === 'node' || first.endsWith('/node')) {
    return [`command starts with "${first}", but the image already runs node: CMD would be node ${first} .... Fix: give only node's arguments, such as ${JSON.stringify(command.slice(1))}.`];
  }
  if (LAUNCHERS.has(first)) {
    return [`command starts with "${first}", which would run as PID 1 in front of node and not pass SIGTERM on, so the service could not stop cleanly. Fix: give the script node runs, such as ["lib/index.js"].`];
  }
  return [];
}

function healthCheckProblems(healthCheck: HealthCheck | undefined, ports: number[]): string[] {
  if (healthCheck?.kind !== 'http') {
    return [];
  }
  const port = healthCheck.port ?? ports[0];
  if (port === undefined) {
    return ['HealthCheck.http needs a port, and the image has none. Fix: list the port in ports, pass HealthCheck.http(path, { port }), or use HealthCheck.command.'];
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return [`the health check's port ${port} is not a port number. Fix: give a port from 1 to 65535.`];
  }
  if (/\s/.test(healthCheck.path ?? '')) {
    return [`the health check's path "${healthCheck.path}" contains whitespace. Fix: percent-encode it, such as "/health%20check".`];
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
