import { spawnSync } from 'child_process';
import { join } from 'path';

/**
 * Global setup of the end-to-end suite: the Docker Engine the BuildKit builds use, a dockerd
 * of the harness's own (scripts/e2e/dockerd.sh: data root, socket and pid file under
 * PND_E2E_HOME/docker, no bridge, no iptables rules), started once per run and stopped by
 * its pid when the run ends. Never a system dockerd.
 */

/** What the tests get: the environment that reaches the daemon, or why there is none. */
export interface DockerdContext {
  readonly env?: { readonly DOCKER_HOST: string; readonly DOCKER_CONFIG: string; readonly PND_E2E_DOCKER_DIR: string };
  readonly problem?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    dockerd: DockerdContext;
  }
}

const script = join(__dirname, '..', '..', 'scripts', 'e2e', 'dockerd.sh');

/** What vitest hands a global setup (its TestProject), as far as this one uses it. */
interface SetupProject {
  provide(key: 'dockerd', value: DockerdContext): void;
}

export default function setup(project: SetupProject): () => void {
  const started = spawnSync('bash', [script, 'start', String(process.pid)], { encoding: 'utf-8' });
  if (started.status !== 0) {
    const why = `${started.stderr}${started.error ?? ''}`.trim().split('\n').filter(Boolean).pop() ?? `exited with ${started.status}`;
    project.provide('dockerd', { problem: `no dockerd for the BuildKit builds: ${why}` });
    return () => undefined;
  }
  process.stderr.write(started.stderr);
  const env = Object.fromEntries(started.stdout.trim().split('\n').map((line) => {
    const index = line.indexOf('=');
    return [line.slice(0, index), line.slice(index + 1)];
  })) as unknown as NonNullable<DockerdContext['env']>;
  project.provide('dockerd', { env });
  return () => {
    const stopped = spawnSync('bash', [script, 'stop', env.PND_E2E_DOCKER_DIR], { encoding: 'utf-8' });
    process.stderr.write(stopped.stderr);
  };
}
