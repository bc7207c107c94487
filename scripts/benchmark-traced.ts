/**
 * Prints, for each fixture, its image with the production dependencies beside its traced image
 * (RuntimePayload.traced(), traced.Dockerfile): bytes above the base image, the ratio, file counts,
 * the bytes the tracer listed, cold and rebuild seconds of both, the trace step's own seconds, and
 * the time from `podman run` to the first answer of /health. Built with buildah, run with podman.
 * Figures, not a test: run `npx projen benchmark:traced` after `npx projen e2e:setup`.
 */
import { randomUUID } from 'crypto';
import { appendFileSync, lstatSync, writeFileSync } from 'fs';
import { join } from 'path';
import { BuildResult, buildImage, buildImageAsync, containerToolsProblem, copyContext, inspectImage, listFiles, run, startContainer, waitForJson, withImageFiles } from '../test/e2e/containers';
import { FIXTURES } from '../test/e2e/fixtures';
import { TRACED_VARIANT } from '../test/fixtures/shared/service-image';
import { synthesizeInPlace } from '../test/util';
import { markdownTable } from './markdown-table';

const BASE_IMAGE = 'docker.io/library/node:26-trixie-slim';
/** What the trace step prints, with the trace program's own time. */
const TRACE_LINE = /traced payload: (\d+) files, (\d+) bytes \(the tracer listed (\d+), (\d+) bytes\), in ([\d.]+) s/;
/** Rounds of rebuilds after an edit, untraced and traced side by side, of which the medians are reported. */
const REBUILDS = 5;

/**
 * The trace step's own seconds, as buildah printed it: from its `STEP n/m: RUN ["node", "-e", ...`
 * line to the `--> <layer>` line after its layer is committed (a RUN starts no other stage between).
 */
function traceStepSeconds(build: BuildResult): number | undefined {
  const lines = build.lines ?? [];
  const start = lines.findIndex((line) => /STEP \d+\/\d+: RUN \["node", "-e"/.test(line.text));
  const end = lines.findIndex((line, index) => index > start && line.text.startsWith('--> '));
  return start >= 0 && end > start ? lines[end].at - lines[start].at : undefined;
}

/** Images in buildah's storage, intermediate ones too: buildah looks through them all for each step's cache, so a full storage slows every step. */
const imagesInStorage = () => run('podman', ['images', '--all', '--quiet']).stdout.split('\n').filter(Boolean).length;

/** The base image's size as podman reports it and the bytes of its files. */
interface BaseImage {
  readonly size: number;
  readonly fileBytes: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One of a fixture's two images, with its own context and builds. */
interface Variant {
  readonly dockerfile: string;
  readonly tag: string;
  readonly context: string;
  readonly secret: string;
  readonly cold: BuildResult;
  readonly rebuilds: BuildResult[];
}

interface Figures {
  /** The image's size less the base's, as podman reports it: the layers' tar streams, headers and padding included. */
  readonly aboveBase: number;
  /** The bytes of the image's files less the base's, as Docker sizes layers: files and links, each inode once, directories not counted. */
  readonly fileBytesAboveBase: number;
  /** The bytes of the files under /app. */
  readonly appBytes: number;
  readonly files: number;
  readonly coldSeconds: number;
  /** The median of REBUILDS rebuilds, each after a one-line edit of a source file. */
  readonly rebuildSeconds: number;
  readonly firstAnswerSeconds: number;
  /** Traced image only: the trace step's seconds (median over the rebuilds), the trace program's own, and the bytes the tracer listed. */
  readonly traceStepSeconds?: number;
  readonly traceProgramSeconds?: number;
  readonly listedBytes?: number;
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(2);

/** The bytes of every file and link below a folder, each inode once, directories not counted. */
function fileBytes(root: string): number {
  const inodes = new Set<string>();
  let bytes = 0;
  for (const file of listFiles(root)) {
    const stat = lstatSync(join(root, file));
    const inode = `${stat.dev}:${stat.ino}`;
    if (!inodes.has(inode)) {
      inodes.add(inode);
      bytes += stat.size;
    }
  }
  return bytes;
}

/** A context of its own for one image, built once with no layer cache. */
function coldBuild(fixtureFolder: string, dockerfile: string, tag: string): Variant {
  const context = copyContext(fixtureFolder);
  const secret = join(context, '..', `benchmark-npmrc-${randomUUID()}`);
  writeFileSync(secret, '# benchmark\n');
  const cold = buildImage({ context, dockerfile, tag, target: 'runtime', secrets: { npmrc: secret }, noCache: true });
  return { dockerfile, tag, context, secret, cold, rebuilds: [] };
}

/** A rebuild after a one-line edit of its own: an edit both images had would let the second find the first's compile in the layer cache. */
async function rebuild(variant: Variant, sourceFile: string): Promise<void> {
  appendFileSync(join(variant.context, sourceFile), `\n// changed by the benchmark ${randomUUID()}\n`);
  const { context, dockerfile, tag, secret } = variant;
  variant.rebuilds.push(await buildImageAsync({ context, dockerfile, tag, target: 'runtime', secrets: { npmrc: secret } }));
}

async function figuresOf(variant: Variant, base: BaseImage): Promise<Figures> {
  const { rebuilds, tag } = variant;
  const traced = TRACE_LINE.exec(rebuilds[rebuilds.length - 1].log);
  const stepSeconds = rebuilds.map(traceStepSeconds);
  const programSeconds = rebuilds.map((build) => TRACE_LINE.exec(build.log)).filter((line) => line !== null).map((line) => Number(line[5]));
  const { files, appBytes, imageFileBytes } = withImageFiles(tag, (rootfs) => {
    const listed = listFiles(join(rootfs, 'app'));
    return {
      files: listed.length,
      appBytes: listed.reduce((sum, file) => sum + lstatSync(join(rootfs, 'app', file)).size, 0),
      imageFileBytes: fileBytes(rootfs),
    };
  });
  const started = process.hrtime.bigint();
  const container = await startContainer(tag, `pnd-benchmark-${randomUUID().slice(0, 8)}`);
  try {
    await waitForJson(`http://127.0.0.1:${container.port}/health`, container, 60_000);
  } finally {
    container.remove();
  }
  const firstAnswerSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    aboveBase: inspectImage(tag).size - base.size,
    fileBytesAboveBase: imageFileBytes - base.fileBytes,
    appBytes,
    files,
    coldSeconds: variant.cold.seconds,
    rebuildSeconds: median(rebuilds.map((build) => build.seconds)),
    firstAnswerSeconds,
    traceStepSeconds: stepSeconds.every((seconds) => seconds !== undefined) ? median(stepSeconds as number[]) : undefined,
    traceProgramSeconds: programSeconds.length === REBUILDS ? median(programSeconds) : undefined,
    listedBytes: traced ? Number(traced[4]) : undefined,
  };
}

/**
 * Rounds of rebuilds, untraced and traced one after the other, each after an edit, which goes first
 * taking turns, so that what the machine is doing meanwhile weighs on both alike: the difference
 * reported is the median of the rounds' differences.
 */
async function rebuildRounds(untraced: Variant, traced: Variant, sourceFile: string): Promise<number> {
  const differences: number[] = [];
  for (let round = 0; round < REBUILDS; round++) {
    for (const variant of round % 2 === 0 ? [untraced, traced] : [traced, untraced]) {
      await rebuild(variant, sourceFile);
    }
    differences.push(traced.rebuilds[round].seconds - untraced.rebuilds[round].seconds);
  }
  return median(differences);
}

async function main(): Promise<void> {
  const problem = containerToolsProblem();
  if (problem) {
    console.error(`benchmark:traced: ${problem}`);
    process.exit(1);
  }
  const only = process.argv.slice(2);
  const imagesAtStart = imagesInStorage();
  const base: BaseImage = { size: inspectImage(BASE_IMAGE).size, fileBytes: withImageFiles(BASE_IMAGE, fileBytes) };
  const header = ['fixture', 'above base MB: untraced', 'traced', 'ratio', '/app MB: untraced', 'traced', 'ratio', 'listed MB', 'traced / listed: /app', 'file bytes above base', 'tar bytes above base',
    'files: untraced', 'traced',
    'cold s: untraced', 'traced', 'rebuild s: untraced', 'traced', 'traced - untraced', 'trace step s', 'of it, the tracer s', 'first answer s: untraced', 'traced'];
  const rows: string[][] = [];
  for (const fixture of FIXTURES.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
    synthesizeInPlace(fixture.folder);
    const images = [
      coldBuild(fixture.folder, 'Dockerfile', `localhost/pnd-benchmark/${fixture.name}:untraced`),
      coldBuild(fixture.folder, TRACED_VARIANT.dockerfilePath, `localhost/pnd-benchmark/${fixture.name}:traced`),
    ];
    const difference = await rebuildRounds(images[0], images[1], fixture.sourceFile);
    const untraced = await figuresOf(images[0], base);
    const traced = await figuresOf(images[1], base);
    rows.push([
      fixture.name, megabytes(untraced.aboveBase), megabytes(traced.aboveBase), `${(untraced.aboveBase / traced.aboveBase).toFixed(1)}x`,
      megabytes(untraced.appBytes), megabytes(traced.appBytes), `${(untraced.appBytes / traced.appBytes).toFixed(1)}x`,
      traced.listedBytes ? megabytes(traced.listedBytes) : '-',
      traced.listedBytes ? `${(traced.appBytes / traced.listedBytes).toFixed(2)}x` : '-',
      traced.listedBytes ? `${(traced.fileBytesAboveBase / traced.listedBytes).toFixed(2)}x` : '-',
      traced.listedBytes ? `${(traced.aboveBase / traced.listedBytes).toFixed(2)}x` : '-',
      String(untraced.files), String(traced.files),
      untraced.coldSeconds.toFixed(1), traced.coldSeconds.toFixed(1), untraced.rebuildSeconds.toFixed(1), traced.rebuildSeconds.toFixed(1),
      difference.toFixed(1), traced.traceStepSeconds?.toFixed(1) ?? '-', traced.traceProgramSeconds?.toFixed(1) ?? '-',
      untraced.firstAnswerSeconds.toFixed(2), traced.firstAnswerSeconds.toFixed(2),
    ]);
    console.error(`measured ${fixture.name}`);
  }
  console.log(`Base ${BASE_IMAGE}, ${base.size} bytes (${base.fileBytes} in its files); ${imagesAtStart} images in the storage at the start, ${imagesInStorage()} at the end.`);
  console.log('Above base = the image\'s size less the base\'s, as podman counts it: layer tar streams, 512 bytes of header and up to 511 of padding a file.');
  console.log('File bytes above base = the bytes of the image\'s files less the base\'s, as Docker sizes layers (files and links, directories not counted).');
  console.log('/app = the bytes of the files the image has there. Listed = the bytes of the files the tracer listed.');
  console.log(`Cold = no layer cache (cache mounts as earlier builds left them); rebuild = the median of ${REBUILDS}, each after a one-line change to one source file,`);
  console.log('untraced and traced rebuilt in turn; traced - untraced = the median of those rounds\' differences.');
  console.log('Trace step = the trace RUN as buildah printed it, its layer commit included; of it, the tracer = the trace program\'s own time, as it printed it.');
  console.log(markdownTable(header, rows).join('\n'));
}

void main();
