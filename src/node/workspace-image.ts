import { existsSync } from 'fs';
import { join, posix, resolve } from 'path';
import { NodePackageManager, NodeProject } from 'projen/lib/javascript';
import { Problem } from '../core/problem';
import { DockerfileStage, RunMount } from '../dockerfile';
import { DockerIgnore } from '../ignore';
import { projectExcludes } from './ignore-defaults';
import { PackageManagerStrategy } from './package-managers';
import { PackageManifest, readWorkspace, workspaceRootOf } from './workspace';
import { WorkspaceClosure, workspaceClosure } from './workspace-closure';
import { addWorkspaceBuild, BuildStages, addWorkspaceDeps, addWorkspaceRuntime, PackageBuild, packageBuild, serviceBuild, workspaceInstalls } from './workspace-layout';
import { unlockedDependencies } from './workspace-lockfile';
import { WorkspaceRule } from './workspace-rule';
import { COMMON_EXCLUDES } from '../ignore/default-patterns';

/**
 * An image of a package of a workspace: built from the workspace root, with the closure of the
 * service only (the workspace packages it depends on, and their dependencies from the root's lockfile).
 */
export class WorkspaceImage {
  /** The workspace of a project, read at synthesis, or the problems that stop it. */
  public static of(
    project: NodeProject, workspaceRoot: string | undefined, buildContext: string, ignore: DockerIgnore,
  ): { image?: WorkspaceImage; problems: Problem[] } {
    const root = workspaceRootOf(project, workspaceRoot);
    if (root === undefined) {
      return { problems: [] };
    }
    if (resolve(project.outdir, buildContext) !== resolve(project.outdir, root)) {
      return {
        problems: [{
          rule: WorkspaceRule.INVALID_WORKSPACE,
          message: `buildContext "${buildContext}" is not the workspace root "${root}", where the shared lockfile and every package of the closure are.`,
          fix: 'Leave buildContext out (it defaults to the workspace root), or set workspaceRoot: "." to build the project on its own.',
        }],
      };
    }
    if (project.package.packageManager === NodePackageManager.BUN) {
      return {
        problems: [{
          rule: WorkspaceRule.UNSUPPORTED_WORKSPACE_MANAGER,
          message: `the project is a package of the Bun workspace "${root}", and workspace images are built with npm, pnpm or Yarn only: `
            + 'the library does not yet install one package\'s closure from a Bun workspace\'s root lockfile.',
          fix: 'Use npm, pnpm or Yarn workspaces for the image, or set workspaceRoot: "." to build the project on its own (with its own bun.lock and no workspace dependencies).',
        }],
      };
    }
    const read = readWorkspace(project, root);
    const found = read.workspace ? workspaceClosure(read.workspace, project, root) : undefined;
    if (!read.workspace || !found?.closure) {
      return { problems: [...read.problems, ...(found?.problems ?? [])] };
    }
    const manager = project.package.packageManager;
    const service = found.closure.service;
    const builds = found.closure.build.filter((pkg) => pkg !== service).map((pkg) => packageBuild(pkg, manager));
    const problems = [
      ...unlockedDependencies(read.workspace, found.closure.build, manager, root),
      ...builds.flatMap((build) => build.problems),
    ];
    const packageBuilds = builds.flatMap((build) => ('build' in build && build.build ? [build.build] : []));
    if (problems.length > 0) {
      return { problems };
    }
    const image = new WorkspaceImage(project, read.workspace.root, read.workspace.rootManifest, found.closure, packageBuilds);
    image.restrictIgnore(ignore);
    return { image, problems };
  }

  private constructor(
    private readonly project: NodeProject,
    private readonly root: string,
    private readonly rootManifest: PackageManifest,
    /** The service and the workspace packages the image holds. */
    public readonly closure: WorkspaceClosure,
    private readonly siblings: PackageBuild[],
  ) {}

  /** The package manager's strategy with the closure's installs, and the root's folders of install files. */
  public strategy(strategy: PackageManagerStrategy): PackageManagerStrategy {
    const installs = workspaceInstalls(this.project.package.packageManager, this.closure);
    const folders = ['.yarn/releases', '.yarn/plugins', '.yarn/patches'].filter((folder) => existsSync(join(this.root, folder)));
    // The workspace installs with the root's tool: Yarn's built-in patches in the lockfile differ between its versions.
    const pinned = /^(?:pnpm|yarn)@([^+]+)/.exec(this.rootManifest.packageManager ?? '')?.[1];
    return {
      ...strategy,
      installProduction: installs.production,
      installAll: installs.all,
      manifestFolders: strategy.manifestFolders ? folders : undefined,
      toolInstall: pinned ? strategy.toolInstall?.replace(/@[^@\s]+$/, `@${pinned}`) : strategy.toolInstall,
    };
  }

  /** The ignore file lets in what the Dockerfile copies and nothing else: no installed dependencies, built output, settings or secrets of the closure. */
  private restrictIgnore(ignore: DockerIgnore): void {
    const built = this.builds.filter((build) => build.commands.length > 0 && build.inputs.includes('.'))
      .flatMap((build) => build.outputs.map((output) => posix.join(build.pkg.dir, output)));
    // A service copied whole leaves out what any project's build context does not need (its Dockerfile, tests, docs).
    const copiedWhole = this.builds.filter((build) => build.fromContext).flatMap((build) => [...COMMON_EXCLUDES, ...projectExcludes(this.project)]
      .filter((pattern) => !pattern.startsWith('!') && !pattern.startsWith('**/')).map((pattern) => posix.join(build.pkg.dir, pattern)));
    // Let in before the runtime copies it, for the checks of what the image runs.
    ignore.addInclude(...this.builds.filter((build) => build.fromContext).map((build) => build.pkg.dir));
    // Settings files are build secrets (settings-secrets.ts); a negated secret pattern would let in files of every package.
    ignore.addExclude('**/node_modules', ...built, ...copiedWhole, ...COMMON_EXCLUDES.filter((pattern) => pattern.startsWith('**/') && pattern !== '**/node_modules'));
  }

  /** Fills the stages in their places: the closure's production dependencies, and its build. */
  public fill(
    fill: (name: string, add: (stage: DockerfileStage) => void) => void, strategy: PackageManagerStrategy, mounts: RunMount[], workdir: string,
    addArgs: (stage: DockerfileStage) => void,
  ): void {
    fill('deps', (stage) => addWorkspaceDeps(stage, strategy, this.closure, strategy.installProduction, mounts));
    fill('build', (stage) => addWorkspaceBuild(stage, strategy, this.builds, strategy.installAll, mounts, workdir, () => addArgs(stage)));
  }

  /** The runtime's copies of the production closure. */
  public addRuntime(stage: DockerfileStage, stages: BuildStages, workdir: string, runtimeFiles: string[]): void {
    addWorkspaceRuntime(stage, this.builds.filter((build) => this.closure.production.includes(build.pkg)), stages, workdir, runtimeFiles);
  }

  /** The service's folder in the workspace, where the runtime starts it. */
  public get serviceDirectory(): string {
    return this.closure.service.dir;
  }

  /** How each package of the build closure builds, the service last. */
  private get builds(): PackageBuild[] {
    return [...this.siblings, serviceBuild(this.closure.service)];
  }
}

/** The kinds of service the image builds on their own but not yet from a workspace root. */
export interface WorkspaceShapes {
  /** The project is a Next.js app. */
  readonly nextjs: boolean;
  /** The project generates a Prisma client in its build. */
  readonly prisma: boolean;
}

/** A Next.js app or a Prisma client in a workspace package: refused rather than built without what they need. */
export function unsupportedWorkspaceShapes(shapes: WorkspaceShapes): Problem[] {
  const fix = 'Build the image from the project itself (workspaceRoot: "."), with its dependencies from the registry, or keep the service outside the workspace.';
  return [
    ...shapes.nextjs ? [{
      rule: WorkspaceRule.UNSUPPORTED_WORKSPACE_PACKAGE,
      message: 'a Next.js app inside a workspace is not built from the workspace root yet: its standalone output traces files of the whole workspace, which this image does not lay out.',
      fix,
    }] : [],
    ...shapes.prisma ? [{
      rule: WorkspaceRule.UNSUPPORTED_WORKSPACE_PACKAGE,
      message: 'a workspace package that uses Prisma is not built from the workspace root yet: its client would not be generated in the build, and the service would fail at its first query.',
      fix,
    }] : [],
  ];
}
