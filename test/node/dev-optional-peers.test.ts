import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { NodeDockerImage } from '../../src';
import { REMOVE_DEV_OPTIONAL_PEERS, unreachedDevOptional } from '../../src/node/dev-optional-peers';
import { synthDockerfile } from '../dockerfile-lint';
import { repositoryRoot, temporaryOutdir, typescriptTestProject } from '../util';

interface LockEntry {
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly devOptional?: boolean;
  readonly bin?: Record<string, string>;
  readonly [field: string]: unknown;
}

/**
 * A project folder as `npm ci --omit=dev` leaves it: the lockfile, a folder with a package.json for
 * every entry that is not flagged dev, their bin links and npm's hidden lockfile.
 */
function installedTree(packages: Record<string, LockEntry>): string {
  const folder = temporaryOutdir('pnd-prune-');
  writeFileSync(join(folder, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages }));
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '' || entry.dev) {
      continue;
    }
    mkdirSync(join(folder, path), { recursive: true });
    writeFileSync(join(folder, path, 'package.json'), '{}');
    for (const bin of Object.keys(entry.bin ?? {})) {
      const bins = join(folder, path.slice(0, path.lastIndexOf('node_modules/') + 'node_modules/'.length), '.bin');
      mkdirSync(bins, { recursive: true });
      writeFileSync(join(bins, bin), '');
    }
  }
  mkdirSync(join(folder, 'node_modules'), { recursive: true });
  writeFileSync(join(folder, 'node_modules', '.package-lock.json'), '{}');
  return folder;
}

function prune(folder: string): string {
  const result = spawnSync('sh', ['-c', REMOVE_DEV_OPTIONAL_PEERS], { cwd: folder, encoding: 'utf-8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('removing the development dependencies that npm keeps as optional peers', () => {
  it('takes the prisma CLI, typescript and what only they need out of the Prisma fixture\'s production install, and nothing production needs', () => {
    const lock: Record<string, LockEntry> = JSON.parse(readFileSync(join(repositoryRoot, 'test/fixtures/prisma-service/package-lock.json'), 'utf-8')).packages;
    // The npm behaviour this answers: @prisma/client's optional peers, also development dependencies, are marked devOptional, not dev.
    expect(lock['node_modules/prisma']).toMatchObject({ devOptional: true });
    expect(lock['node_modules/typescript']).toMatchObject({ devOptional: true });
    const folder = installedTree(lock);

    const output = prune(folder);

    // @types/node stays: production reaches it (@libsql/isomorphic-ws needs @types/ws, which needs it).
    for (const gone of ['prisma', 'typescript', '@prisma/engines', '@prisma/config', '.bin/prisma', '.bin/tsc', '.package-lock.json']) {
      expect(existsSync(join(folder, 'node_modules', gone)), gone).toBe(false);
    }
    expect(output).toContain('node_modules/prisma ');
    // Every package that production requires (no flag in the lockfile) is still there.
    const required = Object.keys(lock).filter((path) => path !== '' && !lock[path].dev && !lock[path].optional && !lock[path].devOptional);
    expect(required).toEqual(expect.arrayContaining(['node_modules/@prisma/client', 'node_modules/@libsql/client', 'node_modules/@prisma/adapter-libsql']));
    expect(required.filter((path) => !existsSync(join(folder, path)))).toEqual([]);
  });

  it('keeps a development dependency that a production dependency needs as an optional dependency or a required peer, and resolves names from nested folders', () => {
    const folder = installedTree({
      '': { dependencies: { app: '1' }, devDependencies: { 'fast-path': '1', 'peer-plugin': '1', 'ts-thing': '1' } },
      'node_modules/app': {
        optionalDependencies: { 'fast-path': '1' },
        peerDependencies: { 'peer-plugin': '1', 'ts-thing': '1' },
        peerDependenciesMeta: { 'ts-thing': { optional: true } },
        dependencies: { helper: '1' },
      },
      'node_modules/fast-path': { devOptional: true },
      'node_modules/peer-plugin': {},
      'node_modules/ts-thing': { devOptional: true, bin: { 'ts-thing': 'bin.js' }, dependencies: { helper: '2' } },
      'node_modules/ts-thing/node_modules/helper': { devOptional: true },
      'node_modules/helper': {},
      'node_modules/@scope/only-for-ts-thing': { devOptional: true },
    });

    prune(folder);

    expect(['app', 'fast-path', 'peer-plugin', 'helper'].filter((name) => !existsSync(join(folder, 'node_modules', name)))).toEqual([]);
    expect(['ts-thing', '.bin/ts-thing', '@scope'].filter((name) => existsSync(join(folder, 'node_modules', name)))).toEqual([]);
  });

  it('changes nothing, and says nothing, when no package is there for the development dependencies only', () => {
    const folder = installedTree({
      '': { dependencies: { app: '1' }, devDependencies: { vitest: '1' } },
      'node_modules/app': { optionalDependencies: { 'app-linux-x64': '1' } },
      'node_modules/app-linux-x64': { optional: true },
      'node_modules/vitest': { dev: true },
    });

    expect(prune(folder)).toBe('');
    expect(['app', 'app-linux-x64', '.package-lock.json'].filter((name) => !existsSync(join(folder, 'node_modules', name)))).toEqual([]);
  });
});

/** Lockfiles made by npm install from the registry: the fixtures', and one of a production package whose optional dependency is also a development dependency. */
const LOCKFILES = {
  prisma: join(repositoryRoot, 'test/fixtures/prisma-service/package-lock.json'),
  plain: join(repositoryRoot, 'test/fixtures/ts-service/package-lock.json'),
  nextjs: join(repositoryRoot, 'test/fixtures/nextjs-app/package-lock.json'),
  optionalAlsoDev: join(repositoryRoot, 'test/node/lockfiles/optional-dependency-also-dev/package-lock.json'),
};

const packagesOf = (file: string): Record<string, LockEntry> => JSON.parse(readFileSync(file, 'utf-8')).packages;

/** The deps stage's install of an npm service synthesized beside the given lockfile (or none). */
function productionInstall(lockfile: string | undefined, text?: string): string {
  const project = typescriptTestProject();
  if (lockfile) {
    copyFileSync(lockfile, join(project.outdir, 'package-lock.json'));
  }
  if (text !== undefined) {
    writeFileSync(join(project.outdir, 'package-lock.json'), text);
  }
  new NodeDockerImage(project, 'Api');
  const { text: dockerfile } = synthDockerfile(project);
  // The RUN on one line: its continuation lines joined.
  const deps = dockerfile.slice(dockerfile.indexOf('AS deps'), dockerfile.indexOf('AS build')).replace(/\s*\\\n\s*/g, ' ');
  return deps.slice(deps.indexOf('npm ci'), deps.indexOf('mkdir -p node_modules'));
}

describe('whether the Dockerfile removes them, decided at synthesis from package-lock.json', () => {
  it('finds the same packages as the step does in the installed tree: the Prisma fixture\'s CLI, typescript and what only they need', () => {
    const lock = packagesOf(LOCKFILES.prisma);
    const found = unreachedDevOptional(lock);
    expect(found).toEqual(expect.arrayContaining(['node_modules/prisma', 'node_modules/typescript', 'node_modules/@prisma/engines']));
    // The step prints the folders it removed; on the tree npm ci --omit=dev leaves, they are the ones synthesis found.
    const printed = prune(installedTree(lock)).trim().split(': ')[1].split(' ');
    expect([...printed].sort()).toEqual([...found].sort());
  });

  it('writes the step for a project whose lockfile has such packages', () => {
    expect(productionInstall(LOCKFILES.prisma)).toBe(`npm ci --omit=dev && ${REMOVE_DEV_OPTIONAL_PEERS} && `);
  });

  it('writes npm ci --omit=dev alone when every optional or devOptional package is one production reaches, or there is none', () => {
    // ssh2 depends optionally on nan, which is also a development dependency: npm marks it devOptional, and production needs it.
    const optionalAlsoDev = packagesOf(LOCKFILES.optionalAlsoDev);
    expect(optionalAlsoDev['node_modules/nan']).toMatchObject({ devOptional: true });
    expect(unreachedDevOptional(optionalAlsoDev)).toEqual([]);
    // Next.js's and sharp's platform binaries are optional dependencies of production packages.
    const nextjs = packagesOf(LOCKFILES.nextjs);
    expect(Object.values(nextjs).filter((entry) => entry.optional && !entry.dev).length).toBeGreaterThan(10);
    expect(unreachedDevOptional(nextjs)).toEqual([]);
    for (const lockfile of [LOCKFILES.optionalAlsoDev, LOCKFILES.nextjs, LOCKFILES.plain]) {
      expect(productionInstall(lockfile), lockfile).toBe('npm ci --omit=dev && ');
    }
  });

  it('writes the step when there is no lockfile to read (a first synthesis, before projen\'s install writes it), or one that is not JSON', () => {
    expect(productionInstall(undefined)).toBe(`npm ci --omit=dev && ${REMOVE_DEV_OPTIONAL_PEERS} && `);
    expect(productionInstall(undefined, '<<<<<<< HEAD\n')).toBe(`npm ci --omit=dev && ${REMOVE_DEV_OPTIONAL_PEERS} && `);
  });

  it('lets a folder the step removes nested packages with (its parent) stand for them', () => {
    const found = unreachedDevOptional({
      '': { dependencies: { app: '1' }, devDependencies: { tool: '1' } },
      'node_modules/app': { peerDependencies: { tool: '1' }, peerDependenciesMeta: { tool: { optional: true } } },
      'node_modules/tool': { devOptional: true, dependencies: { helper: '2' } },
      'node_modules/tool/node_modules/helper': { devOptional: true },
      'node_modules/vitest': { dev: true, optional: true },
    });
    expect(found).toEqual(['node_modules/tool']);
  });
});
