import { TypeScriptProjectOptions } from 'projen/lib/typescript';
import { RegistryPushOptions, TrivySeverity } from '../github';
import { NodeDockerImageProps } from '../node';

/**
 * Options of the scan workflow of a NodeServiceProject (those of TrivyWorkflow, but the images).
 */
export interface ImageScanOptions {
  /**
   * Severities that fail the scan; the SARIF report lists the same.
   * @default [TrivySeverity.HIGH, TrivySeverity.CRITICAL]
   */
  readonly severities?: TrivySeverity[];
  /**
   * Leave out vulnerabilities that have no fix yet.
   * @default true
   */
  readonly ignoreUnfixed?: boolean;
  /**
   * When to scan again without a change, as a cron expression (UTC).
   * @default "23 4 * * 1" (Mondays, 04:23)
   */
  readonly schedule?: string;
  /**
   * Push the scanned image from the default branch (never from pull requests).
   * @default - the image is built and scanned, not pushed
   */
  readonly push?: RegistryPushOptions;
  /**
   * The runner's labels.
   * @default ["ubuntu-24.04"]
   */
  readonly runsOn?: string[];
  /**
   * The repository is private: SARIF uploads then also need `actions: read`.
   * @default false
   */
  readonly privateRepository?: boolean;
}

/**
 * Options of a NodeServiceProject: those of a TypeScript project, those of its
 * image (NodeDockerImage), and which of the scan workflow and the compose file
 * it has.
 */
export interface NodeServiceProjectOptions extends TypeScriptProjectOptions, NodeDockerImageProps {
  /**
   * Write the GitHub workflow that builds the image and scans it with Trivy
   * (`.github/workflows/container-images.yml`) and the `docker:scan` task.
   * @default - true when the project writes GitHub workflows
   */
  readonly imageScan?: boolean;

  /**
   * Options of the scan workflow.
   * @default - the TrivyWorkflow defaults
   */
  readonly imageScanOptions?: ImageScanOptions;

  /**
   * Write `compose.yaml`, which runs the service built from its Dockerfile, and
   * the `docker:up` and `docker:down` tasks.
   * @default true
   */
  readonly compose?: boolean;

  /**
   * Add a Postgres database to `compose.yaml`; the service waits for it to be
   * healthy and finds it in `DATABASE_URL`.
   * @default false
   */
  readonly postgres?: boolean;
}
