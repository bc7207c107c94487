import { readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { typescript } from 'projen';
import { describe, expect, it, vi } from 'vitest';
import { NodeDockerImage, NodeDockerImageProps } from '../../src';
import { chooseNodeLine, NODE_RELEASE_LINES } from '../../src/images/node-release-lines';
import { synthDockerfile } from '../dockerfile-lint';
import { messageOf, temporaryOutdir, typescriptTestProject } from '../util';

const refused = (problem: string) => `Nothing was written: 1 problem found.\n  ${problem}`;

/** A TypeScript service with an image, synthesized; the base image's FROM line and the warnings logged. */
function synthesized(options: Partial<typescript.TypeScriptProjectOptions> = {}, props: NodeDockerImageProps = {},
  configure?: (project: typescript.TypeScriptAppProject) => void) {
  const project = typescriptTestProject(options);
  configure?.(project);
  const image = new NodeDockerImage(project, 'Api', props);
  const warn = vi.spyOn(project.logger, 'warn');
  const { text } = synthDockerfile(project);
  const warnings = warn.mock.calls.map((call) => call.join(' ')).filter((line) => line.includes('[NodeLineEndOfLife]'));
  return { image, from: text.split('\n').find((line) => line.endsWith(' AS base')), warnings };
}

describe('the Node.js line of an image', () => {
  it.each([
    ['no range at all', {}, undefined, 26],
    ['minNodeVersion 20.11.0, which 22, 24 and 26 satisfy', { minNodeVersion: '20.11.0' }, undefined, 26],
    ['minNodeVersion and maxNodeVersion', { minNodeVersion: '22.0.0', maxNodeVersion: '24.99.0' }, undefined, 24],
    ['engines ">=20"', {}, (project: typescript.TypeScriptAppProject) => project.package.addEngine('node', '>=20'), 26],
    ['engines "^22.12.0"', {}, (project: typescript.TypeScriptAppProject) => project.package.addEngine('node', '^22.12.0'), 22],
    ['engines ">=20 <25"', {}, (project: typescript.TypeScriptAppProject) => project.package.addEngine('node', '>=20 <25'), 24],
    ['.nvmrc "v22.12.0" with engines ">=20"', {}, (project: typescript.TypeScriptAppProject) => {
      project.package.addEngine('node', '>=20');
      writeFileSync(join(project.outdir, '.nvmrc'), 'v22.12.0\n');
    }, 22],
    ['.nvmrc "lts/krypton"', {}, (project: typescript.TypeScriptAppProject) => writeFileSync(join(project.outdir, '.nvmrc'), 'lts/krypton\n'), 24],
    ['.nvmrc "lts/*"', {}, (project: typescript.TypeScriptAppProject) => writeFileSync(join(project.outdir, '.nvmrc'), 'lts/*'), 26],
    ['.node-version "24"', {}, (project: typescript.TypeScriptAppProject) => writeFileSync(join(project.outdir, '.node-version'), '24\n'), 24],
  ])('is the newest LTS line that satisfies %s', (_name, options, configure, major) => {
    const { image, from } = synthesized(options, {}, configure);
    expect(image.nodeMajor).toBe(major);
    expect(from).toBe(`FROM node:${major}-trixie-slim AS base`);
  });

  it('is nodeMajor when given, whatever the project says', () => {
    expect(synthesized({ minNodeVersion: '26.0.0' }, { nodeMajor: 22 }).from).toBe('FROM node:22-trixie-slim AS base');
  });

  it('does not depend on the day: a project that synthesized on a line\'s last day synthesizes the next day, with a warning', () => {
    for (const line of NODE_RELEASE_LINES) {
      vi.setSystemTime(new Date(`${line.endOfLife}T23:59:00Z`));
      const before = synthesized({}, { nodeMajor: line.major });
      expect(before.warnings).toEqual([]);
      vi.setSystemTime(new Date(Date.parse(`${line.endOfLife}T00:00:00Z`) + 86_400_000));
      const after = synthesized({}, { nodeMajor: line.major });
      expect(after.from).toBe(before.from);
      expect(after.warnings).toHaveLength(1);
      expect(after.warnings[0]).toMatch(new RegExp(`^\\[NodeLineEndOfLife\\] Api: Node\\.js ${line.major} reached end-of-life on ${line.endOfLife} and gets no more security fixes\\. Fix: `));
    }
  });

  it('names the newest line that is still supported in its end-of-life warning', () => {
    vi.setSystemTime(new Date('2027-05-01T12:00:00Z'));
    expect(synthesized({}, { nodeMajor: 22 }).warnings).toEqual([
      '[NodeLineEndOfLife] Api: Node.js 22 reached end-of-life on 2027-04-30 and gets no more security fixes. Fix: Move to Node.js 26 (nodeMajor, or the project\'s minNodeVersion and engines).',
    ]);
    vi.setSystemTime(new Date('2029-05-01T12:00:00Z'));
    expect(synthesized({}, { nodeMajor: 26 }).warnings).toEqual([
      '[NodeLineEndOfLife] Api: Node.js 26 reached end-of-life on 2029-04-30 and gets no more security fixes. Fix: Upgrade projen-node-docker, whose newer releases know newer Node.js lines.',
    ]);
  });

  it.each([
    ['a range no line satisfies', (project: typescript.TypeScriptAppProject) => project.package.addEngine('node', '>=27'),
      '[UnsupportedNodeVersion] Api: no Node.js LTS line this library builds images for (20, 22, 24, 26) satisfies ">=27" (engines.node in package.json). Fix: Widen the range to include one of those lines, or set nodeMajor on the image.'],
    ['ranges that exclude each other', (project: typescript.TypeScriptAppProject) => {
      project.package.addEngine('node', '>=24');
      writeFileSync(join(project.outdir, '.nvmrc'), '22\n');
    }, '[UnsupportedNodeVersion] Api: no Node.js LTS line this library builds images for (20, 22, 24, 26) satisfies ">=24" (engines.node in package.json) and "22" (.nvmrc). Fix: Widen the range to include one of those lines, or set nodeMajor on the image.'],
    ['a range that is not a range', (project: typescript.TypeScriptAppProject) => project.package.addEngine('node', 'twenty-two'),
      '[UnsupportedNodeVersion] Api: engines.node in package.json "twenty-two" is not a version range. Fix: Write a range such as ">=22" or "^24.11.0", or a major such as "24".'],
    ['an unknown .nvmrc alias', (project: typescript.TypeScriptAppProject) => writeFileSync(join(project.outdir, '.nvmrc'), 'lts/hydrogen-next\n'),
      '[InvalidNodeVersion] Api: .nvmrc says "lts/hydrogen-next", which is neither a version nor an alias this library knows (lts/*, lts/iron, lts/jod, lts/krypton, node). Fix: Write a major such as "26" or a version such as "26.1.0" in .nvmrc.'],
  ])('refuses %s at synthesis, with the range and the lines, and writes nothing', (_name, configure, problem) => {
    const outdir = temporaryOutdir();
    const project = typescriptTestProject({ outdir });
    configure(project);
    new NodeDockerImage(project, 'Api');
    const before = readdirSync(outdir).sort();
    expect(messageOf(() => project.synth())).toBe(refused(problem));
    expect(readdirSync(outdir).sort()).toEqual(before);
  });

  it('refuses a nodeMajor that is not an LTS line the library builds', () => {
    const project = typescriptTestProject();
    new NodeDockerImage(project, 'Api', { nodeMajor: 25 });
    expect(messageOf(() => project.synth())).toBe(refused(
      '[UnsupportedNodeVersion] Api: Node.js 25 is not an LTS line this library builds images for (20, 22, 24, 26). Fix: Set nodeMajor on the image, or minNodeVersion on the project, to one of those lines.'));
  });
});

describe('chooseNodeLine', () => {
  it('takes a line when any of its releases satisfies every range', () => {
    expect(chooseNodeLine([{ source: 'a', range: '>=20.11 <22.1' }])).toEqual({ major: 22 });
    expect(chooseNodeLine([{ source: 'a', range: '20 || 24' }, { source: 'b', range: '>=21' }])).toEqual({ major: 24 });
    expect(chooseNodeLine([])).toEqual({ major: 26 });
  });
});
