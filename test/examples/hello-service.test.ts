import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../dockerfile-lint';
import { repositoryRoot } from '../util';

const example = join(repositoryRoot, 'examples', 'hello-service');

describe('examples/hello-service', () => {
  it('builds in stages with NodeDockerImage and runs the compiled entry point as a non-root user', () => {
    const parsed = lintDockerfile(readFileSync(join(example, 'Dockerfile'), 'utf-8'));
    expect(parsed.getFROMs().map((from) => from.getBuildStage())).toEqual(['base', 'deps', 'build', 'runtime']);
    const keywords = parsed.getInstructions().map((instruction) => instruction.getKeyword());
    // The per-commit metadata last, after every layer.
    expect(keywords.slice(-8)).toEqual(['USER', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'CMD', 'ARG', 'ARG', 'LABEL']);
    const instructions = parsed.getInstructions();
    expect(instructions.find((instruction) => instruction.getKeyword() === 'USER')!.getArgumentsContent()).toBe('1000:1000');
    expect(JSON.parse(instructions.find((instruction) => instruction.getKeyword() === 'CMD')!.getArgumentsContent()!)).toEqual(['node', 'lib/index.js']);
  });

  it('locks exactly the dependencies in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(example, 'package.json'), 'utf-8'));
    const lock = JSON.parse(readFileSync(join(example, 'package-lock.json'), 'utf-8'));
    expect(lock.packages[''].devDependencies).toEqual(manifest.devDependencies);
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
  });
});
