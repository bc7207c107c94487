import { relative } from 'path';
import { NodeProject } from 'projen/lib/javascript';
import { PackageManifest, projectManifest, Workspace, WorkspacePackage } from './workspace';
import { WorkspaceRule } from './workspace-rule';
import { Problem } from '../core/problem';

/** The packages of the workspace an image of one of them needs, each list in build order (dependencies first, the service last). */
export interface WorkspaceClosure {
  readonly service: WorkspacePackage;
  /** What the build installs and compiles: reached through dependencies and devDependencies. */
  readonly build: WorkspacePackage[];
  /** What the runtime gets: reached through dependencies only. */
  readonly production: WorkspacePackage[];
}

/** The workspace packages a package names in these fields, in the order it names them. */
export function workspaceDependencies(workspace: Workspace, manifest: PackageManifest, fields: Array<'dependencies' | 'devDependencies'>): WorkspacePackage[] {
  const names = fields.flatMap((field) => Object.keys(manifest[field] ?? {}));
  return [...new Set(names)].flatMap((name) => workspace.packages.filter((candidate) => candidate.name === name));
}

function ordered(workspace: Workspace, service: WorkspacePackage, fields: Array<'dependencies' | 'devDependencies'>): WorkspacePackage[] {
  const order: WorkspacePackage[] = [];
  const seen = new Set<WorkspacePackage>();
  // Dependencies first: a package is built after every package it reaches.
  const visit = (pkg: WorkspacePackage) => {
    if (!seen.has(pkg)) {
      seen.add(pkg);
      workspaceDependencies(workspace, pkg.manifest, fields).forEach(visit);
      order.push(pkg);
    }
  };
  visit(service);
  return order;
}

/** The service's closure in the workspace, or why there is none. */
export function workspaceClosure(workspace: Workspace, project: NodeProject, root: string): { closure?: WorkspaceClosure; problems: Problem[] } {
  const dir = relative(workspace.root, project.outdir).split('\\').join('/');
  const declared = workspace.packages.find((pkg) => pkg.dir === dir);
  if (!declared) {
    return {
      problems: [{
        rule: WorkspaceRule.NOT_A_WORKSPACE_PACKAGE,
        message: `the project's folder "${dir}" is not one of the packages the workspace root "${root}" declares (${workspace.packages.map((pkg) => pkg.dir).join(', ') || 'none'}).`,
        fix: 'Add the folder to the root\'s workspace packages, or set workspaceRoot: "." to build the project on its own.',
      }],
    };
  }
  // The service's package.json as projen will write it, not as it may still be on disk.
  const service: WorkspacePackage = { ...declared, manifest: projectManifest(project), project };
  const replace = (pkg: WorkspacePackage) => (pkg === declared ? service : pkg);
  const inWorkspace: Workspace = { ...workspace, packages: workspace.packages.map(replace) };
  const build = ordered(inWorkspace, service, ['dependencies', 'devDependencies']);
  const production = ordered(inWorkspace, service, ['dependencies']);
  return { closure: { service, build, production }, problems: [] };
}
