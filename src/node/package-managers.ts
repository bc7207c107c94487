import { existsSync } from 'fs';
import { join } from 'path';
import { NodePackageManager, NodeProject } from 'projen/lib/javascript';
import { needsDevOptionalRemoval, REMOVE_DEV_OPTIONAL_PEERS } from './dev-optional-peers';
import { manifestField } from './project-manifest';

/** Package manager settings the install needs and the runtime must not carry: they may name registries and hold tokens. */
export const PACKAGE_MANAGER_SETTINGS = ['.npmrc', '.yarnrc', '.yarnrc.yml', '.yarn', 'bunfig.toml', '.pnp.cjs', '.pnp.loader.mjs'];

/**
 * What an image needs to know about a package manager: the files copied before
 * installing (so that the install layer is cached until they change), the
 * frozen install commands, its cache folder, and how to get the tool itself.
 */
export interface PackageManagerStrategy {
  /** A short name, used for cache ids. */
  readonly name: string;
  /** Files that decide what gets installed, relative to the project (optional ones end with `*`). */
  readonly manifestFiles: string[];
  /**
   * The package manager's settings files it reads from the project folder (registries, `${NAME}`
   * tokens): mounted as build secrets while installing, never copied, since a token may be added
   * to them after synthesis (a CI step writing to .npmrc) and a copy would keep it in a layer.
   */
  readonly settingsFiles: string[];
  /** Folders that decide what gets installed (Yarn Berry's releases, plugins and patches). */
  readonly manifestFolders?: string[];
  /** Installs every dependency, exactly as locked. */
  readonly installAll: string;
  /** Installs production dependencies only, exactly as locked. */
  readonly installProduction: string;
  /** Where the package manager keeps its download cache (a cache mount). */
  readonly cacheTarget: string;
  /** Installs the tool, when the Node image does not ship it. */
  readonly toolInstall?: string;
  /** Environment of the stages that install and build. */
  readonly toolEnvironment?: { [name: string]: string };
}

const YARN_CLASSIC_VERSION = '1.22.22';
const YARN_BERRY_VERSION = '4.18.1';
const BUN_VERSION = '1.4.5';

/**
 * Installs Yarn with npm. The official images have carried links to their own
 * Yarn classic, which npm refuses to overwrite: they are removed first, which
 * works whether an image has them or not. Node 25 and later ship no corepack,
 * so the library never relies on it.
 */
function installYarn(packageSpec: string): string {
  return `rm -f /usr/local/bin/yarn /usr/local/bin/yarnpkg && npm install --global ${packageSpec}`;
}

/** The version pinned in package.json `packageManager` (`pnpm@9.15.9+sha512...`), if any. */
function pinnedVersion(project: NodeProject, tool: string): string | undefined {
  const field = manifestField(project, 'packageManager');
  const match = typeof field === 'string' ? new RegExp(`^${tool}@([^+]+)`).exec(field) : null;
  return match?.[1];
}

/** A version the project sets, unless it is a tag such as projen's default `latest` for Bun. */
function concreteVersion(version: string | undefined): string | undefined {
  return version && /^\d/.test(version) ? version : undefined;
}

/**
 * Files that may or may not be there: written with a trailing `*`, a pattern
 * that every builder accepts when it matches nothing, so the COPY works either way.
 */
function optional(files: string[]): string[] {
  return files.map((file) => `${file}*`);
}

/** Folders that exist in the project folder now. */
function existing(project: NodeProject, candidates: string[]): string[] {
  return candidates.filter((folder) => existsSync(join(project.outdir, folder)));
}

/** The package managers the library builds images for. */
export const KNOWN_PACKAGE_MANAGERS = ['npm', 'yarn (classic)', 'yarn berry', 'pnpm', 'bun'];

/** The strategy for the project's package manager, or undefined for one the library does not know. */
export function packageManagerStrategy(project: NodeProject): PackageManagerStrategy | undefined {
  const manager = project.package.packageManager;
  switch (manager) {
    case NodePackageManager.NPM:
      return {
        name: 'npm',
        manifestFiles: ['package.json', 'package-lock.json'],
        settingsFiles: ['.npmrc'],
        installAll: 'npm ci',
        installProduction: needsDevOptionalRemoval(project.outdir) ? `npm ci --omit=dev && ${REMOVE_DEV_OPTIONAL_PEERS}` : 'npm ci --omit=dev',
        cacheTarget: '/root/.npm',
      };
    case NodePackageManager.YARN:
    case NodePackageManager.YARN_CLASSIC:
      return {
        name: 'yarn',
        manifestFiles: ['package.json', 'yarn.lock'],
        settingsFiles: ['.npmrc', '.yarnrc'],
        installAll: 'yarn install --frozen-lockfile --non-interactive',
        installProduction: 'yarn install --frozen-lockfile --non-interactive --production',
        cacheTarget: '/usr/local/share/.cache/yarn',
        toolInstall: installYarn(`yarn@${pinnedVersion(project, 'yarn') ?? YARN_CLASSIC_VERSION}`),
      };
    case NodePackageManager.YARN2:
    case NodePackageManager.YARN_BERRY:
      return {
        name: 'yarn-berry',
        manifestFiles: ['package.json', 'yarn.lock'],
        settingsFiles: ['.yarnrc.yml'],
        manifestFolders: existing(project, ['.yarn/releases', '.yarn/plugins', '.yarn/patches']),
        installAll: 'yarn install --immutable',
        // `workspaces focus` never checks the lockfile: when package.json and yarn.lock
        // disagree it silently installs other versions. The immutable install refuses
        // that first (its builds are skipped; focus runs the production ones).
        installProduction: 'yarn install --immutable --mode=skip-build && yarn workspaces focus --all --production',
        cacheTarget: '/root/.yarn/berry/cache',
        // Plug'n'Play (Yarn's default linker) leaves no node_modules for the runtime to copy:
        // the image always links node_modules, whatever the project uses for development.
        toolEnvironment: { YARN_NODE_LINKER: 'node-modules' },
        toolInstall: installYarn(`@yarnpkg/cli-dist@${pinnedVersion(project, 'yarn') ?? YARN_BERRY_VERSION}`),
      };
    case NodePackageManager.PNPM:
      return {
        name: 'pnpm',
        manifestFiles: ['package.json', 'pnpm-lock.yaml', ...optional(['pnpm-workspace.yaml'])],
        settingsFiles: ['.npmrc'],
        installAll: 'pnpm install --frozen-lockfile',
        installProduction: 'pnpm install --frozen-lockfile --prod',
        cacheTarget: '/root/.local/share/pnpm/store',
        toolInstall: `npm install --global pnpm@${pinnedVersion(project, 'pnpm') ?? project.package.pnpmVersion ?? '9'}`,
      };
    case NodePackageManager.BUN:
      return {
        name: 'bun',
        manifestFiles: ['package.json', ...optional(['bun.lock'])],
        // Bun reads the project's .npmrc too (scoped registries, `${NAME}` tokens).
        settingsFiles: ['bunfig.toml', '.npmrc'],
        installAll: 'bun install --frozen-lockfile',
        installProduction: 'bun install --frozen-lockfile --production',
        cacheTarget: '/root/.bun/install/cache',
        // Bun's postinstall puts the native binary in place; npm 11.19 runs it with a
        // warning unless it is allowed, and refuses it under strict-allow-scripts.
        toolInstall: `npm install --global --allow-scripts=bun bun@${pinnedVersion(project, 'bun') ?? concreteVersion(project.package.bunVersion) ?? BUN_VERSION}`,
      };
    default:
      return undefined;
  }
}
