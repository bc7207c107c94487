import { existsSync, readFileSync } from 'fs';
import { join, posix } from 'path';
import { NodePackageManager } from 'projen/lib/javascript';
import { parse } from 'yaml';
import { Workspace, WorkspacePackage } from './workspace';
import { workspaceDependencies } from './workspace-closure';
import { WorkspaceRule } from './workspace-rule';
import { Problem } from '../core/problem';

type Lock = { [key: string]: any };

interface LockfileFormat {
  readonly file: string;
  /** The command that writes the lockfile again. */
  readonly install: string;
  /** Whether the lockfile links `dependency` into `dependent`, as the workspace's install made it. */
  readonly links: (lock: Lock, dependent: WorkspacePackage, dependency: WorkspacePackage) => boolean;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'];

function listed(entry: Lock | undefined, name: string): Lock | undefined {
  return DEPENDENCY_FIELDS.map((field) => entry?.[field]?.[name]).find((value) => value !== undefined);
}

/** npm: `packages["<dir>"]` lists the dependency, and `node_modules/<name>` (at the root or under the dependent) links to its folder. */
function npmLinks(lock: Lock, dependent: WorkspacePackage, dependency: WorkspacePackage): boolean {
  const packages = lock.packages ?? {};
  const installed = [`node_modules/${dependency.name}`, posix.join(dependent.dir, 'node_modules', dependency.name)].map((path) => packages[path]);
  return listed(packages[dependent.dir], dependency.name) !== undefined
    && installed.some((entry) => entry?.link === true && entry.resolved === dependency.dir);
}

/** pnpm: the dependent's importer resolves the dependency to `link:<relative folder>`. */
function pnpmLinks(lock: Lock, dependent: WorkspacePackage, dependency: WorkspacePackage): boolean {
  const resolved = listed(lock.importers?.[dependent.dir || '.'], dependency.name);
  return resolved?.version === `link:${posix.relative(dependent.dir, dependency.dir)}`;
}

/** Yarn Berry: the dependent's `<name>@workspace:<dir>` entry lists the dependency, which has an entry of its own folder. */
function berryLinks(lock: Lock, dependent: WorkspacePackage, dependency: WorkspacePackage): boolean {
  const entry = (pkg: WorkspacePackage) => Object.entries(lock)
    .find(([key]) => key.split(/,\s*/).map((spec) => spec.replace(/^"|"$/g, '')).includes(`${pkg.name}@workspace:${pkg.dir || '.'}`))?.[1] as Lock | undefined;
  return entry(dependency) !== undefined && listed(entry(dependent), dependency.name) !== undefined;
}

function lockfileFormat(manager: NodePackageManager): LockfileFormat | undefined {
  switch (manager) {
    case NodePackageManager.NPM:
      return { file: 'package-lock.json', install: 'npm install', links: npmLinks };
    case NodePackageManager.PNPM:
      return { file: 'pnpm-lock.yaml', install: 'pnpm install', links: pnpmLinks };
    case NodePackageManager.YARN2:
    case NodePackageManager.YARN_BERRY:
      return { file: 'yarn.lock', install: 'yarn install', links: berryLinks };
    case NodePackageManager.YARN:
    case NodePackageManager.YARN_CLASSIC:
      // Yarn classic never writes workspace packages into yarn.lock: there is no link to check, only the file.
      return { file: 'yarn.lock', install: 'yarn install', links: () => true };
    default:
      return undefined;
  }
}

/** The root's lockfile name for the package manager. */
export function workspaceLockfile(manager: NodePackageManager): string | undefined {
  return lockfileFormat(manager)?.file;
}

/**
 * The workspace dependencies of the closure that the root's lockfile does not link, each a
 * problem: the frozen install would fail on them, or install something else than was tested.
 */
export function unlockedDependencies(workspace: Workspace, closure: WorkspacePackage[], manager: NodePackageManager, root: string): Problem[] {
  const format = lockfileFormat(manager);
  if (!format) {
    return [{
      rule: WorkspaceRule.INVALID_WORKSPACE,
      message: `workspace images are built with npm, pnpm or Yarn, not ${manager}.`,
      fix: 'Use npm, pnpm or Yarn workspaces, or set workspaceRoot: "." to build the project on its own.',
    }];
  }
  const path = join(workspace.root, format.file);
  const shown = posix.join(root, format.file);
  if (!existsSync(path)) {
    return [{
      rule: WorkspaceRule.INVALID_WORKSPACE,
      message: `the workspace root has no ${shown}, which the image installs from.`,
      fix: `Run "${format.install}" at the workspace root and commit ${format.file}.`,
    }];
  }
  const text = readFileSync(path, 'utf-8');
  const lock: Lock = (format.file.endsWith('.json') ? JSON.parse(text) : manager.startsWith('yarn') && !text.includes('__metadata') ? {} : parse(text)) ?? {};
  return closure.flatMap((dependent) => workspaceDependencies(workspace, dependent.manifest, ['dependencies', 'devDependencies'])
    .filter((dependency) => !format.links(lock, dependent, dependency))
    .map((dependency) => ({
      rule: WorkspaceRule.WORKSPACE_DEPENDENCY_NOT_LOCKED,
      message: `${dependent.dir || 'the root'} depends on the workspace package "${dependency.name}" (${dependency.dir}), which ${shown} does not link to it.`,
      fix: `Run "${format.install}" at the workspace root (${root}) and commit ${format.file}.`,
    })));
}
