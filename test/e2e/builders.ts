import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  attempt, BuildOptions, BuildResult, BuildStep, buildImage, buildImageAsync, buildSteps, containerToolsProblem, ImageConfig, imageContains,
  inspectImage, run, startContainer, waitForJson, withImageFiles,
} from './containers';
import { Layer } from './image-archive';

/**
 * The two builders every fixture image is built with: buildah (run with podman) and
 * BuildKit (Docker Engine's, run with docker), behind one interface, so that each test
 * runs the same assertions on both. Test names say which builder.
 */

/** A build as `npx projen docker:build` stamps it (src/node/docker-tasks.ts): the commit's id and time. */
export interface Commit {
  readonly revision: string;
  /** The commit time, in Unix seconds (SOURCE_DATE_EPOCH). */
  readonly epoch: number;
}

export interface BuilderOptions extends BuildOptions {
  /** Stamp the build as the docker:build task does: REVISION and CREATED as build args and labels, and the commit time. */
  readonly commit?: Commit;
  /** Drop every cache first (the layer cache and the cache mounts): a cold build. */
  readonly cold?: boolean;
}

/** The image's HEALTHCHECK, as both inspect it (durations in nanoseconds). */
export interface HealthcheckConfig {
  readonly Test: string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly Retries?: number;
}

/** What the tests read of a built image, the same from both builders. */
export interface BuiltImage {
  readonly config: ImageConfig;
  readonly healthcheck: HealthcheckConfig | undefined;
  readonly size: number;
  /** The diff ids of its layers, lowest first. */
  readonly layers: string[];
  /** The creation time the image config says. */
  readonly created: string;
}

/** A container of a built image. */
export interface ContainerUnderTest {
  readonly name: string;
  /** GET of a path on the service's port, from the container's own network, polled until it answers 200: its JSON. */
  answer(path: string): Promise<any>;
  /** Whether the image's HEALTHCHECK reports healthy. */
  healthy(): Promise<boolean>;
  logs(): string;
  remove(): void;
}

export interface Builder {
  /** "buildah" or "BuildKit", as test names say it. */
  readonly name: string;
  /** Why it cannot build here, or undefined. */
  problem(): string | undefined;
  build(options: BuilderOptions): BuildResult;
  /** The steps of a build, each with whether it came from the cache. */
  steps(log: string): BuildStep[];
  /** How the builder reports a RUN whose command matches `command` (a regular expression source) failing. */
  failedRun(command: string): RegExp;
  inspect(tag: string): BuiltImage;
  withImageFiles<T>(tag: string, look: (rootfs: string) => T): T;
  /** Whether a text is in any layer, or in the history or config. */
  contains(tag: string, text: string): { inLayers: boolean; inHistory: boolean };
  /** The image's layers with their uncompressed sizes (BuildKit saves the image for them: slow). */
  layers(tag: string): Layer[];
  start(tag: string, name: string): Promise<ContainerUnderTest>;
  /** Removes images built by the tests, and what cold builds left behind for them. */
  remove(...tags: string[]): void;
}

/** The ISO 8601 time of a commit, as the docker:build task and the workflow write the created label. */
export function createdOf(commit: Commit): string {
  return new Date(commit.epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The build args and labels the docker:build task passes for a commit. */
export function commitArgs(commit: Commit): string[] {
  const created = createdOf(commit);
  return [
    '--build-arg', `REVISION=${commit.revision}`, '--build-arg', `CREATED=${created}`,
    '--label', `org.opencontainers.image.revision=${commit.revision}`, '--label', `org.opencontainers.image.created=${created}`,
  ];
}

/** Intermediate images of cold buildah builds, by tag: --no-cache leaves a new set of them every time. */
const coldLeftovers = new Map<string, string[]>();

/** A buildah build as docker:build runs it, and what follows it; see BUILDAH.build. */
function buildahBuild(options: BuilderOptions): { options: BuildOptions; after: (result: BuildResult) => void; cleanup: () => void } {
  // Cache mounts live under TMPDIR (buildah-cache-<uid>): a cold build gets an empty one.
  const temporary = options.cold ? mkdtempSync(join(tmpdir(), 'pnd-cold-')) : undefined;
  return {
    options: {
      ...options,
      noCache: options.noCache || options.cold,
      env: { ...options.env, ...(temporary ? { TMPDIR: temporary } : {}) },
      // As docker:build runs buildah (src/node/builder-choice.ts): the commit time, then the image committed again without its history.
      extraArgs: [...options.extraArgs ?? [], ...(options.commit ? [...commitArgs(options.commit), '--timestamp', String(options.commit.epoch)] : [])],
    },
    after: (result) => {
      if (options.commit) {
        const container = run('buildah', ['from', '--pull=never', options.tag]).stdout.trim();
        run('buildah', ['commit', '--quiet', '--format', 'docker', '--omit-history', '--timestamp', String(options.commit.epoch), '--rm', container, options.tag]);
      }
      if (options.cold) {
        coldLeftovers.set(options.tag, [...coldLeftovers.get(options.tag) ?? [], ...[...result.log.matchAll(/^--> ([0-9a-f]{11,64})$/gm)].map((match) => match[1])]);
      }
    },
    cleanup: () => {
      if (temporary) {
        rmSync(temporary, { recursive: true, force: true });
      }
    },
  };
}

/** buildah builds side by side (two cold builds of one commit, say): each as BUILDAH.build makes it. */
export async function buildahConcurrently(builds: BuilderOptions[]): Promise<BuildResult[]> {
  const prepared = builds.map(buildahBuild);
  try {
    const results = await Promise.all(prepared.map((build) => buildImageAsync(build.options)));
    results.forEach((result, index) => prepared[index].after(result));
    return results;
  } finally {
    prepared.forEach((build) => build.cleanup());
  }
}

export const BUILDAH: Builder = {
  name: 'buildah',
  problem: () => containerToolsProblem(),
  build: (options) => {
    const build = buildahBuild(options);
    try {
      const result = buildImage(build.options);
      build.after(result);
      return result;
    } finally {
      build.cleanup();
    }
  },
  steps: (log) => buildSteps(log),
  failedRun: (command) => new RegExp(`Error: building at STEP "RUN [^"]*(${command})`),
  inspect: (tag) => {
    const [image] = JSON.parse(run('podman', ['image', 'inspect', tag]).stdout);
    return { ...inspectImage(tag), layers: image.RootFS.Layers, created: new Date(image.Created).toISOString() };
  },
  withImageFiles: (tag, look) => withImageFiles(tag, look),
  contains: (tag, text) => imageContains(tag, text),
  layers: (tag) => {
    // The storage records each layer's uncompressed tar size: no need to save the whole image.
    const graphRoot = run('podman', ['info', '--format', '{{.Store.GraphRoot}}']).stdout.trim();
    const stored = JSON.parse(readFileSync(join(graphRoot, 'overlay-layers', 'layers.json'), 'utf-8')) as Array<{ 'diff-digest'?: string; 'diff-size'?: number }>;
    const sizes = new Map(stored.map((layer) => [layer['diff-digest'], layer['diff-size'] ?? 0]));
    return (BUILDAH.inspect(tag).layers).map((diffId) => ({ diffId, bytes: sizes.get(diffId) ?? 0 }));
  },
  start: async (tag, name) => {
    const container = await startContainer(tag, name);
    return {
      name,
      answer: (path) => waitForJson(`http://127.0.0.1:${container.port}${path}`, container),
      healthy: async () => container.healthcheck(),
      logs: () => container.logs(),
      remove: () => container.remove(),
    };
  },
  remove: (...tags) => {
    // One call: each takes the storage's lock, which other builds in the storage hold for long.
    // Each tag, then its intermediate images, newest first, so that none still has a child.
    attempt('buildah', ['rmi', ...tags.flatMap((tag) => [tag, ...[...coldLeftovers.get(tag) ?? []].reverse()])]);
    tags.forEach((tag) => coldLeftovers.delete(tag));
  },
};
