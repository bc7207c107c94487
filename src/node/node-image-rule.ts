/**
 * The rules a NodeDockerImage's options and project are checked against, beside its Dockerfile's own.
 */
export enum NodeImageRule {
  /** The image is declared on a project that is not a Node.js project. */
  NOT_A_NODE_PROJECT = 'NotANodeProject',
  /** No LTS line the library knows satisfies the project's ranges, or nodeMajor names none. */
  UNSUPPORTED_NODE_VERSION = 'UnsupportedNodeVersion',
  /** A Node.js version the project states cannot be read (an unknown `.nvmrc` alias, say). */
  INVALID_NODE_VERSION = 'InvalidNodeVersion',
  /** The image's Node.js line is past its end of life (a warning). */
  NODE_LINE_END_OF_LIFE = 'NodeLineEndOfLife',
  /** The project's package manager is one the library does not build images for. */
  UNKNOWN_PACKAGE_MANAGER = 'UnknownPackageManager',
  /** A system package name is not a valid Debian or Alpine package name. */
  INVALID_SYSTEM_PACKAGE = 'InvalidSystemPackage',
  /** A uid or gid is root or not an id. */
  INVALID_USER_ID = 'InvalidUserId',
  /** The command is empty, repeats node, or starts a launcher that swallows signals. */
  INVALID_COMMAND = 'InvalidCommand',
  /** The health check has no port, an invalid port or an invalid path. */
  INVALID_HEALTH_CHECK = 'InvalidHealthCheck',
  /** A runtime file lies outside the build context. */
  RUNTIME_FILE_OUTSIDE_CONTEXT = 'RuntimeFileOutsideContext',
  /** The build context does not contain the project. */
  INVALID_BUILD_CONTEXT = 'InvalidBuildContext',
  /** A preset does not fit the project. */
  PRESET_MISMATCH = 'PresetMismatch',
  /** The entry point is not in what the runtime gets. */
  ENTRY_POINT_NOT_IN_OUTPUT = 'EntryPointNotInOutput',
  /** An option asks the runtime for something it cannot carry (packages on distroless). */
  UNSUPPORTED_ON_RUNTIME = 'UnsupportedOnRuntime',
  /** Another construct already writes the image's Dockerfile or ignore file. */
  DUPLICATE_FILE = 'DuplicateFile',
  /** The project's `.npmrc` (or Yarn Berry's `.yarnrc.yml`), which the image copies, holds a credential instead of a `${NAME}` placeholder. */
  LITERAL_REGISTRY_TOKEN = 'LiteralRegistryToken',
  /** An `installSecrets` entry is not an environment variable name the install could read. */
  INVALID_INSTALL_SECRET = 'InvalidInstallSecret',
  /** The `npmrc` secret is asked for where the package manager never reads it (Yarn Berry; a warning). */
  NPMRC_SECRET_NOT_READ = 'NpmrcSecretNotRead',
  /** A native addon's name is not an npm package name. */
  INVALID_NATIVE_ADDON = 'InvalidNativeAddon',
  /** The project's install-script policy does not let a declared native addon build its binding. */
  NATIVE_ADDON_NOT_ALLOWED = 'NativeAddonNotAllowed',
  /** The Next.js configuration sets an output other than `standalone`, or none, so `next build` writes no server to run. */
  NEXT_OUTPUT_NOT_STANDALONE = 'NextOutputNotStandalone',
  /** `NEXT_PUBLIC_*` variables are given as run-time environment, though `next build` inlines them (a warning). */
  NEXT_PUBLIC_AT_RUN_TIME = 'NextPublicAtRunTime',
  /** Prisma's client cannot be generated in the build, or started as configured (no schema, CLI, client or driver adapter). */
  PRISMA_NOT_BUILDABLE = 'PrismaNotBuildable',
  /** The Prisma schema's binaryTargets have no query engine for the runtime's platform. */
  PRISMA_ENGINE_MISMATCH = 'PrismaEngineMismatch',
  /** The construct id, which names the tasks, the workflow job and the image, has characters those names cannot hold. */
  INVALID_ID = 'InvalidId',
  /** Two images' ids name the same tasks (they differ only in case or punctuation). */
  DUPLICATE_ID = 'DuplicateId',
  /** A path option (dockerfilePath, buildContext, workdir, runtimeFiles) is not a safe path. */
  INVALID_PATH = 'InvalidPath',
  /** An environment variable or build argument has an invalid name, a control character, or overrides what the image sets. */
  INVALID_ENVIRONMENT = 'InvalidEnvironment',
  /** An environment variable or build argument holds a credential, which would be kept in the image's config. */
  CREDENTIAL_IN_IMAGE = 'CredentialInImage',
  /** A port is listed twice. */
  DUPLICATE_PORT = 'DuplicatePort',
  /** A runtime file is one that holds secrets (`.env`, keys, package manager settings). */
  SECRET_RUNTIME_FILE = 'SecretRuntimeFile',
  /** A traced runtime payload was asked for a service it cannot trace yet, or that names no entry point. */
  UNTRACEABLE_PAYLOAD = 'UntraceablePayload',
}
