import { spawn, SpawnOptions, spawnSync, SpawnSyncOptions } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { basename, join, relative } from 'path';

/**
 * A thin, honest wrapper around buildah and podman for the end-to-end tests:
 * every call runs the real tool against the storage that scripts/e2e/setup.sh
 * prepared, and every failure carries the tool's own output.
 */

const root = join(__dirname, '..', '..');

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class CommandError extends Error {
  public constructor(public readonly command: string, public readonly result: CommandResult) {
    super(`${command} exited with ${result.status}:\n${tail(result.stdout + result.stderr, 60)}`);
  }
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

let containerEnv: NodeJS.ProcessEnv | undefined;

/**
 * Loads the environment written by scripts/e2e/setup.sh, or says why the container tools are not usable.
 */
export function containerToolsProblem(): string | undefined {
  const loaded = spawnSync('bash', ['-c', '. scripts/e2e/env.sh >/dev/null && env -0'], { cwd: root, encoding: 'utf-8' });
  if (loaded.status !== 0) {
    return `the container tools are not set up (${loaded.stderr.trim() || 'scripts/e2e/env.sh failed'}): run "npx projen e2e:setup" as root on Debian`;
  }
  containerEnv = Object.fromEntries(loaded.stdout.split('\0').filter(Boolean).map((line) => {
    const index = line.indexOf('=');
    return [line.slice(0, index), line.slice(index + 1)];
  }));
  for (const tool of ['buildah', 'podman']) {
    const version = spawnSync(tool, ['--version'], { env: containerEnv, encoding: 'utf-8' });
    if (version.status !== 0) {
      return `${tool} is not usable: ${version.error?.message ?? version.stderr}`;
    }
  }
  return undefined;
}

/** The container environment with more variables, for `run(..., { env })`. */
export function containerEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!containerEnv) {
    throw new Error('containerToolsProblem() must be called first');
  }
  return { ...containerEnv, ...extra };
}

/** Runs a command with the container environment; throws CommandError unless it exits 0. */
export function run(command: string, args: string[], options: SpawnSyncOptions = {}): CommandResult {
  const result = attempt(command, args, options);
  if (result.status !== 0) {
    throw new CommandError([command, ...args].join(' '), result);
  }
  return result;
}

/** Runs a command with the container environment and returns whatever happened. */
export function attempt(command: string, args: string[], options: SpawnSyncOptions = {}): CommandResult {
  if (!containerEnv) {
    throw new Error('containerToolsProblem() must be called first');
  }
  const result = spawnSync(command, args, { env: containerEnv, encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024, ...options });
  return { status: result.status ?? -1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') + (result.error ? String(result.error) : '') };
}

export interface BuildOptions {
  /** The build context folder. */
  readonly context: string;
  /** The Dockerfile, relative to the context. */
  readonly dockerfile?: string;
  /** The image tag. */
  readonly tag: string;
  /** Build secrets: id to file. */
  readonly secrets?: Record<string, string>;
  /** Build without the layer cache. */
  readonly noCache?: boolean;
  /** The stage to build, as the workflow's `target`. */
  readonly target?: string;
  /** Build arguments: name to value. */
  readonly buildArgs?: Record<string, string>;
  /** More arguments for the builder, before the context. */
  readonly extraArgs?: string[];
  /** More environment for the builder. */
  readonly env?: NodeJS.ProcessEnv;
  /** The project folder, whose package manager settings the Dockerfile mounts as secrets (default: the context). */
  readonly projectFolder?: string;
}

/**
 * The project's package manager settings that the Dockerfile mounts as build secrets
 * (`--mount=type=secret,id=project-npmrc,target=/app/.npmrc`), each from its file in the project folder,
 * as docker:build passes them.
 */
export function settingsSecretsOf(dockerfile: string, projectFolder: string): Record<string, string> {
  const text = readFileSync(dockerfile, 'utf-8');
  return Object.fromEntries([...text.matchAll(/--mount=type=secret,id=(project-[\w-]+),target=(\S+?),required=true/g)]
    .map(([, id, target]) => [id, join(projectFolder, basename(target))]));
}

export interface BuildResult {
  /** The builder's output. */
  readonly log: string;
  /** Wall time of the build. */
  readonly seconds: number;
  /** Each line of the output, with the seconds since the build started when it came (background builds only). */
  readonly lines?: ReadonlyArray<{ readonly text: string; readonly at: number }>;
}

/** Builds an image with buildah, as the README tells users to on machines without Docker. */
export function buildImage(options: BuildOptions): BuildResult {
  const started = process.hrtime.bigint();
  const args = buildahArguments(options);
  const spawnOptions = options.env ? { env: containerEnvironment(options.env) } : {};
  let result = attempt('buildah', args, spawnOptions);
  for (let retry = 0; retry < 2 && lostCacheCandidate(result); retry++) {
    result = attempt('buildah', args, spawnOptions);
  }
  if (result.status !== 0) {
    throw new CommandError(['buildah', ...args].join(' '), result);
  }
  return { log: result.stdout + result.stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * buildah's layer cache looks through every image of the storage; when the other lane removes one of
 * them at that moment, the build stops before any step with this message (seen in a CI run: "checking
 * if cached image exists from a previous build: getting top layer info: layer not known"). Nothing of
 * the build under test is wrong then, and it is run again.
 */
function lostCacheCandidate(result: CommandResult): boolean {
  return result.status !== 0 && /checking if cached image exists from a previous build: .*(layer|image) not known/.test(result.stderr);
}

/** The same build, in the background: several can run side by side. */
export async function buildImageAsync(options: BuildOptions): Promise<BuildResult> {
  const started = process.hrtime.bigint();
  const args = buildahArguments(options);
  const spawnOptions = options.env ? { env: containerEnvironment(options.env) } : {};
  let lines: Array<{ text: string; at: number }> = [];
  const onLine = (text: string) => lines.push({ text, at: Number(process.hrtime.bigint() - started) / 1e9 });
  let result = await attemptAsync('buildah', args, spawnOptions, onLine);
  for (let retry = 0; retry < 2 && lostCacheCandidate(result); retry++) {
    lines = [];
    result = await attemptAsync('buildah', args, spawnOptions, onLine);
  }
  if (result.status !== 0) {
    throw new CommandError(['buildah', ...args].join(' '), result);
  }
  return { log: result.stdout + result.stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9, lines };
}

/** Runs a command with the container environment in the background, and resolves with whatever happened; `onLine` sees each line as it comes. */
export function attemptAsync(command: string, args: string[], options: SpawnOptions = {}, onLine?: (line: string) => void): Promise<CommandResult> {
  if (!containerEnv) {
    throw new Error('containerToolsProblem() must be called first');
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: containerEnv, ...options });
    let stdout = '';
    let stderr = '';
    // Each stream apart, so that a line of one is never cut by a chunk of the other.
    const lineReader = () => {
      let pending = '';
      return (chunk: string) => {
        const parts = (pending + chunk).split('\n');
        pending = parts.pop()!;
        parts.forEach((line) => onLine?.(line));
      };
    };
    const [outLines, errLines] = [lineReader(), lineReader()];
    child.stdout?.on('data', (chunk) => { stdout += String(chunk); outLines(String(chunk)); });
    child.stderr?.on('data', (chunk) => { stderr += String(chunk); errLines(String(chunk)); });
    child.on('error', (error) => resolve({ status: -1, stdout, stderr: stderr + String(error) }));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

function buildahArguments(options: BuildOptions): string[] {
  const dockerfile = join(options.context, options.dockerfile ?? 'Dockerfile');
  const args = ['bud', '--pull-never', '--format', 'docker', '--layers', '-f', dockerfile, '-t', options.tag];
  // BuildKit reads <Dockerfile>.dockerignore by itself; buildah 1.28 must be told.
  if (existsSync(`${dockerfile}.dockerignore`)) {
    args.push('--ignorefile', `${dockerfile}.dockerignore`);
  }
  const secrets = { ...settingsSecretsOf(dockerfile, options.projectFolder ?? options.context), ...options.secrets };
  for (const [id, file] of Object.entries(secrets)) {
    args.push('--secret', `id=${id},src=${file}`);
  }
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) {
    args.push('--build-arg', `${name}=${value}`);
  }
  if (options.noCache) {
    args.push('--no-cache');
  }
  if (options.target) {
    args.push('--target', options.target);
  }
  args.push(...options.extraArgs ?? []);
  return [...args, options.context];
}

export interface BuildStep {
  /** The instruction, as the builder prints it. */
  readonly instruction: string;
  /** Whether the builder reused a cached layer for it. */
  readonly cached: boolean;
}

/** The steps of a buildah build, each with whether its layer came from the cache. */
export function buildSteps(log: string): BuildStep[] {
  const steps: Array<{ instruction: string; cached: boolean }> = [];
  for (const line of log.split('\n')) {
    const step = /STEP \d+\/\d+: (.*)$/.exec(line);
    if (step) {
      steps.push({ instruction: step[1], cached: false });
    } else if (line.startsWith('--> Using cache') && steps.length > 0) {
      steps[steps.length - 1].cached = true;
    }
  }
  return steps;
}

/** The parts of `podman image inspect` the tests look at. */
export interface ImageConfig {
  readonly User: string;
  readonly Env: string[];
  readonly Cmd: string[] | null;
  readonly Entrypoint: string[] | null;
  readonly ExposedPorts: Record<string, unknown> | null;
  readonly Labels: Record<string, string> | null;
  readonly WorkingDir: string;
  readonly StopSignal?: string;
}

export function inspectImage(tag: string): { config: ImageConfig; healthcheck: { Test: string[] } | undefined; size: number } {
  const [image] = JSON.parse(run('podman', ['image', 'inspect', tag]).stdout);
  return { config: image.Config, healthcheck: image.Healthcheck, size: image.Size };
}

/** Mounts the image's root filesystem, hands it to the callback, and unmounts it. */
export function withImageFiles<T>(tag: string, look: (rootfs: string) => T): T {
  const rootfs = run('podman', ['image', 'mount', tag]).stdout.trim();
  try {
    return look(rootfs);
  } finally {
    attempt('podman', ['image', 'unmount', tag]);
  }
}

/** Every file below a folder, relative to it; symbolic links are listed, not followed. */
export function listFiles(folder: string): string[] {
  if (!existsSync(folder)) {
    return [];
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else {
        files.push(relative(folder, path));
      }
    }
  };
  walk(folder);
  return files;
}

/**
 * The name of every package installed below a node_modules folder, nested ones too (`next/node_modules/x`),
 * from the files it holds; npm's own entries (`.bin`, `.package-lock.json`, `.prisma`) are not packages.
 */
export function installedPackages(nodeModules: string): string[] {
  const names = new Set<string>();
  for (const path of listFiles(nodeModules)) {
    const parts = ['node_modules', ...path.split('/')];
    parts.forEach((part, index) => {
      const name = parts[index + 1]?.startsWith('@') ? parts.slice(index + 1, index + 3).join('/') : parts[index + 1];
      if (part === 'node_modules' && name && !name.startsWith('.') && index + name.split('/').length + 1 < parts.length) {
        names.add(name);
      }
    });
  }
  return [...names].sort();
}

/** The development dependencies a fixture's package.json declares. */
export function devDependenciesOf(folder: string): string[] {
  return Object.keys(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf-8')).devDependencies ?? {});
}

/** The size of an image in MB, or undefined when the storage does not have it (another e2e file builds it). */
export function imageSizeMb(tag: string): number | undefined {
  const result = attempt('podman', ['image', 'inspect', '--format', '{{.Size}}', tag]);
  return result.status === 0 ? Math.round(Number(result.stdout.trim()) / 1e6) : undefined;
}

/** True when the text appears in any layer of the image (read from `podman save`) or in its history or config. */
export function imageContains(tag: string, text: string): { inLayers: boolean; inHistory: boolean } {
  return imageHolds(tag, [text])[text];
}

/** For each text, whether it appears in a layer of the image or in its history or config: one `podman save` for all. */
export function imageHolds(tag: string, texts: string[]): { [text: string]: { inLayers: boolean; inHistory: boolean } } {
  const folder = mkdtempSync(join(tmpdir(), 'pnd-save-'));
  try {
    const archive = join(folder, 'image.tar');
    run('podman', ['save', '--format', 'docker-archive', '-o', archive, tag]);
    const history = run('podman', ['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag]).stdout + JSON.stringify(inspectImage(tag));
    return Object.fromEntries(texts.map((text) => [text, {
      // Layers are plain tar files inside the archive, so a byte search finds file contents.
      inLayers: attempt('grep', ['-F', '-a', '-q', text, archive]).status === 0,
      inHistory: history.includes(text),
    }]));
  } finally {
    // An archive is the size of the image.
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface RunningContainer {
  readonly name: string;
  /** The loopback port that reaches the container's port. */
  readonly port: number;
  /** Runs the image's HEALTHCHECK once; true when healthy. */
  healthcheck(): boolean;
  logs(): string;
  remove(): void;
}

/**
 * Starts a container from the image on its own network, with the container's port published
 * on a free loopback port, so that nothing else listening on the machine can answer for it.
 */
export async function startContainer(tag: string, name: string, containerPort = 3000): Promise<RunningContainer> {
  attempt('podman', ['rm', '-f', name]);
  const port = await freePort();
  // podman logs that it cannot reach systemd to schedule health checks; they are run on demand.
  run('podman', ['run', '-d', '--name', name, '--network', 'bridge', '--publish', `127.0.0.1:${port}:${containerPort}`, tag]);
  return {
    name,
    port,
    healthcheck: () => attempt('podman', ['healthcheck', 'run', name]).status === 0,
    logs: () => { const result = attempt('podman', ['logs', name]); return result.stdout + result.stderr; },
    remove: () => { attempt('podman', ['rm', '-f', '-t', '2', name]); },
  };
}

/** A TCP port on loopback that nothing listens on (at the moment of asking). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls an HTTP endpoint on loopback until it answers 200, and returns the parsed JSON body. */
export async function waitForJson(url: string, container: RunningContainer, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return await response.json();
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last}); container log:\n${container.logs()}`);
}

/** Copies a fixture into a temporary build context, without node_modules. */
export function copyContext(source: string): string {
  const target = mkdtempSync(join(tmpdir(), 'pnd-context-'));
  run('cp', ['-a', `${source}/.`, target]);
  run('rm', ['-rf', join(target, 'node_modules')]);
  run('chmod', ['-R', 'u+w', target]);
  return target;
}
