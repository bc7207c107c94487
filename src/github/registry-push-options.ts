/**
 * Where and how TrivyWorkflow pushes the images it has scanned.
 */
export interface RegistryPushOptions {
  /**
   * The registry host.
   * @default "ghcr.io"
   */
  readonly registry?: string;

  /**
   * The repository path of the images in the registry; each image is pushed as `<registry>/<repository>/<image>`.
   * @default "${{ github.repository }}"
   */
  readonly repository?: string;

  /**
   * Repository secrets with the registry's user name and password or token (not needed for GHCR, which uses `GITHUB_TOKEN`).
   * @default - GHCR: `github.actor` and `GITHUB_TOKEN`; other registries: none, which is an error
   */
  readonly usernameSecret?: string;

  /**
   * Repository secret with the registry password or token.
   * @default - GHCR: `GITHUB_TOKEN`
   */
  readonly passwordSecret?: string;

  /**
   * Attach SBOM and provenance to the image and attest its build with `actions/attest`.
   * @default true
   */
  readonly attestations?: boolean;
}
