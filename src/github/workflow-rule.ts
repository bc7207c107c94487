/**
 * The rules a TrivyWorkflow is checked against before anything is written.
 */
export enum WorkflowRule {
  /** The workflow has no images to build. */
  NO_IMAGES = 'NoImages',
  /** An image belongs to another project than the workflow. */
  FOREIGN_IMAGE = 'ForeignImage',
  /** Two images would get the same job and task names. */
  DUPLICATE_IMAGE = 'DuplicateImage',
  /** The root project has no GitHub configuration. */
  NO_GITHUB = 'NoGitHub',
  /** The root project has GitHub, with its workflows turned off (`githubOptions.workflows: false`). */
  WORKFLOWS_DISABLED = 'WorkflowsDisabled',
  /** Another file of the project is already written where the workflow would be. */
  WORKFLOW_FILE_TAKEN = 'WorkflowFileTaken',
  /** The schedule is not a cron expression that GitHub accepts. */
  INVALID_SCHEDULE = 'InvalidSchedule',
  /** No severities are given, so the scan could never fail. */
  NO_SEVERITIES = 'NoSeverities',
  /** A severity is not one Trivy knows. */
  INVALID_SEVERITY = 'InvalidSeverity',
  /** A platform is not `os/arch[/variant]`. */
  INVALID_PLATFORM = 'InvalidPlatform',
  /** The push registry is not a registry host. */
  INVALID_REGISTRY = 'InvalidRegistry',
  /** A push to a registry other than GHCR names no credentials. */
  MISSING_CREDENTIALS = 'MissingCredentials',
  /** A repository secret is named with characters GitHub refuses, or with its reserved GITHUB_ prefix. */
  INVALID_SECRET_NAME = 'InvalidSecretName',
  /** The push repository is not a repository path. */
  INVALID_REPOSITORY = 'InvalidRepository',
  /** The Trivy version is not an exact release. */
  INVALID_TRIVY_VERSION = 'InvalidTrivyVersion',
  /** workflowName is not a plain file name. */
  INVALID_WORKFLOW_NAME = 'InvalidWorkflowName',
  /** runsOn is empty or holds something that is not a runner label. */
  INVALID_RUNS_ON = 'InvalidRunsOn',
  /** A value of an image that the workflow writes holds what GitHub or a shell would evaluate. */
  UNSAFE_VALUE = 'UnsafeValue',
}
