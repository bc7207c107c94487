import { cpSync } from 'fs';
import { join } from 'path';
import { javascript } from 'projen';
import { FIXTURE_DEFAULTS, JAVASCRIPT_SERVICE } from '../fixtures/shared/service-image';
import { repositoryRoot } from '../util';

/** A fixture project under test/fixtures and what its image must be. */
export interface Fixture {
  readonly name: string;
  readonly folder: string;
  /** Compiled from TypeScript: the image has no sources and no .ts files. */
  readonly compiled: boolean;
  /** A production dependency that must be in the image. */
  readonly productionDependency: string;
  /** A development dependency that must not be. */
  readonly devDependency: string;
  /** The CMD the image declares. */
  readonly cmd: string[];
  /** A source file the cache test changes. */
  readonly sourceFile: string;
  /** What the service's /health answer must also say: the Node.js major it runs on, a greeting read from a data file. */
  readonly health?: { readonly nodeMajor?: number; readonly greeting?: string };
}

function fixture(name: string, rest: Omit<Fixture, 'name' | 'folder'>): Fixture {
  return { name, folder: join(repositoryRoot, 'test', 'fixtures', name), ...rest };
}

export const FIXTURES: Fixture[] = [
  fixture('js-service', { compiled: false, productionDependency: 'ms', devDependency: 'is-number', cmd: ['node', 'src/server.js'], sourceFile: 'src/server.js' }),
  // engines ">=20" and no runtimeFiles: the newest LTS line, and every file server.js loads.
  fixture('js-root-service', {
    compiled: false,
    productionDependency: 'ms',
    devDependency: 'is-number',
    cmd: ['node', 'server.js'],
    sourceFile: 'lib/store.js',
    health: { nodeMajor: 26, greeting: 'hello from lib/greetings.json' },
  }),
  fixture('ts-service', { compiled: true, productionDependency: 'ms', devDependency: 'typescript', cmd: ['node', 'lib/index.js'], sourceFile: 'src/index.ts' }),
  fixture('nest-service', { compiled: true, productionDependency: 'reflect-metadata', devDependency: 'typescript', cmd: ['node', 'dist/main.js'], sourceFile: 'src/app.controller.ts' }),
  fixture('yarn-service', { compiled: false, productionDependency: 'ms', devDependency: 'is-number', cmd: ['node', 'src/server.js'], sourceFile: 'src/server.js' }),
  fixture('pnpm-service', { compiled: false, productionDependency: 'ms', devDependency: 'is-number', cmd: ['node', 'src/server.js'], sourceFile: 'src/server.js' }),
  fixture('berry-service', { compiled: false, productionDependency: 'ms', devDependency: 'is-number', cmd: ['node', 'src/server.js'], sourceFile: 'src/server.js' }),
  fixture('bun-service', { compiled: false, productionDependency: 'ms', devDependency: 'is-number', cmd: ['node', 'src/server.js'], sourceFile: 'src/server.js' }),
];

/**
 * The JavaScript fixture's sources and lockfile copied into a folder, and a project
 * there declared as the fixture's is, for tests that add their own image to it.
 */
export function javascriptServiceIn(folder: string): javascript.NodeProject {
  for (const file of ['package.json', 'package-lock.json', 'src']) {
    cpSync(join(repositoryRoot, 'test', 'fixtures', 'js-service', file), join(folder, file), { recursive: true });
  }
  return javascriptServiceProject(folder);
}

/** A project declared as the JavaScript fixture is, in a folder that holds its files. */
export function javascriptServiceProject(folder: string): javascript.NodeProject {
  return new javascript.NodeProject({ ...FIXTURE_DEFAULTS, ...JAVASCRIPT_SERVICE, name: 'js-service', packageManager: javascript.NodePackageManager.NPM, outdir: folder });
}
