import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../dockerfile-lint';

const root = join(__dirname, '..', '..');
const example = join(root, 'examples', 'hello-service');

function synthesizeExample(): void {
  const env = { ...process.env, PROJEN_DISABLE_POST: '1' };
  delete env.NODE_ENV;
  execFileSync(join(root, 'node_modules', '.bin', 'ts-node'), [
    '--skip-project', '--compiler-options', '{"module":"commonjs","esModuleInterop":true}', '.projenrc.ts',
  ], { cwd: example, env, stdio: 'pipe' });
}

describe('examples/hello-service', () => {
  it('is committed exactly as its .projenrc.ts synthesizes it', () => {
    synthesizeExample();
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf-8', cwd: root });
    expect(git('diff', '--name-status', '--', example)).toBe('');
    expect(git('ls-files', '--others', '--exclude-standard', '--', example)).toBe('');
  });

  it('has a production Dockerfile that the independent parser and linter accept', () => {
    const parsed = lintDockerfile(readFileSync(join(example, 'Dockerfile'), 'utf-8'));
    expect(parsed.getFROMs().map((from) => from.getBuildStage())).toEqual(['base', 'build', 'runtime']);
    const keywords = parsed.getInstructions().map((instruction) => instruction.getKeyword());
    expect(keywords.slice(-5)).toEqual(['USER', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'CMD']);
    const cmd = parsed.getInstructions().find((instruction) => instruction.getKeyword() === 'CMD')!;
    expect(JSON.parse(cmd.getArgumentsContent()!)).toEqual(['node', 'lib/index.js']);
  });

  it('has a lockfile that matches the dependencies in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(example, 'package.json'), 'utf-8'));
    const lock = JSON.parse(readFileSync(join(example, 'package-lock.json'), 'utf-8'));
    expect(lock.packages[''].devDependencies).toEqual(manifest.devDependencies);
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
    for (const name of Object.keys(manifest.devDependencies)) {
      expect(lock.packages[`node_modules/${name}`], `${name} is locked`).toBeDefined();
    }
  });
});
