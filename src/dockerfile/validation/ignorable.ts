import { DockerfileRule } from './rule';

/**
 * The rules a user may knowingly ignore; every other rule guards output that would be broken.
 */
export const IGNORABLE_RULES: ReadonlySet<DockerfileRule> = new Set([
  DockerfileRule.UNPINNED_IMAGE,
  DockerfileRule.SECRETS_USED_IN_ARG_OR_ENV,
  DockerfileRule.ROOT_USER,
  DockerfileRule.INVALID_DEFAULT_ARG_IN_FROM,
  DockerfileRule.REDUNDANT_TARGET_PLATFORM,
]);
