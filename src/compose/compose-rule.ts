/**
 * The rules a compose file is checked against before it is written.
 */
export enum ComposeRule {
  /** Two services publish the same host port (on the same address and protocol). */
  PUBLISHED_PORT_IN_USE = 'PublishedPortInUse',
  /** A service waits for a dependency to be healthy, and the dependency has no health check. */
  DEPENDENCY_WITHOUT_HEALTH_CHECK = 'DependencyWithoutHealthCheck',
  /** A service depends on itself, on a service of another compose file, or on services that depend on it. */
  INVALID_DEPENDENCY = 'InvalidDependency',
  /** A service name that Compose refuses (it must be lowercase letters, digits, `_`, `-` and `.`). */
  INVALID_SERVICE_NAME = 'InvalidServiceName',
  /** A port outside 1 to 65535, or a host address that is not an IP address. */
  INVALID_PORT = 'InvalidPort',
  /** An image reference that is not valid, has no tag, or is `latest`. */
  INVALID_IMAGE = 'InvalidImage',
  /** An environment variable name Compose cannot write. */
  INVALID_ENVIRONMENT = 'InvalidEnvironment',
  /** A health check without a command, or with an invalid timing. */
  INVALID_HEALTH_CHECK = 'InvalidHealthCheck',
  /** An image of another project, whose Dockerfile this compose file cannot build. */
  IMAGE_OF_ANOTHER_PROJECT = 'ImageOfAnotherProject',
  /** A read-only root filesystem asked for an image whose Dockerfile gives the service files to write. */
  READ_ONLY_WITH_WRITABLE_FILES = 'ReadOnlyWithWritableFiles',
  /** A compose file without services, which Compose refuses. */
  NO_SERVICES = 'NoServices',
  /** The compose file's path is written by another construct, or a service is declared twice. */
  DUPLICATE = 'Duplicate',
  /** The compose file's path is not a safe path inside the project. */
  INVALID_PATH = 'InvalidPath',
}
