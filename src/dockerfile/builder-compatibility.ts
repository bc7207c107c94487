/**
 * Which builders a Dockerfile must build on.
 */
export enum BuilderCompatibility {
  /**
   * Docker BuildKit, Podman and Buildah alike: features that Buildah 1.28 rejects
   * (`COPY --link`, `HEALTHCHECK --start-interval`, secret mounts as environment
   * variables, bind mounts with relative targets) are refused.
   */
  ALL_BUILDERS = 'all-builders',
  /** Docker BuildKit only: its newer syntax is allowed. */
  BUILDKIT = 'buildkit',
}
