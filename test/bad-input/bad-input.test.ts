import { existsSync } from 'fs';
import { describe, expect, it } from 'vitest';
import { EXPECTED } from './expected-messages';
import { nodeImageCases } from './node-image-cases';
import { otherCases } from './other-cases';
import { synthesizeInSandbox } from './sandbox';
import '../fixed-clock';

const cases = [...nodeImageCases, ...otherCases];

describe('bad input to every public construct', () => {
  it('has a table of at least 150 cases, each with its expected message, for every construct', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => `${c.construct} | ${c.name}`)).size).toBe(cases.length);
    expect(Object.keys(EXPECTED).sort()).toEqual(cases.map((c) => `${c.construct} | ${c.name}`).sort());
    expect(new Set(cases.map((c) => c.construct))).toEqual(new Set([
      'NodeDockerImage', 'Dockerfile', 'DockerIgnore', 'DistrolessStage', 'TrivyWorkflow', 'TrivyIgnore', 'ImageLock', 'ComposeFile', 'NodeServiceProject',
    ]));
  });

  it.each(cases.map((c) => [c.construct, c.name, c] as const))('%s, %s: refused with its message, and nothing is written anywhere', (_construct, _name, c) => {
    const { message, written } = synthesizeInSandbox(c.declare);
    expect(message).toBe(EXPECTED[`${c.construct} | ${c.name}`]);
    // Every refusal has the one shape: a count, then [Rule] path: what. Fix: how.
    for (const line of message!.split('\n').slice(1)) {
      expect(line).toMatch(/^ {2}\[[A-Za-z]+\] [^ ]*.*: .+ Fix: .+$/);
    }
    expect(written).toEqual([]);
  });

  it('writes nothing at the absolute paths the bad inputs name', () => {
    for (const path of ['/tmp/pnd-absolute.Dockerfile', '/tmp/pnd-absolute/Dockerfile', '/tmp/pnd-absolute.dockerignore', '/tmp/pnd-absolute.trivyignore',
      '/tmp/pnd-absolute/compose.yaml', '/srv/app']) {
      expect(existsSync(path), path).toBe(false);
    }
  });
});
