/**
 * Digests of base images: consulted when a FROM line is written, so that
 * `FROM name:tag` becomes `FROM name:tag@sha256:...`.
 */
export interface IImagePins {
  /**
   * The digest pinned for an image reference (`name:tag`), if any.
   * @param reference the reference as the Dockerfile names it
   */
  digestOf(reference: string): string | undefined;
}
