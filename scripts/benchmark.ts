/**
 * Prints, for each fixture image: the cold build time (no layer cache), the
 * rebuild time after a change to one source file, the final image size and
 * what it adds to its base image, beside the same figures measured before
 * (scripts/benchmark-before.json, when present). Figures, not a test: run
 * `npx projen benchmark` after `npx projen e2e:setup`. `--json FILE` also
 * writes the figures as JSON, in the form of the file they are compared with.
 */
import { randomUUID } from 'crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { buildImage, containerToolsProblem, copyContext, inspectImage } from '../test/e2e/containers';
import { FIXTURES } from '../test/e2e/fixtures';
import { repositoryRoot, synthesizeInPlace } from '../test/util';
import { markdownTable } from './markdown-table';

const BASE_IMAGE = 'docker.io/library/node:26-trixie-slim';
const BEFORE = join(repositoryRoot, 'scripts', 'benchmark-before.json');

/** What one fixture measured. */
interface Figures {
  readonly coldSeconds: number;
  readonly rebuildSeconds: number;
  readonly imageBytes: number;
  readonly aboveBaseBytes: number;
}

interface Measurements {
  readonly measured: string;
  readonly note: string;
  readonly fixtures: { [name: string]: Figures };
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const kilobytes = (bytes: number) => `${(bytes / 1e3).toFixed(1)} kB`;

function measure(): Measurements {
  const baseBytes = inspectImage(BASE_IMAGE).size;
  const fixtures: { [name: string]: Figures } = {};
  for (const fixture of FIXTURES) {
    synthesizeInPlace(fixture.folder);
    const context = copyContext(fixture.folder);
    const secret = join(context, '..', `${fixture.name}-benchmark-npmrc`);
    writeFileSync(secret, '# benchmark\n');
    const tag = `localhost/pnd-benchmark/${fixture.name}:latest`;
    const cold = buildImage({ context, tag, secrets: { npmrc: secret }, noCache: true });
    appendFileSync(join(context, fixture.sourceFile), `\n// changed by the benchmark ${randomUUID()}\n`);
    const rebuild = buildImage({ context, tag, secrets: { npmrc: secret } });
    const imageBytes = inspectImage(tag).size;
    fixtures[fixture.name] = { coldSeconds: cold.seconds, rebuildSeconds: rebuild.seconds, imageBytes, aboveBaseBytes: imageBytes - baseBytes };
    console.error(`measured ${fixture.name}`);
  }
  return { measured: new Date().toISOString().slice(0, 10), note: `trixie-slim images on ${BASE_IMAGE} (${baseBytes} bytes)`, fixtures };
}

function table(now: Measurements, before: Measurements | undefined): string[] {
  const header = ['fixture', 'cold build s', 'rebuild s', 'image', 'above base', 'before: cold s', 'before: rebuild s', 'before: above base'];
  const rows = Object.entries(now.fixtures).map(([name, figures]) => {
    const old = before?.fixtures[name];
    return [
      name, figures.coldSeconds.toFixed(1), figures.rebuildSeconds.toFixed(1), megabytes(figures.imageBytes), kilobytes(figures.aboveBaseBytes),
      old ? old.coldSeconds.toFixed(1) : '-', old ? old.rebuildSeconds.toFixed(1) : '-', old ? kilobytes(old.aboveBaseBytes) : '- (new fixture)',
    ];
  });
  return markdownTable(header, rows);
}

const problem = containerToolsProblem();
if (problem) {
  console.error(`benchmark: ${problem}`);
  process.exit(1);
}
const jsonAt = process.argv.indexOf('--json');
const now = measure();
if (jsonAt >= 0 && process.argv[jsonAt + 1]) {
  writeFileSync(process.argv[jsonAt + 1], `${JSON.stringify(now, undefined, 2)}\n`);
}
const before = existsSync(BEFORE) ? JSON.parse(readFileSync(BEFORE, 'utf-8')) as Measurements : undefined;
console.log(`Now: ${now.note}. Cold = no layer cache (package-manager cache mounts as earlier builds left them); rebuild = after a one-line change to one source file.`);
if (before) {
  console.log(`Before (${BEFORE.slice(repositoryRoot.length + 1)}): ${before.note}, measured ${before.measured}.`);
}
table(now, before).forEach((line) => console.log(line));
