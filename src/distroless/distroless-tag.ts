/**
 * The variants of Google's distroless Node.js images, chosen by tag.
 */
export enum DistrolessTag {
  /** Runs as `nonroot` (uid 65532), no shell: the production default. */
  NONROOT = 'nonroot',
  /** Runs as root, no shell. */
  LATEST = 'latest',
  /** Runs as root, with a busybox shell in `/busybox`: for debugging only. */
  DEBUG = 'debug',
  /** Runs as `nonroot`, with a busybox shell in `/busybox`: for debugging only. */
  DEBUG_NONROOT = 'debug-nonroot',
}
