import { RegistryPushOptions } from './registry-push-options';
import { TrivySeverity } from './trivy-severity';

/** What a workflow job needs to know beside its image, with every default applied. */
export interface JobOptions {
  /** The build context, relative to the repository. */
  readonly context: string;
  /** The Dockerfile, relative to the repository. */
  readonly dockerfile: string;
  readonly severities: TrivySeverity[];
  readonly ignoreUnfixed: boolean;
  readonly trivyVersion: string;
  /** The .trivyignore, relative to the repository. */
  readonly trivyIgnore?: string;
  readonly platforms: string[];
  readonly push?: RegistryPushOptions;
  /** The registry pushed to, when pushing. */
  readonly registry?: string;
  readonly runsOn: string[];
  readonly privateRepository: boolean;
  /** The repository secret that provides each build secret, by build secret id. */
  readonly buildSecrets: { [id: string]: string };
  /** The files of the image's file build secrets, by id, relative to the repository. */
  readonly buildSecretFiles: { [id: string]: string };
}
