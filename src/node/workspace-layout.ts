import { posix } from 'path';
import { NodePackageManager } from 'projen/lib/javascript';
import { Problem } from '../core/problem';
import { DockerfileStage, RunMount } from '../dockerfile';
import { removeInstallTimeFiles } from './install-state';
import { PackageManagerStrategy } from './package-managers';
import { compileSteps } from './project-build';
import { WorkspacePackage } from './workspace';
import { WorkspaceClosure } from './workspace-closure';
import { WorkspaceRule } from './workspace-rule';

/** How one package of the closure is built in the image: paths relative to its folder. */
export interface PackageBuild {
  readonly pkg: WorkspacePackage;
  /** What the build copies from the context before building. */
  readonly inputs: string[];
  /** The build's commands, run in the package's folder; none for a package that is not built. */
  readonly commands: string[];
  /** What the runtime gets of the package, besides its package.json and node_modules. */
  readonly outputs: string[];
  /** Whether the runtime copies the outputs from the build context, not from the build stage: a service that compiles nothing. */
  readonly fromContext?: boolean;
}

/** How the package manager runs a package's script. */
function runScript(manager: NodePackageManager): string {
  return manager === NodePackageManager.PNPM ? 'pnpm run' : manager === NodePackageManager.NPM ? 'npm run' : 'yarn run';
}

/** How a projen TypeScript project of the workspace compiles, as its compile task says. */
function compiledBuild(pkg: WorkspacePackage): PackageBuild | undefined {
  const compile = pkg.project ? compileSteps(pkg.project) : undefined;
  return compile ? { pkg, inputs: compile.inputs, commands: compile.commands ?? ['npx projen compile'], outputs: [compile.output] } : undefined;
}

/**
 * How a package builds: a projen TypeScript project by its compile task, any other package by
 * its `build` script, its output being `files` or the folder of `main`.
 */
export function packageBuild(pkg: WorkspacePackage, manager: NodePackageManager): { build?: PackageBuild; problems: Problem[] } {
  const compiled = compiledBuild(pkg);
  if (compiled) {
    return { build: compiled, problems: [] };
  }
  const main = pkg.manifest.main?.replace(/^\.\//, '');
  const outputs = pkg.manifest.files ?? (main ? [main.includes('/') ? main.split('/')[0] : main] : []);
  if (outputs.length === 0) {
    return {
      problems: [{
        rule: WorkspaceRule.UNSUPPORTED_WORKSPACE_PACKAGE,
        message: `the workspace package "${pkg.name}" (${pkg.dir}) names neither files nor main, so the image cannot tell what of it the service runs.`,
        fix: `Set "files" (or "main") in ${posix.join(pkg.dir, 'package.json')}.`,
      }],
    };
  }
  const script = pkg.manifest.scripts?.build;
  return { build: { pkg, inputs: ['.'], commands: script ? [`${runScript(manager)} build`] : [], outputs }, problems: [] };
}

/**
 * How the service builds: compiled in the build stage when it is a TypeScript project; plain
 * JavaScript is its folder, copied from the context as it is (what the ignore file lets in).
 */
export function serviceBuild(pkg: WorkspacePackage): PackageBuild {
  return compiledBuild(pkg) ?? { pkg, inputs: [], commands: [], outputs: ['.'], fromContext: true };
}

/** The stages the runtime copies from. */
export interface BuildStages {
  /** Where the production dependencies are installed; none when the stage is built on them. */
  readonly deps?: DockerfileStage;
  readonly build: DockerfileStage;
}

/** The frozen installs of the closure only, from the root's shared lockfile. */
export function workspaceInstalls(manager: NodePackageManager, closure: WorkspaceClosure): { production: string; all: string } {
  const workspaces = (packages: WorkspacePackage[]) => packages.map((pkg) => `--workspace=${pkg.dir}`).join(' ');
  const service = closure.service.name;
  switch (manager) {
    case NodePackageManager.NPM:
      // Without --include-workspace-root npm leaves the root's own dependencies out: the build needs its tools, the runtime does not.
      return {
        production: `npm ci --omit=dev ${workspaces(closure.production)}`,
        all: `npm ci --include-workspace-root ${workspaces(closure.build)}`,
      };
    case NodePackageManager.PNPM:
      // `name...` selects the service and every workspace package it depends on; pnpm adds the root itself.
      return { production: `pnpm install --frozen-lockfile --prod --filter ${service}...`, all: `pnpm install --frozen-lockfile --filter ${service}...` };
    case NodePackageManager.YARN2:
    case NodePackageManager.YARN_BERRY:
      // focus installs the named workspaces and what they depend on; the other workspaces are not in the context at all.
      return {
        production: `yarn workspaces focus --production ${service}`,
        all: `yarn workspaces focus ${closure.build.map((pkg) => pkg.name).join(' ')}`,
      };
    default:
      // Yarn classic installs every workspace there is: the context holds only the closure's.
      return {
        production: 'yarn install --frozen-lockfile --non-interactive --production',
        all: 'yarn install --frozen-lockfile --non-interactive',
      };
  }
}

/** The root's install files and the closure's package.json files, each in its folder. */
function copyManifests(stage: DockerfileStage, strategy: PackageManagerStrategy, packages: WorkspacePackage[]): void {
  stage.addCopy(strategy.manifestFiles, './');
  for (const folder of strategy.manifestFolders ?? []) {
    stage.addCopy([folder], `./${folder}/`);
  }
  for (const pkg of packages.filter((candidate) => candidate.dir !== '')) {
    stage.addCopy([posix.join(pkg.dir, 'package.json')], `./${pkg.dir}/`);
  }
}

/** The production dependencies of the closure, laid out as in the workspace (a folder the runtime copies exists for every package). */
export function addWorkspaceDeps(
  stage: DockerfileStage, strategy: PackageManagerStrategy, closure: WorkspaceClosure, install: string, mounts: RunMount[],
): void {
  copyManifests(stage, strategy, closure.production);
  const folders = ['node_modules', ...closure.production.map((pkg) => posix.join(pkg.dir, 'node_modules'))];
  stage.addRunCommands([install, `mkdir -p ${[...new Set(folders)].join(' ')}`, ...removeInstallTimeFiles(strategy.name, true)], { mounts });
}

/** Every dependency of the closure, then each package's inputs and build, dependencies first. */
export function addWorkspaceBuild(
  stage: DockerfileStage, strategy: PackageManagerStrategy, builds: PackageBuild[], install: string, mounts: RunMount[], workdir: string,
  addArgs: () => void,
): void {
  copyManifests(stage, strategy, builds.map((build) => build.pkg));
  stage.addRun(install, { mounts });
  addArgs();
  for (const { pkg, inputs, commands } of builds) {
    for (const input of inputs) {
      stage.addCopy([posix.join(pkg.dir, input)], input === '.' ? `./${pkg.dir}/` : `./${posix.join(pkg.dir, input)}`);
    }
    if (commands.length > 0) {
      const folder = posix.join(workdir, pkg.dir);
      stage.addWorkdir(folder);
      stage.addRunCommands([`export PATH="${folder}/node_modules/.bin:${workdir}/node_modules/.bin:$PATH"`, ...commands]);
      // The next package's COPY destinations are relative to the workspace root.
      stage.addWorkdir(workdir);
    }
  }
}

/**
 * The runtime's copies after the root's node_modules: each package's node_modules and package.json,
 * then the outputs, the service's last, so that an edit of its sources rebuilds that layer only;
 * the service's folder is the working directory.
 */
export function addWorkspaceRuntime(
  stage: DockerfileStage, production: PackageBuild[], stages: BuildStages, workdir: string, runtimeFiles: string[],
): void {
  const service = production[production.length - 1];
  for (const { pkg } of stages.deps ? production : []) {
    stage.addCopy([posix.join(workdir, pkg.dir, 'node_modules')], `./${posix.join(pkg.dir, 'node_modules')}`, { fromStage: stages.deps });
  }
  for (const { pkg } of production.filter((build) => !build.fromContext)) {
    stage.addCopy([posix.join(pkg.dir, 'package.json')], `./${pkg.dir}/`);
  }
  // A service copied whole from the context has them already, as the ignore file lets them in.
  for (const path of service.fromContext ? [] : runtimeFiles) {
    stage.addCopy([posix.join(service.pkg.dir, path)], `./${posix.join(service.pkg.dir, posix.normalize(path))}`);
  }
  for (const { pkg, outputs, fromContext } of production) {
    for (const output of outputs) {
      const target = `./${posix.join(pkg.dir, output)}${output === '.' ? '/' : ''}`;
      if (fromContext) {
        stage.addCopy([posix.join(pkg.dir, output)], target);
      } else {
        stage.addCopy([posix.join(workdir, pkg.dir, output)], target, { fromStage: stages.build });
      }
    }
  }
  stage.addWorkdir(posix.join(workdir, service.pkg.dir));
}
