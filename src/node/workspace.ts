import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { isAbsolute, join, posix, relative, resolve } from 'path';
import { DependencyType, Project } from 'projen';
import { NodePackageManager, NodeProject } from 'projen/lib/javascript';
import { parse } from 'yaml';
import { manifestField } from './project-manifest';
import { WorkspaceRule } from './workspace-rule';
import { Problem } from '../core/problem';

/** The fields of a package.json that a workspace image reads. */
export interface PackageManifest {
  readonly name?: string;
  readonly version?: string;
  readonly packageManager?: string;
  readonly main?: string;
  readonly files?: string[];
  readonly scripts?: { readonly [name: string]: string };
  readonly dependencies?: { readonly [name: string]: string };
  readonly devDependencies?: { readonly [name: string]: string };
  readonly workspaces?: string[] | { readonly packages?: string[] };
}

/** A package of the workspace. */
export interface WorkspacePackage {
  /** Its package name. */
  readonly name: string;
  /** Its folder, relative to the workspace root ("" for the root itself). */
  readonly dir: string;
  readonly manifest: PackageManifest;
  /** The projen project that writes it, when it is one of the project tree. */
  readonly project?: NodeProject;
}

/** A workspace as its root declares it. */
export interface Workspace {
  /** The root folder, absolute. */
  readonly root: string;
  readonly rootManifest: PackageManifest;
  readonly packages: WorkspacePackage[];
}

/** The projen project at the root of the tree, when the project is a Node.js subproject of it. */
function treeRoot(project: NodeProject): NodeProject | undefined {
  const root = project.root;
  return root !== project && root instanceof NodeProject ? root : undefined;
}

/**
 * The workspace root of the project, relative to it: `workspaceRoot` when given, else the
 * root of its projen project tree when the project is a Node.js subproject; undefined for a
 * project built on its own (`workspaceRoot: "."` asks for that).
 */
export function workspaceRootOf(project: NodeProject, workspaceRoot: string | undefined): string | undefined {
  const given = workspaceRoot ?? (treeRoot(project) ? relative(project.outdir, treeRoot(project)!.outdir).split('\\').join('/') : undefined);
  return given === undefined || posix.normalize(given) === '.' ? undefined : posix.normalize(given);
}

function nodeProjectsOf(project: Project): NodeProject[] {
  return project.subprojects.flatMap((sub) => [...(sub instanceof NodeProject ? [sub] : []), ...nodeProjectsOf(sub)]);
}

function readManifest(folder: string): PackageManifest | undefined {
  const file = join(folder, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf-8')) : undefined;
}

function dependencyVersions(project: NodeProject, types: DependencyType[]): { [name: string]: string } {
  return Object.fromEntries(project.deps.all.filter((dep) => types.includes(dep.type)).map((dep) => [dep.name, dep.version ?? '*']));
}

/** A project's package.json as projen will write it. */
export function projectManifest(project: NodeProject): PackageManifest {
  const field = (key: string) => manifestField(project, key);
  return {
    name: project.package.packageName,
    version: field('version') as string | undefined,
    packageManager: field('packageManager') as string | undefined,
    main: field('main') as string | undefined,
    files: field('files') as string[] | undefined,
    scripts: field('scripts') as PackageManifest['scripts'],
    // projen writes the dependency fields from project.deps only when it writes package.json.
    dependencies: dependencyVersions(project, [DependencyType.RUNTIME, DependencyType.PEER, DependencyType.OPTIONAL]),
    devDependencies: dependencyVersions(project, [DependencyType.BUILD, DependencyType.TEST, DependencyType.DEVENV]),
    workspaces: field('workspaces') as PackageManifest['workspaces'],
  };
}

/** The package globs the root declares: pnpm-workspace.yaml for pnpm, package.json `workspaces` otherwise. */
function workspaceGlobs(root: string, manifest: PackageManifest, manager: NodePackageManager): string[] | undefined {
  if (manager === NodePackageManager.PNPM) {
    const file = join(root, 'pnpm-workspace.yaml');
    return existsSync(file) ? (parse(readFileSync(file, 'utf-8')) ?? {}).packages : undefined;
  }
  const declared = manifest.workspaces;
  return Array.isArray(declared) ? declared : declared?.packages;
}

/** Folders matching a workspace glob: literal segments, and `*` or `**` segments (one level, or any depth). */
function expandGlob(root: string, glob: string): string[] {
  const walk = (base: string, segments: string[]): string[] => {
    if (segments.length === 0) {
      return [base];
    }
    const [head, ...rest] = segments;
    const absolute = join(root, base);
    const children = () => existsSync(absolute) ? readdirSync(absolute).filter((name) => name !== 'node_modules' && !name.startsWith('.')
      && statSync(join(absolute, name)).isDirectory()) : [];
    if (head === '**') {
      return [...walk(base, rest), ...children().flatMap((name) => walk(posix.join(base, name), segments))];
    }
    if (head.includes('*')) {
      const pattern = new RegExp(`^${head.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      return children().filter((name) => pattern.test(name)).flatMap((name) => walk(posix.join(base, name), rest));
    }
    return walk(posix.join(base, head), rest);
  };
  return walk('', posix.normalize(glob.replace(/^\.\//, '')).split('/').filter((segment) => segment !== '' && segment !== '.'));
}

/** Whether a workspace glob matches a folder. */
function globMatches(glob: string, dir: string): boolean {
  const pattern = posix.normalize(glob.replace(/^\.\//, '')).replace(/\/+$/, '').split('/')
    .map((segment) => (segment === '**' ? '.*' : segment.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))).join('/');
  return new RegExp(`^${pattern}$`).test(dir);
}

/**
 * Reads the workspace at `root` (relative to the project): the root's manifest, and its packages,
 * from the projen project tree (its Node.js subprojects, as they will be written) and from the
 * folders the root's globs match on disk.
 */
export function readWorkspace(project: NodeProject, root: string): { workspace?: Workspace; problems: Problem[] } {
  const folder = resolve(project.outdir, root);
  const problem = (message: string, fix: string) => ({ problems: [{ rule: WorkspaceRule.INVALID_WORKSPACE, message, fix }] });
  const tree = treeRoot(project);
  const inTree = tree && resolve(tree.outdir) === folder ? tree : undefined;
  const rootManifest = inTree ? projectManifest(inTree) : readManifest(folder);
  if (!rootManifest) {
    return problem(`the workspace root "${root}" has no package.json.`,
      'Set workspaceRoot to the folder of the workspace\'s root package.json, or "." to build the project on its own.');
  }
  const manager = project.package.packageManager;
  const globs = workspaceGlobs(folder, rootManifest, manager);
  const fromTree = new Map((inTree ? nodeProjectsOf(inTree) : []).map((sub) => [relative(folder, sub.outdir).split('\\').join('/'), sub]));
  // pnpm reads its packages from pnpm-workspace.yaml, which projen writes only after the subprojects: the tree is the workspace then.
  const treeIsWorkspace = manager === NodePackageManager.PNPM && fromTree.size > 0;
  if (!globs && !treeIsWorkspace) {
    const where = manager === NodePackageManager.PNPM ? 'pnpm-workspace.yaml (packages)' : 'package.json (workspaces)';
    return problem(`the workspace root "${root}" declares no workspace packages in ${where}.`,
      `Declare the packages in the root's ${where}, or set workspaceRoot: "." to build the project on its own.`);
  }
  // The project itself may not be on disk yet: it counts when a glob matches its folder.
  const own = relative(folder, project.outdir).split('\\').join('/');
  fromTree.set(own, project);
  const included = (globs ?? []).filter((glob) => !glob.startsWith('!'));
  const dirs = [...new Set([
    ...(globs ? [] : fromTree.keys()),
    ...included.flatMap((glob) => expandGlob(folder, glob)),
    ...(included.some((glob) => globMatches(glob, own)) ? [own] : []),
  ])];
  const packages = dirs.flatMap((dir): WorkspacePackage[] => {
    const sub = fromTree.get(dir);
    const manifest = sub ? projectManifest(sub) : readManifest(join(folder, dir));
    return manifest?.name && !isAbsolute(dir) ? [{ name: manifest.name, dir, manifest, project: sub }] : [];
  });
  return { workspace: { root: folder, rootManifest, packages }, problems: [] };
}
