import { randomUUID } from 'crypto';
/**
 * Prints, for each fixture image: the cold build time (no layer cache), the
 * rebuild time after a change to one source file, the final image size and
 * what it adds to its base image. Figures, not a test: run `npx projen benchmark`
 * after `npx projen e2e:setup`.
 */
import { appendFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { buildImage, containerToolsProblem, copyContext, inspectImage } from '../test/e2e/containers';
import { FIXTURES } from '../test/e2e/fixtures';
import { synthesizeInPlace } from '../test/util';

const BASE_IMAGE = 'docker.io/library/node:26-trixie-slim';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1e3).toFixed(1)} kB`;
}

const problem = containerToolsProblem();
if (problem) {
  console.error(`benchmark: ${problem}`);
  process.exit(1);
}

const baseBytes = inspectImage(BASE_IMAGE).size;
const rows: string[][] = [];
for (const fixture of FIXTURES) {
  synthesizeInPlace(fixture.folder);
  const context = copyContext(fixture.folder);
  const secret = join(context, '..', `${fixture.name}-benchmark-npmrc`);
  writeFileSync(secret, '# benchmark\n');
  const tag = `localhost/pnd-benchmark/${fixture.name}:latest`;
  const cold = buildImage({ context, tag, secrets: { npmrc: secret }, noCache: true });
  appendFileSync(join(context, fixture.sourceFile), `\n// changed by the benchmark ${randomUUID()}\n`);
  const rebuild = buildImage({ context, tag, secrets: { npmrc: secret } });
  const bytes = inspectImage(tag).size;
  rows.push([fixture.name, 'trixie-slim', cold.seconds.toFixed(1), rebuild.seconds.toFixed(1), String(bytes), megabytes(bytes), kilobytes(bytes - baseBytes)]);
  console.error(`measured ${fixture.name}`);
}

const header = ['fixture', 'variant', 'cold build s', 'rebuild s', 'image bytes', 'image', 'above base'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
console.log(`Base ${BASE_IMAGE}: ${baseBytes} bytes (${megabytes(baseBytes)}). Cold = no layer cache (package-manager cache mounts as earlier builds left them).`);
console.log(line(header));
console.log(line(widths.map((width) => '-'.repeat(width))));
rows.forEach((row) => console.log(line(row)));
