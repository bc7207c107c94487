import { posix } from 'path';
import { codeProblem, imagePathProblem, leadsOut, nameIdProblem, quoted, relativePathProblem, variableNameProblem } from '../core/input-checks';
import { Problem } from '../core/problem';
import { HealthCheck, HealthCheckKind } from './health-check';
import { NodeImageRule } from './node-image-rule';
import { RuntimeFamily } from './runtime';

/** The string options of an image, as given. */
export interface ImageOptionStrings {
  readonly id: string;
  readonly buildContext: string;
  readonly workdir: string;
  readonly runtimeFiles: string[];
  readonly environment: { [name: string]: string };
  readonly buildArgs: { [name: string]: string };
  readonly ports: number[];
  readonly healthCheck?: HealthCheck;
  readonly runtimeFamily: RuntimeFamily;
  readonly runtimePackages: string[];
}

/** Files that hold secrets by what they are: never copied into an image. */
const SECRET_FILE = /^(\.env(\..+)?|\.npmrc|\.yarnrc(\.yml)?|bunfig\.toml|id_(rsa|dsa|ecdsa|ed25519).*|.+\.key)$/;
/** A URL with a password in it (`postgres://app:hunter2@db/app`). */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;
/** Build arguments the image sets itself, from git and the commit. */
const RESERVED_BUILD_ARGS = ['REVISION', 'CREATED'];
/** Programs the slim and distroless Node images do not have, by runtime. */
const MISSING_PROGRAMS: { [family: string]: string[] } = {
  [RuntimeFamily.SLIM]: ['curl', 'wget'],
  [RuntimeFamily.DISTROLESS]: ['curl', 'wget', 'sh', '/bin/sh', 'bash', '/bin/bash'],
  [RuntimeFamily.ALPINE]: ['curl', 'bash', '/bin/bash'],
};

/** What is wrong with the image's string options: ids, paths, variables, ports and the health check's program. */
export function optionStringProblems(options: ImageOptionStrings): Problem[] {
  const problems: Problem[] = [];
  const add = (rule: NodeImageRule, message: string | undefined, fix: string) => {
    if (message !== undefined) {
      problems.push({ rule, message, fix });
    }
  };
  add(NodeImageRule.INVALID_ID, nameIdProblem('the id', options.id),
    'Use an id such as "ApiWorker", which names the tasks docker:build:api-worker and docker:run:api-worker.');
  add(NodeImageRule.INVALID_PATH, relativePathProblem('buildContext', options.buildContext, { mayLeave: true }),
    'Give "." (the project folder) or a folder above it, such as "../..", of letters, digits, ".", "_", "-" and "/".');
  // A relative workdir is the Dockerfile's own finding (WorkdirRelativePath).
  add(NodeImageRule.INVALID_PATH, options.workdir.startsWith('/') ? imagePathProblem('workdir', options.workdir) : undefined, 'Give an absolute path such as "/app".');
  for (const file of options.runtimeFiles) {
    problems.push(...runtimeFileProblems(file));
  }
  problems.push(...variableProblems('environment', options.environment, true));
  problems.push(...variableProblems('buildArgs', options.buildArgs, false));
  const repeated = options.ports.filter((port, index) => options.ports.indexOf(port) !== index);
  add(NodeImageRule.DUPLICATE_PORT, repeated.length > 0 ? `port ${repeated[0]} is listed more than once.` : undefined,
    'List each port once (ports and addPort() together).');
  problems.push(...healthCheckProgramProblems(options));
  return problems;
}

function runtimeFileProblems(file: string): Problem[] {
  const outside = file.startsWith('/') || leadsOut(file);
  if (outside) {
    return [{
      rule: NodeImageRule.RUNTIME_FILE_OUTSIDE_CONTEXT,
      message: `runtime file ${quoted(file)} is not inside the build context.`,
      fix: 'Give a path relative to the project, such as "public".',
    }];
  }
  const invalid = relativePathProblem('runtime file', file);
  if (invalid) {
    return [{ rule: NodeImageRule.INVALID_PATH, message: invalid, fix: 'Give a path relative to the project, such as "public" or "config/default.json".' }];
  }
  if (SECRET_FILE.test(posix.basename(file))) {
    return [{
      rule: NodeImageRule.SECRET_RUNTIME_FILE,
      message: `runtime file ${quoted(file)} holds secrets or registry settings, and anyone who pulls the image could read it.`,
      fix: 'Leave it out of runtimeFiles and give its values to the container when it runs (docker run --env-file, compose environment, or your orchestrator\'s secrets).',
    }];
  }
  return [];
}

function variableProblems(option: 'environment' | 'buildArgs', variables: { [name: string]: string }, runTime: boolean): Problem[] {
  const problems: Problem[] = [];
  const where = runTime
    ? 'ENV is stored in the image config, which anyone who pulls the image can read'
    : 'build arguments are stored in the image history';
  const credentialFix = runTime
    ? 'Give it to the container when it runs (docker run -e NAME, compose environment, or your orchestrator\'s secrets).'
    : 'Pass it as a build secret (installSecrets for registry tokens), which no layer or history keeps.';
  for (const [name, value] of Object.entries(variables)) {
    const invalidName = variableNameProblem(`${option} name`, name);
    if (invalidName) {
      problems.push({ rule: NodeImageRule.INVALID_ENVIRONMENT, message: invalidName, fix: 'Use a name such as "LOG_LEVEL".' });
      continue;
    }
    const invalidValue = codeProblem(`${option} ${name}`, value)?.replace(/, which GitHub.*$/, '.');
    if (invalidValue && /control character/.test(invalidValue)) {
      problems.push({ rule: NodeImageRule.INVALID_ENVIRONMENT, message: invalidValue, fix: 'Give a value on one line.' });
    } else if (runTime && name === 'NODE_ENV' && value !== 'production') {
      problems.push({
        rule: NodeImageRule.INVALID_ENVIRONMENT,
        message: `environment sets NODE_ENV to ${quoted(value)}, but the image installs only production dependencies and always runs with NODE_ENV=production.`,
        fix: 'Leave NODE_ENV out; to run another mode, set it when the container runs (docker run -e NODE_ENV=...).',
      });
    } else if (!runTime && RESERVED_BUILD_ARGS.includes(name)) {
      problems.push({
        rule: NodeImageRule.INVALID_ENVIRONMENT,
        message: `buildArgs ${name} is set by the image itself, from the commit it is built from.`,
        fix: `Leave ${name} out of buildArgs; docker:build and the workflow pass it.`,
      });
    } else if (URL_WITH_PASSWORD.test(value)) {
      // A name that says it is a secret is the Dockerfile's own finding (SecretsUsedInArgOrEnv); a URL's password hides in any name.
      problems.push({
        rule: NodeImageRule.CREDENTIAL_IN_IMAGE,
        // The value itself is never repeated: it may be a credential.
        message: `${option} ${name} holds a URL with a password in it, and ${where}.`,
        fix: credentialFix,
      });
    }
  }
  return problems;
}

function healthCheckProgramProblems(options: ImageOptionStrings): Problem[] {
  if (options.healthCheck?.kind !== HealthCheckKind.COMMAND) {
    return [];
  }
  const argv = options.healthCheck._checkArgv('node') ?? [];
  const problem = (message: string, fix: string): Problem[] => [{ rule: NodeImageRule.INVALID_HEALTH_CHECK, message, fix }];
  if (argv.length === 0 || argv.some((argument) => argument === '' || codeProblem('', argument) !== undefined)) {
    return problem(`the health check's command ${JSON.stringify(argv)} is empty, or has an empty argument or a control character.`,
      'Give the program and its arguments, such as HealthCheck.command([\'node\', \'healthcheck.js\']).');
  }
  const program = argv[0];
  const missing = MISSING_PROGRAMS[options.runtimeFamily] ?? [];
  if (missing.includes(program) && !options.runtimePackages.includes(posix.basename(program))) {
    return problem(`the health check runs "${program}", which the ${options.runtimeFamily} runtime image does not have, so the container would never be healthy.`,
      options.runtimeFamily === RuntimeFamily.DISTROLESS
        ? 'Use HealthCheck.http(path), which runs node\'s fetch, or a script run by node.'
        : `Use HealthCheck.http(path), which runs node's fetch, or add "${posix.basename(program)}" to runtimePackages.`);
  }
  return [];
}
