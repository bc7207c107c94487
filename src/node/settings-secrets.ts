import { existsSync, readFileSync } from 'fs';
import { join, posix, resolve } from 'path';
import { NodeProject } from 'projen/lib/javascript';
import { RunMount } from '../dockerfile';
import { PackageManagerStrategy } from './package-managers';
import { projectFileText } from './registry-auth';

/** A package manager settings file of the project, passed to the build as a secret. */
export interface SettingsSecret {
  /** The build secret id (`project-npmrc`). */
  readonly id: string;
  /** The file, relative to the project (`.npmrc`, or `../../.npmrc` at a workspace root). */
  readonly file: string;
}

/** The secret id of a settings file: `.npmrc` is `project-npmrc`, `.yarnrc.yml` is `project-yarnrc-yml`. */
export function settingsSecretId(file: string): string {
  return `project-${file.replace(/^\./, '').replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/**
 * The settings files of the package manager that the project has (written by projen or on
 * disk), as build secrets. A file copied into a layer would keep whatever it holds when the
 * image is built, such as a token a CI step appends, in the build cache that is exported.
 * For a workspace package they are the workspace root's (`workspaceRoot`, relative to the
 * project): the install runs at the root, and npm, pnpm and Yarn read their settings there.
 */
export function settingsSecrets(project: NodeProject, strategy: PackageManagerStrategy, workspaceRoot?: string): SettingsSecret[] {
  const tree = project.root instanceof NodeProject && workspaceRoot !== undefined
    && resolve(project.root.outdir) === resolve(project.outdir, workspaceRoot) ? project.root : undefined;
  const text = (file: string) => {
    if (workspaceRoot === undefined || tree) {
      return projectFileText(tree ?? project, file);
    }
    const onDisk = join(project.outdir, workspaceRoot, file);
    return existsSync(onDisk) ? readFileSync(onDisk, 'utf-8') : undefined;
  };
  return strategy.settingsFiles
    .filter((file) => text(file) !== undefined)
    .map((file) => ({ id: settingsSecretId(file), file: workspaceRoot === undefined ? file : posix.join(workspaceRoot, file) }));
}

/** The mounts that put each settings file where the package manager reads it, in the working directory. */
export function settingsSecretMounts(secrets: SettingsSecret[], workdir: string): RunMount[] {
  return secrets.map(({ id, file }) => RunMount.secret({ id, target: posix.join(workdir, posix.basename(file)), required: true }));
}
