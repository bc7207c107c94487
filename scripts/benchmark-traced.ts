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
import { buildImage, containerToolsProblem, copyContext, inspectImage, listFiles, startContainer, waitForJson, withImageFiles } from '../test/e2e/containers';
import { FIXTURES } from '../test/e2e/fixtures';
import { TRACED_VARIANT } from '../test/fixtures/shared/service-image';
import { synthesizeInPlace } from '../test/util';
import { markdownTable } from './markdown-table';

const BASE_IMAGE = 'docker.io/library/node:26-trixie-slim';
/** What the trace step prints, with its own time. */
const TRACE_LINE = /traced payload: (\d+) files, (\d+) bytes \(the tracer listed (\d+), (\d+) bytes\), in ([\d.]+) s/;

interface Figures {
  /** The image's size less the base's, as podman reports it: the layers' tar streams, headers and padding included. */
  readonly aboveBase: number;
  /** The bytes of the files under /app. */
  readonly appBytes: number;
  readonly files: number;
  readonly coldSeconds: number;
  readonly rebuildSeconds: number;
  readonly firstAnswerSeconds: number;
  /** The trace step's own seconds in the rebuild, and the bytes the tracer listed (traced image only). */
  readonly traceSeconds?: number;
  readonly listedBytes?: number;
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(2);

async function measureImage(fixtureFolder: string, sourceFile: string, dockerfile: string, tag: string, baseBytes: number): Promise<Figures> {
  const context = copyContext(fixtureFolder);
  const secret = join(context, '..', `benchmark-npmrc-${randomUUID()}`);
  writeFileSync(secret, '# benchmark\n');
  const cold = buildImage({ context, dockerfile, tag, target: 'runtime', secrets: { npmrc: secret }, noCache: true });
  appendFileSync(join(context, sourceFile), `\n// changed by the benchmark ${randomUUID()}\n`);
  const rebuild = buildImage({ context, dockerfile, tag, target: 'runtime', secrets: { npmrc: secret } });
  const traced = TRACE_LINE.exec(rebuild.log);
  const { files, appBytes } = withImageFiles(tag, (rootfs) => {
    const listed = listFiles(join(rootfs, 'app'));
    return { files: listed.length, appBytes: listed.reduce((sum, file) => sum + lstatSync(join(rootfs, 'app', file)).size, 0) };
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
    aboveBase: inspectImage(tag).size - baseBytes,
    appBytes,
    files,
    coldSeconds: cold.seconds,
    rebuildSeconds: rebuild.seconds,
    firstAnswerSeconds,
    traceSeconds: traced ? Number(traced[5]) : undefined,
    listedBytes: traced ? Number(traced[4]) : undefined,
  };
}

async function main(): Promise<void> {
  const problem = containerToolsProblem();
  if (problem) {
    console.error(`benchmark:traced: ${problem}`);
    process.exit(1);
  }
  const only = process.argv.slice(2);
  const baseBytes = inspectImage(BASE_IMAGE).size;
  const header = ['fixture', 'above base MB: untraced', 'traced', 'ratio', '/app MB: untraced', 'traced', 'ratio', 'listed MB', 'traced / listed: /app', 'above base',
    'files: untraced', 'traced',
    'cold s: untraced', 'traced', 'rebuild s: untraced', 'traced', 'trace step s', 'first answer s: untraced', 'traced'];
  const rows: string[][] = [];
  for (const fixture of FIXTURES.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
    synthesizeInPlace(fixture.folder);
    const untraced = await measureImage(fixture.folder, fixture.sourceFile, 'Dockerfile', `localhost/pnd-benchmark/${fixture.name}:untraced`, baseBytes);
    const traced = await measureImage(fixture.folder, fixture.sourceFile, TRACED_VARIANT.dockerfilePath, `localhost/pnd-benchmark/${fixture.name}:traced`, baseBytes);
    rows.push([
      fixture.name, megabytes(untraced.aboveBase), megabytes(traced.aboveBase), `${(untraced.aboveBase / traced.aboveBase).toFixed(1)}x`,
      megabytes(untraced.appBytes), megabytes(traced.appBytes), `${(untraced.appBytes / traced.appBytes).toFixed(1)}x`,
      traced.listedBytes ? megabytes(traced.listedBytes) : '-',
      traced.listedBytes ? `${(traced.appBytes / traced.listedBytes).toFixed(2)}x` : '-',
      traced.listedBytes ? `${(traced.aboveBase / traced.listedBytes).toFixed(2)}x` : '-',
      String(untraced.files), String(traced.files),
      untraced.coldSeconds.toFixed(1), traced.coldSeconds.toFixed(1), untraced.rebuildSeconds.toFixed(1), traced.rebuildSeconds.toFixed(1),
      traced.traceSeconds?.toFixed(1) ?? '-', untraced.firstAnswerSeconds.toFixed(2), traced.firstAnswerSeconds.toFixed(2),
    ]);
    console.error(`measured ${fixture.name}`);
  }
  console.log(`Base ${BASE_IMAGE}, ${baseBytes} bytes. Above base = the image's size less the base's, as podman counts it (layer tar streams:`);
  console.log('512 bytes of header and up to 511 of padding a file). /app = the bytes of the files the image has there. Listed = the bytes of the files the tracer listed.');
  console.log('Cold = no layer cache (cache mounts as earlier builds left them); rebuild = after a one-line change to one source file.');
  console.log(markdownTable(header, rows).join('\n'));
}

void main();
