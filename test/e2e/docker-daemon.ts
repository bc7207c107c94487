import { spawn, spawnSync } from 'child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, it } from 'vitest';
import { containerEnvironment, run } from './containers';
import { describeWithContainers } from './describe-with-containers';

/**
 * dockerd 20.10 from Debian's docker.io, started by a test in folders of its
 * own and stopped by its pid: no init system runs here to start the package's
 * service. It has no default bridge and leaves the host's iptables alone
 * (`--bridge=none --iptables=false`); Compose still makes its project network,
 * and publishes ports through docker-proxy. Docker's own client is
 * `/usr/bin/docker` (a newer CLI without buildx may come first on PATH).
 */
export interface DockerDaemon {
  /** The environment that points docker, docker-compose and docker-py at this daemon. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs Debian's docker client against the daemon; throws unless it exits 0. */
  docker(args: string[]): string;
  /** Moves an image from the test's container storage (buildah, podman) into the daemon. */
  load(tag: string): void;
  /** Stops the daemon and removes its folders. */
  stop(): Promise<void>;
}

/** What is missing to run Compose against a daemon here, or undefined. */
export function composeToolsProblem(): string | undefined {
  for (const [tool, args] of [['dockerd', ['--version']], ['/usr/bin/docker', ['--version']], ['docker-compose', ['version']]] as const) {
    const result = spawnSync(tool, [...args], { encoding: 'utf-8' });
    if (result.status !== 0) {
      return `${tool} is not usable (${result.error?.message ?? result.stderr.trim()}): run "npx projen e2e:setup" as root on Debian (it installs docker.io and docker-compose)`;
    }
  }
  return undefined;
}

/** Starts a daemon and waits until it answers. */
export async function startDockerDaemon(): Promise<DockerDaemon> {
  // A short path: the socket's path must fit in a unix socket address.
  const home = mkdtempSync(join(tmpdir(), 'pnd-dockerd-'));
  const socket = join(home, 'docker.sock');
  const log = openSync(join(home, 'dockerd.log'), 'a');
  const daemon = spawn('dockerd', [
    '--data-root', join(home, 'data'), '--exec-root', join(home, 'exec'), '--pidfile', join(home, 'dockerd.pid'),
    '--iptables=false', '--ip-forward=false', '--ip-masq=false', '--bridge=none', '-H', `unix://${socket}`,
  ], { stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  const env = containerEnvironment({ DOCKER_HOST: `unix://${socket}` });
  const docker = (args: string[]) => run('/usr/bin/docker', args, { env }).stdout;
  const deadline = Date.now() + 60_000;
  while (spawnSync('/usr/bin/docker', ['info'], { env, stdio: 'ignore' }).status !== 0) {
    if (daemon.exitCode !== null || Date.now() > deadline) {
      throw new Error(`dockerd did not start:\n${readFileSync(join(home, 'dockerd.log'), 'utf-8').split('\n').slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    env,
    docker,
    load: (tag) => {
      const archive = join(home, 'image.tar');
      run('podman', ['save', '--format', 'docker-archive', '-o', archive, tag]);
      docker(['load', '-i', archive]);
      rmSync(archive);
    },
    stop: async () => {
      if (daemon.exitCode === null && daemon.pid !== undefined) {
        const exited = new Promise((resolve) => daemon.once('exit', resolve));
        process.kill(daemon.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      }
      // The daemon unmounted its layers on the way out; what is left is plain files.
      spawnSync('umount', ['-R', join(home, 'exec')], { stdio: 'ignore' });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * A describe block that needs buildah and podman, and dockerd with docker-compose.
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
