import { CacheSharing, DockerfileStage, RunMount } from '../dockerfile';
import { PackageManagerStrategy } from './package-managers';
import { CompileSteps } from './project-build';
import { InstallSecret, installSecretMounts } from './registry-auth';
import { SettingsSecret, settingsSecretMounts } from './settings-secrets';

/** What an install step reads besides the manifests. */
export interface InstallInputs {
  /** Whether the build takes the `npmrc` build secret. */
  readonly npmrcSecret: boolean;
  /** The registry tokens, each a build secret. */
  readonly secrets: InstallSecret[];
  /** The package manager's settings files, mounted where the install reads them. */
  readonly settings: SettingsSecret[];
  /** The image's WORKDIR. */
  readonly workdir: string;
}

/** The mounts of every install step: the package manager's cache, then the secrets and settings the install reads. */
export function installMounts(strategy: PackageManagerStrategy, inputs: InstallInputs): RunMount[] {
  return [
    RunMount.cache({ target: strategy.cacheTarget, id: strategy.name, sharing: CacheSharing.LOCKED }),
    ...(inputs.npmrcSecret ? [RunMount.secret({ id: 'npmrc', target: '/root/.npmrc' })] : []),
    ...installSecretMounts(inputs.secrets),
    ...settingsSecretMounts(inputs.settings, inputs.workdir),
  ];
}

/**
 * Copies what the install reads: the manifest and lockfile, the package manager's folders, and
 * the files a postinstall needs (Prisma's schema, for the client it generates).
 */
export function addManifestCopies(
  stage: DockerfileStage, strategy: PackageManagerStrategy, fromContext: (path: string) => string, postinstallInputs: string[],
): void {
  stage.addCopy(strategy.manifestFiles.map(fromContext), './');
  for (const folder of strategy.manifestFolders ?? []) {
    stage.addCopy([fromContext(folder)], `./${folder}/`);
  }
  postinstallInputs.forEach((input) => stage.addCopy([fromContext(input)], `./${input}`));
}

/** npm's own cache, shared by every step that installs with npm. */
export function npmCacheMount(): RunMount {
  return RunMount.cache({ target: '/root/.npm', id: 'npm', sharing: CacheSharing.LOCKED });
}

/** The installer's tools: system packages for native builds, then the package manager, installed with npm. */
export function addInstallerTools(stage: DockerfileStage, strategy: PackageManagerStrategy, systemPackageCommands: string[]): void {
  if (systemPackageCommands.length > 0) {
    stage.addRunCommands(systemPackageCommands);
  }
  if (strategy.toolEnvironment) {
    stage.addEnv(strategy.toolEnvironment);
  }
  if (strategy.toolInstall) {
    stage.addRun(strategy.toolInstall, { mounts: [npmCacheMount()] });
  }
}

/** Copies what the compile reads (but what is already there) and compiles: the compile task's commands, or projen's task itself. */
export function addCompileSteps(stage: DockerfileStage, compile: CompileSteps, fromContext: (path: string) => string, copiedAlready: string[]): void {
  for (const input of compile.inputs.filter((path) => !copiedAlready.includes(path))) {
    stage.addCopy([fromContext(input)], `./${input}`);
  }
  if (compile.commands) {
    stage.addRunCommands(compile.commands);
  } else {
    stage.addRun('npx projen compile');
  }
}
