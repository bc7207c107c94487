import { spawnSync } from 'child_process';
import { join } from 'path';
import { describe, inject, it } from 'vitest';
import { containerEnvironment, run } from './containers';
import { describeWithContainers } from './describe-with-containers';

/**
 * The run's dockerd (Debian's docker.io 20.10): one for the whole end-to-end run, started by the
 * global setup (test/e2e/dockerd-setup.ts, scripts/e2e/dockerd.sh: data root, socket and pid file
 * under PND_E2E_HOME/docker) and stopped by its pid when the run ends; the BuildKit builds and the
 * compose test share it. It has no default bridge and leaves the host's iptables alone
 * (`--bridge=none --iptables=false`); Compose still makes its project network, and publishes
 * ports through docker-proxy. Docker's own client is `/usr/bin/docker` (a newer CLI without
 * buildx may come first on PATH).
 */
export interface DockerDaemon {
  /** The environment that points docker, docker-compose and docker-py at this daemon. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs Debian's docker client against the daemon; throws unless it exits 0. */
  docker(args: string[]): string;
  /** Moves an image from the test's container storage (buildah, podman) into the daemon, unless it has it already. */
  load(tag: string): void;
}

/** What is missing to run Compose against the run's daemon, or undefined. */
export function composeToolsProblem(): string | undefined {
  const problem = inject('dockerd').problem;
  if (problem) {
    return problem;
  }
  const result = spawnSync('docker-compose', ['version'], { encoding: 'utf-8' });
  if (result.status !== 0) {
    return `docker-compose is not usable (${result.error?.message ?? result.stderr.trim()}): run "npx projen e2e:setup" as root on Debian (it installs docker-compose)`;
  }
  return undefined;
}

/** The run's daemon: call it inside a describeWithCompose block. */
export function runDockerDaemon(): DockerDaemon {
  const env = containerEnvironment({ ...inject('dockerd').env });
  const docker = (args: string[]) => run('/usr/bin/docker', args, { env }).stdout;
  return {
    env,
    docker,
    load: (tag) => {
      run('bash', [join(__dirname, '..', '..', 'scripts', 'e2e', 'dockerd.sh'), 'load', tag], { env });
    },
  };
}

/**
 * A describe block that needs buildah and podman, and the run's dockerd with docker-compose.
 * Without them it fails in CI (CI=true) and is skipped, loudly, elsewhere.
 */
export function describeWithCompose(name: string, body: () => void): void {
  const problem = composeToolsProblem();
  if (!problem) {
    describeWithContainers(name, body);
  } else if (process.env.CI) {
    describe(name, () => it('has the compose tools it needs', () => {
      throw new Error(problem);
    }));
  } else {
    console.warn(`\n!!! ${name}: SKIPPED: ${problem}\n`);
    describe.skip(name, body);
  }
}
