import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { basename, join, relative } from 'path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './dockerfile-lint';
import { repositoryRoot, synthesizeInPlace } from './util';
import { lintWorkflow } from './workflow-lint';

const PROJECTS = ['examples/hello-service', ...[
  'js-service', 'js-root-service', 'ts-service', 'nest-service', 'fastify-service', 'express-sqlite-service', 'yarn-service', 'pnpm-service', 'berry-service', 'bun-service',
  'nextjs-app', 'prisma-service', 'assets-service',
].map((name) => `test/fixtures/${name}`)];

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf-8', cwd: repositoryRoot });

describe.each(PROJECTS)('%s', (path) => {
  const folder = join(repositoryRoot, path);

  it('is committed exactly as its .projenrc.ts synthesizes it (which also type-checks the .projenrc.ts)', () => {
    synthesizeInPlace(folder);
    expect(git('diff', '--name-status', '--', folder)).toBe('');
    expect(git('ls-files', '--others', '--exclude-standard', '--', folder)).toBe('');
  });

  it('has Dockerfiles that the independent parser and linter accept', () => {
    const dockerfiles = git('ls-files', '--', folder).split('\n').filter((file) => /(^|\/)([\w.-]+\.)?Dockerfile$/.test(file));
    expect(dockerfiles.length).toBeGreaterThan(0);
    for (const file of dockerfiles) {
      expect(lintDockerfile(readFileSync(join(repositoryRoot, file), 'utf-8')).getFROMs().length).toBeGreaterThanOrEqual(2);
    }
  });

  it('has workflows that actionlint and the workflow schema accept (the example has the Trivy workflow)', async () => {
    const workflows = git('ls-files', '--', join(folder, '.github', 'workflows')).split('\n').filter((file) => file.endsWith('.yml'));
    expect(workflows.map((file) => basename(file))).toEqual(path === 'examples/hello-service' ? ['container-images.yml'] : []);
    for (const file of workflows) {
      expect(await lintWorkflow(readFileSync(join(repositoryRoot, file), 'utf-8'), '.github/workflows/container-images.yml')).toEqual([]);
    }
  });

  it('has a lockfile for every dependency in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf-8'));
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    const lockfile = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock'].find((file) => git('ls-files', '--', join(folder, file)).trim() !== '');
    expect(lockfile, `a committed lockfile in ${relative(repositoryRoot, folder)}`).toBeDefined();
    const text = readFileSync(join(folder, lockfile!), 'utf-8');
    // npm: "node_modules/ms"; Yarn classic: ms@; Yarn Berry: "ms@npm:...":; pnpm: ms: or '@types/node': or /ms@; Bun: "ms": ["ms@...
    for (const name of names) {
      expect(text.includes(`node_modules/${name}"`) || text.includes(`\n${name}@`) || text.includes(`\n"${name}@`) || text.includes(`  ${name}:`) || text.includes(`  '${name}':`)
        || text.includes(`/${name}@`)
        || text.includes(`"${name}": ["${name}@`), `${name} in ${lockfile}`).toBe(true);
    }
  });
});
