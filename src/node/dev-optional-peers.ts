/*
 * npm keeps a development dependency in a production install when a production dependency names it
 * as an optional peer: @prisma/client names prisma and typescript, typeorm names ts-node, knex its
 * database drivers. The lockfile marks such a package (and what only it needs) "devOptional", and
 * `npm ci --omit=dev` omits devOptional packages only together with --omit=optional, which would
 * also drop real optional dependencies (platform binaries). npm's maintainers keep this behaviour.
 *
 * After the production install, this removes each devOptional (or optional) package that the production tree does
 * not reach by a required edge (dependencies, optionalDependencies, peers not marked optional), read
 * from package-lock.json with npm's folder lookup. It is what the install would have been without
 * the development dependencies: an optional peer is never installed for its own sake. The hidden
 * lockfile in node_modules is removed with them; npm reads the folder instead when it finds none.
 *
 * The step is written only when synthesis finds such a package in the project's package-lock.json
 * (unreachedDevOptional, the same walk as the script's): most lockfiles have none. Without a
 * readable lockfile (the first synthesis of a new project, before projen's install writes one) it
 * is written, as it cannot be known that nothing needs it; it then removes nothing when nothing is
 * there, and the next synthesis, with the lockfile, decides.
 */

import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const SCRIPT = [
  'const fs = require("fs");',
  'const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages || {};',
  // The folder npm resolves a name to from a package's folder: its own node_modules, then each parent's.
  'const resolve = (from, name) => { for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf("/node_modules/")))) {',
  ' const path = (dir ? dir + "/" : "") + "node_modules/" + name; if (lock[path]) return path; if (!dir) return undefined; } };',
  'const needed = new Set();',
  'const visit = (path) => { if (needed.has(path)) return; needed.add(path); const entry = lock[path] || {};',
  ' if (entry.link) visit(entry.resolved); const meta = entry.peerDependenciesMeta || {};',
  ' const names = [...Object.keys(entry.dependencies || {}), ...Object.keys(entry.optionalDependencies || {}),',
  ' ...Object.keys(entry.peerDependencies || {}).filter((name) => !(meta[name] || {}).optional)];',
  ' for (const name of names) { const found = resolve(path, name); if (found) visit(found); } };',
  'visit("");',
  // Optional: the platform binaries of such a package (typescript 7's), which are flagged as optional dependencies only.
  'const unneeded = Object.keys(lock).filter((path) => (lock[path].devOptional || lock[path].optional) && !needed.has(path) && fs.existsSync(path));',
  // A nested package goes with its parent.
  'const pruned = unneeded.filter((path) => !unneeded.some((other) => path.startsWith(other + "/")));',
  'for (const path of pruned) {',
  ' fs.rmSync(path, { recursive: true, force: true });',
  ' const bins = path.slice(0, path.lastIndexOf("node_modules/") + 13) + ".bin/";',
  ' for (const bin of Object.keys(lock[path].bin || {})) fs.rmSync(bins + bin, { force: true });',
  ' const scope = path.slice(0, path.lastIndexOf("/"));',
  ' if (scope.split("/").pop().startsWith("@") && fs.readdirSync(scope).length === 0) fs.rmdirSync(scope); }',
  'if (pruned.length > 0) { fs.rmSync("node_modules/.package-lock.json", { force: true });',
  ' console.log("Removed " + pruned.length + " packages that npm kept as optional peers of production dependencies and only development dependencies need: " + pruned.join(" ")); }',
].join('');

/** A shell command, run after `npm ci --omit=dev` in the project folder, that removes the development dependencies npm kept as optional peers. */
export const REMOVE_DEV_OPTIONAL_PEERS = `node -e '${SCRIPT}'`;

/** An entry of package-lock.json's `packages`: the fields the walk reads. */
interface LockEntry {
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly devOptional?: boolean;
  readonly link?: boolean;
  readonly resolved?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>;
  /** The rest of what npm records (version, resolved, integrity, engines, devDependencies of the root...). */
  readonly [field: string]: unknown;
}

/**
 * The folders of a lockfile's packages that `npm ci --omit=dev` installs (not flagged dev) although
 * only development dependencies need them: devOptional or optional, and not reached from the project
 * by a dependency, an optional dependency or a required peer. A nested one is left out for its parent.
 */
export function unreachedDevOptional(packages: Record<string, LockEntry>): string[] {
  const resolve = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
      const path = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (packages[path]) return path;
      if (!dir) return undefined;
    }
  };
  const needed = new Set<string>();
  const visit = (path: string): void => {
    if (needed.has(path)) return;
    needed.add(path);
    const entry = packages[path] ?? {};
    if (entry.link && entry.resolved) visit(entry.resolved);
    const meta = entry.peerDependenciesMeta ?? {};
    const names = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !meta[name]?.optional),
    ];
    for (const name of names) {
      const found = resolve(path, name);
      if (found) visit(found);
    }
  };
  visit('');
  const unneeded = Object.keys(packages).filter((path) => {
    const entry = packages[path];
    return path !== '' && !entry.dev && (entry.devOptional || entry.optional) && !needed.has(path);
  });
  return unneeded.filter((path) => !unneeded.some((other) => path.startsWith(`${other}/`)));
}

/**
 * Whether npm's production install of the project needs the step: its package-lock.json has packages
 * that unreachedDevOptional finds, or there is no lockfile to read.
 */
export function needsDevOptionalRemoval(projectFolder: string): boolean {
  const packages = lockedPackages(join(projectFolder, 'package-lock.json'));
  return packages === undefined || unreachedDevOptional(packages).length > 0;
}

/** The `packages` of a lockfile (none in a lockfileVersion 1 file), or undefined when it is not there or not JSON (npm ci stops on it then, with its own message). */
function lockedPackages(file: string): Record<string, LockEntry> | undefined {
  if (!existsSync(file)) {
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf-8')).packages ?? {};
  } catch {
    return undefined;
  }
}
