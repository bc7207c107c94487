import { cpSync } from 'fs';
import { join } from 'path';
import { javascript } from 'projen';
import {
  addServiceImages, EXPRESS_SQLITE_SERVICE, FIXTURE_DEFAULTS, JAVASCRIPT_SERVICE, ServiceImageOptions, VARIANTS,
} from '../fixtures/shared/service-image';
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
  /** The runtime variants the fixture declares, as its .projenrc.ts does. */
  readonly variants: ReadonlyArray<typeof VARIANTS[number]>;
}

function fixture(name: string, rest: Omit<Fixture, 'name' | 'folder' | 'variants'> & Partial<Pick<Fixture, 'variants'>>): Fixture {
  return { name, folder: join(repositoryRoot, 'test', 'fixtures', name), variants: VARIANTS, ...rest };
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
  // The real frameworks: NestJS (decorators and their metadata), Fastify on pnpm, Express with a native addon built in the image.
  fixture('nest-service', { compiled: true, productionDependency: '@nestjs/core', devDependency: 'typescript', cmd: ['node', 'dist/main.js'], sourceFile: 'src/app.controller.ts' }),
  fixture('fastify-service', { compiled: true, productionDependency: 'fastify', devDependency: 'typescript', cmd: ['node', 'lib/index.js'], sourceFile: 'src/index.ts' }),
  fixture('express-sqlite-service', {
    compiled: false,
    productionDependency: 'better-sqlite3',
    devDependency: 'is-number',
    cmd: ['node', 'src/server.js'],
    sourceFile: 'src/server.js',
    // The alpine stand-in's apk installs nothing, so it has no compiler for the addon.
    variants: VARIANTS.filter((variant) => variant.id === 'Service'),
  }),
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

/**
 * The Express fixture's project declared in a folder that holds a copy of its files, with
 * other options for the project or its image (the fixture's own: the addon allowed and declared, slim only).
 */
export function expressSqliteServiceProject(
  folder: string, options: Partial<javascript.NodeProjectOptions>, image: ServiceImageOptions,
): javascript.NodeProject {
  const project = new javascript.NodeProject({
    ...FIXTURE_DEFAULTS,
    ...EXPRESS_SQLITE_SERVICE,
    ...options,
    name: 'express-sqlite-service',
    packageManager: javascript.NodePackageManager.NPM,
    outdir: folder,
  });
  addServiceImages(project, { variants: VARIANTS.filter((variant) => variant.id === 'Service'), ...image });
  return project;
}
