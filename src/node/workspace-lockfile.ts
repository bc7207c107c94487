import { existsSync, readFileSync } from 'fs';
import { join, posix } from 'path';
import { NodePackageManager } from 'projen/lib/javascript';
import { satisfies, validRange } from 'semver';
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
  /** Reads the lockfile's text. */
  readonly parse: (text: string) => Lock;
  /** What the lockfile lacks for `dependent` to get `dependency` as the workspace's install made it (and the fix, if not a new install), or undefined. */
  readonly lacks: (lock: Lock, dependent: WorkspacePackage, dependency: WorkspacePackage, workspace: Workspace) => Lack | undefined;
}

interface Lack {
  readonly what: string;
  readonly fix?: string;
}

/** A format whose lockfile records the link itself. */
function linked(links: (lock: Lock, dependent: WorkspacePackage, dependency: WorkspacePackage) => boolean): LockfileFormat['lacks'] {
  return (lock, dependent, dependency) => (links(lock, dependent, dependency) ? undefined : { what: 'does not link to it' });
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

/** Yarn classic's lockfile as its entries' keys (`ms@2.1.3`, `"@types/ms@2.1.0"`), each one `name@range`. */
function classicEntries(text: string): Lock {
  const keys = text.split('\n').filter((line) => /^\S.*:$/.test(line) && !line.startsWith('#'))
    .flatMap((line) => line.slice(0, -1).split(/,\s*/).map((spec) => spec.replace(/^"|"$/g, '')));
  return Object.fromEntries(keys.map((key) => [key, true]));
}

/**
 * Yarn classic never writes workspace packages into yarn.lock: a workspace dependency is linked when
 * no entry fetches it from the registry instead, and installs frozen when every dependency of the
 * linked package has its entry.
 */
function classicLacks(lock: Lock, dependent: WorkspacePackage, dependency: WorkspacePackage, workspace: Workspace): Lack | undefined {
  const range = listed(dependent.manifest, dependency.name);
  const version = dependency.manifest.version;
  if (lock[`${dependency.name}@${range}`]) {
    return { what: `has "${dependency.name}@${range}" from the registry instead of linking it` };
  }
  if (typeof range === 'string' && version && validRange(range) && !satisfies(version, range)) {
    return {
      what: `cannot link to it: its version ${version} is not in the range "${range}", so Yarn 1 would look for it in the registry`,
      fix: `Depend on "${dependency.name}@${version}" in ${posix.join(dependent.dir, 'package.json')}, or give ${dependency.dir} a version in the range.`,
    };
  }
  // Its own workspace dependencies are checked as dependents of their own.
  const siblings = new Set(workspace.packages.map((pkg) => pkg.name));
  const missing = ['dependencies', 'devDependencies'].flatMap((field) => Object.entries((dependency.manifest as Lock)[field] ?? {}))
    .filter(([name]) => !siblings.has(name))
    .map(([name, spec]) => `${name}@${spec}`)
    .filter((spec) => !lock[spec]);
  return missing.length > 0 ? { what: `lacks the entries of its dependencies (${missing.join(', ')})` } : undefined;
}

const parseJson = (text: string): Lock => JSON.parse(text);
const parseYaml = (text: string): Lock => parse(text) ?? {};

function lockfileFormat(manager: NodePackageManager): LockfileFormat | undefined {
  switch (manager) {
    case NodePackageManager.NPM:
      return { file: 'package-lock.json', install: 'npm install', parse: parseJson, lacks: linked(npmLinks) };
    case NodePackageManager.PNPM:
      return { file: 'pnpm-lock.yaml', install: 'pnpm install', parse: parseYaml, lacks: linked(pnpmLinks) };
    case NodePackageManager.YARN2:
    case NodePackageManager.YARN_BERRY:
      return { file: 'yarn.lock', install: 'yarn install', parse: parseYaml, lacks: linked(berryLinks) };
    case NodePackageManager.YARN:
    case NodePackageManager.YARN_CLASSIC:
      return { file: 'yarn.lock', install: 'yarn install', parse: classicEntries, lacks: classicLacks };
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
  const lock = format.parse(readFileSync(path, 'utf-8'));
  return closure.flatMap((dependent) => workspaceDependencies(workspace, dependent.manifest, ['dependencies', 'devDependencies'])
    .flatMap((dependency) => {
      const lacks = format.lacks(lock, dependent, dependency, workspace);
      return lacks ? [{
        rule: WorkspaceRule.WORKSPACE_DEPENDENCY_NOT_LOCKED,
        message: `${dependent.dir || 'the root'} depends on the workspace package "${dependency.name}" (${dependency.dir}), which ${shown} ${lacks.what}.`,
        fix: lacks.fix ?? `Run "${format.install}" at the workspace root (${root}) and commit ${format.file}.`,
      }] : [];
    }));
}
