import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
import { inject } from 'vitest';
import { Builder, BuilderOptions, BuiltImage, commitArgs, ContainerUnderTest } from './builders';
import {
  attempt, BuildStep, CommandError, CommandResult, containerEnvironment, containerToolsProblem, run, settingsSecretsOf,
} from './containers';
import { archiveLayers, withArchive } from './image-archive';

/**
 * BuildKit, as Docker Engine 20.10 from Debian (docker.io) has it built in: a dockerd of the
 * harness's own (test/e2e/dockerd-setup.ts), driven by docker.io's client /usr/bin/docker with
 * DOCKER_BUILDKIT=1. (/usr/local/bin/docker here is a newer client without buildx: it only
 * reaches the legacy builder, which cannot build RUN --mount.)
 *
 * What this cannot test, and the tests therefore do not claim:
 * - the `# syntax=docker/dockerfile:1` line: BuildKit would fetch that frontend from Docker Hub,
 *   which is not reachable here. Each build uses a copy of the generated Dockerfile without its
 *   first line (every other line is the generated one), beside a copy of its own ignore file,
 *   so the daemon's built-in frontend (BuildKit 0.8) builds it;
 * - what only newer frontends and BuildKit have: SOURCE_DATE_EPOCH (0.11; here the build arg is
 *   passed and has no effect, so two cold builds of one commit differ in their times and are
 *   not compared: reproducible.e2e.test.ts builds on buildah only), build checks and `# check=`, heredocs, `COPY --link/--parents/
 *   --exclude`, `HEALTHCHECK --start-interval`;
 * - Buildx and the GitHub Actions cache (`type=gha`): the workflow is checked by actionlint and
 *   the workflow schema only.
 * There is no bridge network: builds use the host's network, containers none, and the tests reach
 * the service from inside its network namespace (nsenter). The health check runs every second
 * (`--health-interval 1s`) instead of the image's 30 s, so that the daemon reports it in time:
 * its command is the image's.
 */

const DOCKER = '/usr/bin/docker';

function dockerEnv(): NodeJS.ProcessEnv {
  const { env } = inject('dockerd');
  return containerEnvironment({ ...env, DOCKER_BUILDKIT: '1' });
}

function docker(args: string[], options: { check?: boolean } = {}): CommandResult {
  const result = attempt(DOCKER, args, { env: dockerEnv() });
  if (options.check !== false && result.status !== 0) {
    throw new CommandError([DOCKER, ...args].join(' '), result);
  }
  return result;
}

/** The images a Dockerfile builds FROM (not its stages), moved over from the e2e storage when the daemon lacks them. */
export function loadBaseImages(dockerfile: string): void {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of readFileSync(dockerfile, 'utf-8').split('\n')) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      if (!stages.has(from[1]) && from[1] !== 'scratch') {
        images.push(from[1]);
      }
      if (from[2]) {
        stages.add(from[2]);
      }
    }
  }
  if (images.length > 0) {
    run('bash', [join(__dirname, '..', '..', 'scripts', 'e2e', 'dockerd.sh'), 'load', ...images], { env: dockerEnv() });
  }
}

/** A copy of the Dockerfile without the `# syntax=` line, beside a copy of its own ignore file (BuildKit reads `<Dockerfile>.dockerignore` there). */
function withoutSyntaxLine(dockerfile: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'pnd-buildkit-'));
  const copy = join(folder, basename(dockerfile));
  writeFileSync(copy, readFileSync(dockerfile, 'utf-8').replace(/^# syntax=.*\n/, ''));
  if (existsSync(`${dockerfile}.dockerignore`)) {
    copyFileSync(`${dockerfile}.dockerignore`, `${copy}.dockerignore`);
  }
  return copy;
}

/** The steps of a BuildKit build (`--progress plain`): `#7 [build 2/5] RUN ...`, then `#7 CACHED` when it came from the cache. */
function buildkitSteps(log: string): BuildStep[] {
  const steps = new Map<string, { instruction: string; cached: boolean }>();
  for (const line of log.split('\n')) {
    const step = /^#(\d+) \[(?!internal\])[^\]]+\] (.*)$/.exec(line);
    if (step && !steps.has(step[1])) {
      steps.set(step[1], { instruction: step[2], cached: false });
    }
    const cached = /^#(\d+) CACHED$/.exec(line);
    if (cached && steps.has(cached[1])) {
      steps.get(cached[1])!.cached = true;
    }
  }
  return [...steps.values()];
}

async function poll<T>(what: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = what();
    if (value !== undefined || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function startContainer(tag: string, name: string, containerPort = 3000): Promise<ContainerUnderTest> {
  docker(['rm', '-f', name], { check: false });
  docker(['run', '-d', '--name', name, '--network', 'none', '--health-interval', '1s', tag]);
  const logs = () => { const result = docker(['logs', name], { check: false }); return result.stdout + result.stderr; };
  // The host's node, in the container's network namespace only: the status and the body, as JSON.
  const exchange = (path: string) => {
    const pid = docker(['inspect', '--format', '{{.State.Pid}}', name]).stdout.trim();
    const script = `fetch('http://127.0.0.1:${containerPort}${path}').then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() })), () => process.exit(1))`;
    const result = attempt('nsenter', [`--net=/proc/${pid}/ns/net`, process.execPath, '-e', script]);
    return result.status === 0 ? JSON.parse(result.stdout) as { status: number; body: string } : undefined;
  };
  return {
    name,
    answer: async (path) => {
      const answered = await poll(() => { const response = exchange(path); return response?.status === 200 ? response.body : undefined; }, 30_000);
      if (answered === undefined) {
        throw new Error(`${name} did not answer ${path} within 30 s; container log:\n${logs()}`);
      }
      return JSON.parse(answered);
    },
    get: async (path) => {
      const response = exchange(path);
      if (!response) {
        throw new Error(`${name} did not answer ${path}; container log:\n${logs()}`);
      }
      return response;
    },
    healthy: async () => {
      const status = await poll(() => {
        const current = docker(['inspect', '--format', '{{.State.Health.Status}}', name]).stdout.trim();
        return current === 'starting' ? undefined : current;
      }, 40_000);
      return status === 'healthy';
    },
    logs,
    remove: () => { docker(['rm', '-f', name], { check: false }); },
  };
}

/** The folders of an image's layers in the daemon's overlay2 storage, the top one first, as dockerd stacks them. */
function layerFolders(tag: string): string[] {
  const driver = JSON.parse(docker(['image', 'inspect', '--format', '{{json .GraphDriver}}', tag]).stdout);
  if (driver.Name !== 'overlay2') {
    throw new Error(`the e2e dockerd stores images with ${driver.Name}, not overlay2: start it with scripts/e2e/dockerd.sh`);
  }
  return [driver.Data.UpperDir, ...(driver.Data.LowerDir ? String(driver.Data.LowerDir).split(':') : [])];
}

/**
 * The image's files, as a read-only overlay of its layers, as podman's `image mount` gives them on
 * buildah's side: no copy (an export of a 300 MB image took 8 s, the mount 0.1 s).
 */
function withMountedImage<T>(tag: string, look: (rootfs: string) => T): T {
  const layers = layerFolders(tag);
  if (layers.length === 1) {
    return look(layers[0]);
  }
  // overlay2's short names (l/<id>, from each layer's link file) keep the options of a deep image within the page a mount takes, as dockerd's own mounts do.
  const storage = dirname(dirname(layers[0]));
  const lower = layers.map((folder) => `l/${readFileSync(join(dirname(folder), 'link'), 'utf-8').trim()}`).join(':');
  const rootfs = mkdtempSync(join(tmpdir(), 'pnd-rootfs-'));
  run('mount', ['-t', 'overlay', 'overlay', '-o', `ro,lowerdir=${lower}`, rootfs], { cwd: storage });
  try {
    return look(rootfs);
  } finally {
    run('umount', [rootfs]);
    rmSync(rootfs, { recursive: true, force: true });
  }
}

/** Reads the image as `docker save` writes it. */
function fromSaved<T>(tag: string, read: (archive: string) => T): T {
  return withArchive((archive) => docker(['save', '-o', archive, tag]), read);
}

export const BUILDKIT: Builder = {
  name: 'BuildKit',
  problem: () => inject('dockerd').problem ?? containerToolsProblem(),
  build: (options: BuilderOptions) => {
    const dockerfile = join(options.context, options.dockerfile ?? 'Dockerfile');
    loadBaseImages(dockerfile);
    if (options.cold) {
      // The whole build cache of this daemon, cache mounts included.
      docker(['builder', 'prune', '--all', '--force']);
    }
    const args = ['build', '--network', 'host', '--progress', 'plain', '-f', withoutSyntaxLine(dockerfile), '-t', options.tag];
    const secrets = { ...settingsSecretsOf(dockerfile, options.projectFolder ?? options.context), ...options.secrets };
    for (const [id, file] of Object.entries(secrets)) {
      args.push('--secret', `id=${id},src=${file}`);
    }
    if (options.noCache || options.cold) {
      args.push('--no-cache');
    }
    if (options.target) {
      args.push('--target', options.target);
    }
    for (const [name, value] of Object.entries(options.buildArgs ?? {})) {
      args.push('--build-arg', `${name}=${value}`);
    }
    if (options.commit) {
      // As docker:build passes it; BuildKit 0.8 does not read it (0.11 and later do).
      args.push('--build-arg', `SOURCE_DATE_EPOCH=${options.commit.epoch}`, ...commitArgs(options.commit));
    }
    args.push(...options.extraArgs ?? [], options.context);
    const started = process.hrtime.bigint();
    const result = docker(args);
    return { log: result.stdout + result.stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  },
  steps: buildkitSteps,
  failedRun: (command) => new RegExp(`executor failed running \\[/bin/sh -c [^\\]]*(${command})`),
  inspect: (tag): BuiltImage => {
    const [image] = JSON.parse(docker(['image', 'inspect', tag]).stdout);
    return {
      config: image.Config,
      healthcheck: image.Config.Healthcheck,
      size: image.Size,
      layers: image.RootFS.Layers,
      created: new Date(image.Created).toISOString(),
    };
  },
  withImageFiles: withMountedImage,
  contains: (tag, text) => {
    // Every layer as stored, files a later layer deletes among them: in a name or in what a file holds.
    const layers = layerFolders(tag);
    const named = attempt('find', [...layers, '-path', `*${text.replace(/[*?[\]\\]/g, '\\$&')}*`, '-print', '-quit']).stdout !== '';
    const inLayers = named || attempt('grep', ['-r', '-F', '-a', '-q', '-D', 'skip', text, ...layers]).status === 0;
    const history = docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag]).stdout;
    return { inLayers, inHistory: history.includes(text) || docker(['image', 'inspect', tag]).stdout.includes(text) };
  },
  layers: (tag) => fromSaved(tag, archiveLayers),
  start: startContainer,
  remove: (...tags) => {
    docker(['rmi', '--force', ...tags], { check: false });
  },
};

