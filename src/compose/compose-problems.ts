import { isIP } from 'net';
import { Project } from 'projen';
import { ComposeRule } from './compose-rule';
import { ComposeService } from './compose-service';
import { DependencyCondition } from './dependency-condition';
import { pathInProject } from '../core/construct-path';
import { Problem } from '../core/problem';
import { ImageReference } from '../images';

/** Compose's service names; lowercase, since they are also host names and container names. */
const SERVICE_NAME = /^[a-z0-9][a-z0-9_.-]*$/;
const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const problem = (rule: ComposeRule, message: string, fix: string): Problem => ({ rule, message, fix });
const validPort = (port: number | undefined) => port !== undefined && Number.isInteger(port) && port >= 1 && port <= 65535;

/** What is wrong with one service on its own. */
export function serviceProblems(service: ComposeService, project: Project): Problem[] {
  const problems: Problem[] = [];
  const name = service.serviceName;
  if (!SERVICE_NAME.test(name)) {
    problems.push(problem(ComposeRule.INVALID_SERVICE_NAME,
      `service name "${name}" is not one Compose accepts as a service and host name.`,
      'Use lowercase letters, digits, "_", "-" and "." and start with a letter or digit, such as "api".'));
  }
  if ((service.containerImage === undefined) === (service.image === undefined)) {
    problems.push(problem(ComposeRule.INVALID_IMAGE,
      `service "${name}" needs either an image of the project to build or a ready-made image, not ${service.containerImage ? 'both' : 'neither'}.`,
      'Use compose.addImage(name, image) for an image of the project, or compose.addService(name, { image: "postgres:17-trixie" }).'));
  }
  if (service.containerImage && Project.of(service.containerImage) !== project) {
    problems.push(problem(ComposeRule.IMAGE_OF_ANOTHER_PROJECT,
      `image ${service.containerImage.node.id} belongs to project "${Project.of(service.containerImage).name}", and this compose file builds from project "${project.name}".`,
      'Declare the compose file on the image\'s project, or give the image a ComposeFile of its own.'));
  }
  if (service.image !== undefined) {
    problems.push(...imageProblems(service.image));
  }
  for (const port of service.ports) {
    if (!validPort(port.target) || !validPort(port.published)) {
      problems.push(problem(ComposeRule.INVALID_PORT, `port ${port.published}:${port.target} is not a valid port mapping.`, 'Give whole numbers from 1 to 65535.'));
    }
    if (isIP(port.hostIp!) === 0) {
      problems.push(problem(ComposeRule.INVALID_PORT, `host address "${port.hostIp}" is not an IP address.`,
        'Give an IPv4 or IPv6 address, such as "127.0.0.1" (loopback) or "0.0.0.0" (every interface).'));
    }
  }
  const badNames = Object.keys(service.environment).filter((variable) => !ENVIRONMENT_NAME.test(variable));
  if (badNames.length > 0) {
    problems.push(problem(ComposeRule.INVALID_ENVIRONMENT,
      `environment variable names ${badNames.map((variable) => `"${variable}"`).join(', ')} are not valid.`,
      'Start with a letter or "_" and use letters, digits, "_", "." and "-", such as "DATABASE_URL".'));
  }
  problems.push(...healthCheckProblems(service));
  const writable = service._writablePaths();
  if (service.readOnly && writable.length > 0) {
    problems.push(problem(ComposeRule.READ_ONLY_WITH_WRITABLE_FILES,
      `the image's Dockerfile gives the service files to write (${writable.join(', ')}), and readOnly makes the root filesystem read-only.`,
      'Leave readOnly out (it is then false for this image), or mount a volume where the service writes and stop giving it those files.'));
  }
  return problems;
}

function imageProblems(reference: string): Problem[] {
  const invalid = ImageReference.problemWith(reference);
  if (invalid) {
    return [problem(ComposeRule.INVALID_IMAGE, `image "${reference}" is not a valid image reference: ${invalid}.`, 'Give a reference such as "postgres:17-trixie".')];
  }
  const parsed = ImageReference.parse(reference);
  if (!parsed.digest && (parsed.tag === undefined || parsed.tag === 'latest')) {
    return [problem(ComposeRule.INVALID_IMAGE,
      `image "${reference}" ${parsed.tag ? 'is "latest"' : 'has no tag'}, so every pull may run another version.`,
      'Give a version tag, such as "postgres:17-trixie", or a digest.')];
  }
  return [];
}

function healthCheckProblems(service: ComposeService): Problem[] {
  const health = service.healthCheck;
  if (!health) {
    return [];
  }
  const problems: Problem[] = [];
  if (health.command.length === 0 || health.command[0].trim() === '') {
    problems.push(problem(ComposeRule.INVALID_HEALTH_CHECK, `the health check of service "${service.serviceName}" has no command.`,
      'Give the program and its arguments, such as ["pg_isready", "-h", "127.0.0.1"].'));
  }
  const durations = [['interval', health.interval, 1], ['timeout', health.timeout, 1], ['startPeriod', health.startPeriod, 0]] as const;
  for (const [name, duration, minimum] of durations) {
    if (duration && (!Number.isInteger(duration.milliseconds) || duration.milliseconds < minimum)) {
      problems.push(problem(ComposeRule.INVALID_HEALTH_CHECK, `health check ${name} of ${duration.milliseconds}ms is not allowed.`,
        `Use a whole number of milliseconds of at least ${minimum}ms.`));
    }
  }
  if (health.retries !== undefined && (!Number.isInteger(health.retries) || health.retries < 1)) {
    problems.push(problem(ComposeRule.INVALID_HEALTH_CHECK, `health check retries ${health.retries} is not a positive whole number.`, 'Use a whole number of at least 1.'));
  }
  return problems;
}

/**
 * What is wrong between the services of one compose file: host ports published
 * twice, and dependencies on nothing, on themselves, in a cycle, or on a
 * service without a health check that they wait to be healthy.
 */
export function relationProblems(services: ComposeService[]): Map<ComposeService, Problem[]> {
  const found = new Map<ComposeService, Problem[]>(services.map((service) => [service, []]));
  const published: Array<{ service: ComposeService; hostIp: string; port: number; protocol: string }> = [];
  for (const service of services) {
    for (const port of service.ports) {
      const wildcard = (ip: string) => ip === '0.0.0.0' || ip === '::';
      const clash = published.find((other) => other.port === port.published && other.protocol === port.protocol
        && (other.hostIp === port.hostIp || wildcard(other.hostIp) || wildcard(port.hostIp!)));
      if (clash) {
        const by = clash.service === service ? 'this service already' : `service "${clash.service.serviceName}"`;
        found.get(service)!.push(problem(ComposeRule.PUBLISHED_PORT_IN_USE,
          `host port ${clash.hostIp}:${port.published}/${port.protocol} is published by ${by}, so Compose could not start service "${service.serviceName}".`,
          `Publish container port ${port.target} of "${service.serviceName}" on another host port (ports: [{ target: ${port.target}, published: ${port.published! + 1} }]), or leave it unpublished (ports: []): services reach each other on the compose network as "${clash.service.serviceName}:${clash.port}" without it.`));
      } else {
        published.push({ service, hostIp: port.hostIp!, port: port.published!, protocol: port.protocol! });
      }
    }
  }
  for (const service of services) {
    for (const { service: dependency, condition } of service.dependencies) {
      const problems = found.get(service)!;
      if (dependency === service) {
        problems.push(problem(ComposeRule.INVALID_DEPENDENCY, `service "${service.serviceName}" depends on itself.`, 'Remove the dependency.'));
      } else if (!found.has(dependency)) {
        problems.push(problem(ComposeRule.INVALID_DEPENDENCY,
          `service "${service.serviceName}" depends on service "${dependency.serviceName}" of another compose file (${pathInProject(dependency)}).`,
          'Add the dependency to the same ComposeFile, with compose.addService() or compose.addPostgres().'));
      } else if (condition === DependencyCondition.HEALTHY && !dependency.healthCheck) {
        problems.push(problem(ComposeRule.DEPENDENCY_WITHOUT_HEALTH_CHECK,
          `service "${service.serviceName}" waits for "${dependency.serviceName}" to be healthy (condition service_healthy), and "${dependency.serviceName}" has no health check, so Compose would refuse to start "${service.serviceName}".`,
          `Give "${dependency.serviceName}" a health check (healthCheck: { command: [...] }), or wait only for it to start (condition: DependencyCondition.STARTED).`));
      } else if (reaches(dependency, service, new Set())) {
        problems.push(problem(ComposeRule.INVALID_DEPENDENCY,
          `services "${service.serviceName}" and "${dependency.serviceName}" depend on each other (through depends_on), so Compose could start neither.`,
          'Remove one of the dependencies.'));
      }
    }
  }
  return found;
}

/** Whether `from` depends on `to`, directly or through other services. */
function reaches(from: ComposeService, to: ComposeService, seen: Set<ComposeService>): boolean {
  if (seen.has(from)) {
    return false;
  }
  seen.add(from);
  return from.dependencies.some(({ service }) => service === to || reaches(service, to, seen));
}
