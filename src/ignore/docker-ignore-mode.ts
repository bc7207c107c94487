/**
 * How a .dockerignore decides what enters the build context.
 */
export enum DockerIgnoreMode {
  /** Everything enters except what the patterns exclude. */
  DENY_LIST = 'deny-list',
  /** Nothing enters except what the Dockerfile copies from the context (and what is added with `include`). */
  ALLOW_LIST = 'allow-list',
}
