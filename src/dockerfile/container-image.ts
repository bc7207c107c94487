import { IConstruct } from 'constructs';
import type { Dockerfile } from './dockerfile';

/**
 * An image that can be built from a Dockerfile of the project: what a workflow
 * or a task needs to build, scan and push it, whoever declared it.
 */
export interface IContainerImage extends IConstruct {
  /** The Dockerfile. */
  readonly dockerfile: Dockerfile;
  /** Path of the ignore file that filters the build context, relative to the project. */
  readonly ignoreFilePath: string;
  /** The build context, relative to the project; the Dockerfile's COPY paths are relative to it. */
  readonly buildContext: string;
  /** The local image name and tag (`localhost/api:1.2.0`). */
  readonly imageName: string;
  /** The stage to build, or undefined for the last one. */
  readonly target?: string;
  /** Ids of the build secrets the build mounts (`npmrc`). */
  readonly buildSecrets: string[];
  /**
   * Build secrets read from files of the project, by id, each with its path relative to the
   * project (`project-npmrc` from `.npmrc`); empty when the build reads none.
   */
  readonly buildSecretFiles: { [id: string]: string };
}
