import { readFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot, synthesizeInPlace } from '../util';
import { attempt, buildImage, containerEnvironment, copyContext, run } from './containers';
import { DockerDaemon, describeWithCompose, runDockerDaemon } from './docker-daemon';

const FIXTURE = join(repositoryRoot, 'test', 'fixtures', 'compose-service');
const POSTGRES_STANDIN = join(repositoryRoot, 'scripts', 'e2e', 'standins', 'postgres');
const PROJECT = 'pnd-e2e-compose';
/** The host port the fixture publishes the service on. */
const PUBLISHED = 38301;

interface ContainerState {
  Id: string;
  Name: string;
  State: { Status: string; StartedAt: string; Health?: { Status: string } };
  HostConfig: {
    ReadonlyRootfs: boolean;
    Init: boolean | null;
    Tmpfs: Record<string, string> | null;
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
  };
  Config: { User: string; Healthcheck?: { Test: string[] } };
}

/** Whether nothing listens on a loopback port. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describeWithCompose('compose: the fixture\'s compose.yaml, checked by docker-compose and podman-compose, up with Postgres', () => {
  const seconds: Record<string, number> = {};
  const timed = <T>(name: string, action: () => T): T => {
    const started = Date.now();
    try {
      return action();
    } finally {
      seconds[name] = (Date.now() - started) / 1000;
    }
  };
  let context: string;
  let daemon: DockerDaemon | undefined;
  let compose: (args: string[]) => ReturnType<typeof attempt>;
  let upAt: number;

  const inspect = (service: string): ContainerState => {
    const id = compose(['ps', '-q', service]).stdout.trim();
    return JSON.parse(daemon!.docker(['inspect', id]))[0];
  };

  beforeAll(async () => {
    synthesizeInPlace(FIXTURE);
    context = copyContext(FIXTURE);
    console.log(`compose.yaml of the fixture:\n${readFileSync(join(context, 'compose.yaml'), 'utf-8')}`);
    timed('build service image (buildah)', () => buildImage({ context, tag: parse(readFileSync(join(context, 'compose.yaml'), 'utf-8')).services.service.image }));
    timed('build postgres stand-in (buildah)', () => run('buildah', [
      'bud', '--pull-never', '--format', 'docker', '--layers', '-f', join(POSTGRES_STANDIN, 'Containerfile'), '-t', 'docker.io/library/postgres:17-trixie', POSTGRES_STANDIN,
    ]));
    daemon = runDockerDaemon();
    compose = (args) => attempt('docker-compose', ['--project-name', PROJECT, '-f', 'compose.yaml', ...args], { cwd: context, env: daemon!.env });
    // dockerd's BuildKit would fetch the Dockerfile's `# syntax=` frontend from a registry, and its legacy builder has no
    // RUN --mount: the images are built with buildah, as every other end-to-end test builds them, and loaded.
    timed('load both images into dockerd', () => ['localhost/compose-service:0.0.0', 'docker.io/library/postgres:17-trixie'].forEach((tag) => daemon!.load(tag)));
    if (!(await portIsFree(PUBLISHED))) {
      throw new Error(`127.0.0.1:${PUBLISHED}, which the fixture publishes the service on, is taken on this machine`);
    }
    upAt = Date.now();
    const up = timed('docker-compose up', () => compose(['up', '--detach', '--no-build']));
    expect(up.status, up.stdout + up.stderr).toBe(0);
    const deadline = Date.now() + 120_000;
    while (inspect('service').State.Health?.Status !== 'healthy') {
      if (Date.now() > deadline) {
        throw new Error(`the service did not become healthy:\n${compose(['logs', '--no-color']).stdout}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    seconds['up until the service is healthy'] = (Date.now() - upAt) / 1000;
  });

  afterAll(() => {
    // The run's daemon stays up for the other tests; the global setup stops it.
    if (daemon) {
      compose(['down', '--volumes', '--remove-orphans', '--timeout', '5']);
    }
    console.log(`compose test timings (s): ${JSON.stringify(seconds)}`);
  });

  it('is a valid Compose file for docker-compose 1.29 and podman-compose 1.0', () => {
    expect(run('docker-compose', ['version', '--short']).stdout.trim()).toBe('1.29.2');
    // Compose v1 checks the file against its Compose specification schema.
    const config = run('docker-compose', ['-f', 'compose.yaml', 'config'], { cwd: context });
    const resolved = parse(config.stdout);
    expect(Object.keys(resolved.services).sort()).toEqual(['db', 'service']);
    expect(resolved.services.service).toMatchObject({
      depends_on: { db: { condition: 'service_healthy' } }, init: true, read_only: true, tmpfs: ['/tmp'], ports: [`127.0.0.1:${PUBLISHED}:3000/tcp`],
    });

    // podman-compose 1.0.3 has no config command: its dry run parses the file and prints the podman commands it would run
    // (it still creates the network and the volume, removed below).
    const podman = containerEnvironment({});
    expect(run('podman-compose', ['version'], { env: podman }).stdout).toContain('podman-composer version  1.0.3');
    const check = `${PROJECT}-check`;
    try {
      const dryRun = run('podman-compose', ['--dry-run', '-p', check, '-f', 'compose.yaml', 'up', '--detach', '--no-build'], { cwd: context, env: podman });
      const runs = dryRun.stdout.split('\n').filter((line) => line.startsWith('podman run '));
      expect(runs.map((line) => /--name=(\S+)/.exec(line)![1])).toEqual([`${check}_db_1`, `${check}_service_1`]);
      for (const flag of ['--read-only', '--init', '--tmpfs /tmp', `-p 127.0.0.1:${PUBLISHED}:3000`, '-e DATABASE_URL=postgres://app:app@db:5432/app']) {
        expect(runs[1]).toContain(flag);
      }
      expect(runs[0]).toContain(`-v ${check}_db-data:/var/lib/postgresql/data`);
    } finally {
      attempt('podman', ['network', 'rm', `${check}_default`], { env: podman });
      attempt('podman', ['volume', 'rm', `${check}_db-data`], { env: podman });
    }
  });

  it('starts the service only after the database is healthy, and the service answers and is healthy', async () => {
    const db = inspect('db');
    const service = inspect('service');
    expect(db.State.Health?.Status).toBe('healthy');
    // The daemon's events: when the database turned healthy, and when the service's container started.
    const window = ['--since', String(Math.floor(upAt / 1000) - 1), '--until', String(Math.ceil(Date.now() / 1000))];
    const events = daemon!.docker(['events', ...window, '--format', '{{json .}}'])
      .trim().split('\n').map((line) => JSON.parse(line) as { id: string; status: string; timeNano: number });
    const healthy = events.find((event) => event.id === db.Id && event.status === 'health_status: healthy');
    const started = events.find((event) => event.id === service.Id && event.status === 'start');
    expect(healthy, JSON.stringify(events.map((event) => event.status))).toBeDefined();
    expect(started!.timeNano).toBeGreaterThan(healthy!.timeNano);

    const response = await fetch(`http://127.0.0.1:${PUBLISHED}/health`);
    const health = await response.json() as {
      status: string; database: string; uid: number; pid: number; appWritable: boolean; tmpWritable: boolean;
    };
    expect(response.status).toBe(200);
    // It reached Postgres by its service name; it runs as 1000 under Docker's init, on a read-only root with a writable /tmp.
    expect(health).toMatchObject({ status: 'ok', database: 'db:5432', uid: 1000, appWritable: false, tmpWritable: true });
    expect(health.pid).not.toBe(1);
    expect(service.HostConfig).toMatchObject({ ReadonlyRootfs: true, Init: true, Tmpfs: { '/tmp': '' } });
    expect(service.HostConfig.PortBindings['3000/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(PUBLISHED) }]);
    expect(service.Config.User).toBe('1000:1000');
  });

  it('is stopped and removed with its volume by docker-compose down', () => {
    const down = compose(['down', '--volumes', '--timeout', '5']);
    expect(down.status, down.stdout + down.stderr).toBe(0);
    expect(daemon!.docker(['ps', '--all', '--quiet', '--filter', `label=com.docker.compose.project=${PROJECT}`]).trim()).toBe('');
    expect(daemon!.docker(['volume', 'ls', '--quiet', '--filter', `label=com.docker.compose.project=${PROJECT}`]).trim()).toBe('');
    expect(daemon!.docker(['network', 'ls', '--quiet', '--filter', `label=com.docker.compose.project=${PROJECT}`]).trim()).toBe('');
  });
});
