import { existsSync } from 'fs';
import { join } from 'path';
import { NodePackageManager, NodeProject } from 'projen/lib/javascript';
import { manifestField } from './node-versions';

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
}

const YARN_CLASSIC_VERSION = '1.22.22';
const YARN_BERRY_VERSION = '4.18.1';
const BUN_VERSION = '1.4.5';

/** The version pinned in package.json `packageManager` (`pnpm@9.15.9+sha512...`), if any. */
function pinnedVersion(project: NodeProject, tool: string): string | undefined {
  const field = manifestField(project, 'packageManager');
  const match = typeof field === 'string' ? new RegExp(`^${tool}@([^+]+)`).exec(field) : null;
  return match?.[1];
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

/** The strategy for the project's package manager. */
export function packageManagerStrategy(project: NodeProject): PackageManagerStrategy {
  const manager = project.package.packageManager;
  switch (manager) {
    case NodePackageManager.NPM:
      return {
        name: 'npm',
        manifestFiles: ['package.json', 'package-lock.json', ...optional(['.npmrc'])],
        installAll: 'npm ci',
        installProduction: 'npm ci --omit=dev',
        cacheTarget: '/root/.npm',
      };
    case NodePackageManager.YARN:
    case NodePackageManager.YARN_CLASSIC:
      return {
        name: 'yarn',
        manifestFiles: ['package.json', 'yarn.lock', ...optional(['.npmrc', '.yarnrc'])],
        installAll: 'yarn install --frozen-lockfile --non-interactive',
        installProduction: 'yarn install --frozen-lockfile --non-interactive --production',
        cacheTarget: '/usr/local/share/.cache/yarn',
        toolInstall: `npm install --global yarn@${pinnedVersion(project, 'yarn') ?? YARN_CLASSIC_VERSION}`,
      };
    case NodePackageManager.YARN2:
    case NodePackageManager.YARN_BERRY:
      return {
        name: 'yarn-berry',
        manifestFiles: ['package.json', 'yarn.lock', '.yarnrc.yml'],
        manifestFolders: existing(project, ['.yarn/releases', '.yarn/plugins', '.yarn/patches']),
        installAll: 'yarn install --immutable',
        installProduction: 'yarn workspaces focus --all --production',
        cacheTarget: '/root/.yarn/berry/cache',
        toolInstall: `npm install --global @yarnpkg/cli-dist@${pinnedVersion(project, 'yarn') ?? YARN_BERRY_VERSION}`,
      };
    case NodePackageManager.PNPM:
      return {
        name: 'pnpm',
        manifestFiles: ['package.json', 'pnpm-lock.yaml', ...optional(['.npmrc', 'pnpm-workspace.yaml'])],
        installAll: 'pnpm install --frozen-lockfile',
        installProduction: 'pnpm install --frozen-lockfile --prod',
        cacheTarget: '/root/.local/share/pnpm/store',
        toolInstall: `npm install --global pnpm@${pinnedVersion(project, 'pnpm') ?? project.package.pnpmVersion ?? '9'}`,
      };
    case NodePackageManager.BUN:
      return {
        name: 'bun',
        manifestFiles: ['package.json', ...optional(['bun.lock', 'bunfig.toml'])],
        installAll: 'bun install --frozen-lockfile',
        installProduction: 'bun install --frozen-lockfile --production',
        cacheTarget: '/root/.bun/install/cache',
        toolInstall: `npm install --global bun@${pinnedVersion(project, 'bun') ?? BUN_VERSION}`,
      };
    default:
      throw new Error(`unknown package manager "${manager}"`);
  }
}
