/**
 * The rules a Dockerfile is checked against before it is written.
 *
 * Names follow Docker's build checks where one exists.
 */
export enum DockerfileRule {
  /** Two stages share a name. */
  DUPLICATE_STAGE_NAME = 'DuplicateStageName',
  /** A stage is named `scratch` or `context`, which builders reserve. */
  RESERVED_STAGE_NAME = 'ReservedStageName',
  /** A stage name is not lowercase letters, digits, `-`, `_` and `.`. */
  STAGE_NAME_CASING = 'StageNameCasing',
  /** A FROM or `COPY --from` names the same stage, a later stage, or a stage that does not exist. */
  STAGE_REFERENCE = 'StageReference',
  /** A WORKDIR path is relative. */
  WORKDIR_RELATIVE_PATH = 'WorkdirRelativePath',
  /** An EXPOSE port is outside 1-65535. */
  EXPOSE_INVALID_FORMAT = 'ExposeInvalidFormat',
  /** A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK; only the last would take effect. */
  MULTIPLE_INSTRUCTIONS_DISALLOWED = 'MultipleInstructionsDisallowed',
  /** An image reference does not follow the reference grammar. */
  INVALID_IMAGE_REFERENCE = 'InvalidImageReference',
  /** An image has no tag, or the tag `latest`, so builds are not repeatable. Can be ignored. */
  UNPINNED_IMAGE = 'UnpinnedImage',
  /** An ARG or ENV whose name looks like a secret is given a value. Can be ignored. */
  SECRETS_USED_IN_ARG_OR_ENV = 'SecretsUsedInArgOrEnv',
  /** The final stage runs as root. Can be ignored. */
  ROOT_USER = 'RootUser',
  /** A FROM uses a variable that no ARG before the first FROM declares. */
  UNDEFINED_ARG_IN_FROM = 'UndefinedArgInFrom',
  /** A FROM uses a global ARG that has no default value. */
  INVALID_DEFAULT_ARG_IN_FROM = 'InvalidDefaultArgInFrom',
  /** A RUN, COPY, CMD, ENTRYPOINT, SHELL, VOLUME or LABEL has nothing in it. */
  EMPTY_INSTRUCTION = 'EmptyInstruction',
  /** A value contains something the Dockerfile syntax cannot carry (a raw newline, say). */
  UNREPRESENTABLE_VALUE = 'UnrepresentableValue',
  /** An ARG, ENV or LABEL name is not a valid name. */
  INVALID_NAME = 'InvalidName',
  /** A USER, `--chown`, `--chmod`, STOPSIGNAL or `--platform` value is malformed. */
  INVALID_VALUE = 'InvalidValue',
  /** A HEALTHCHECK duration or retry count is invalid. */
  INVALID_HEALTHCHECK = 'InvalidHealthcheck',
  /** A RUN mount is incomplete or uses characters its syntax cannot carry. */
  INVALID_MOUNT = 'InvalidMount',
  /** A feature that only BuildKit understands is used while the Dockerfile targets every builder. */
  BUILDER_COMPATIBILITY = 'BuilderCompatibility',
  /** A raw instruction would break the Dockerfile's structure. */
  INVALID_RAW_INSTRUCTION = 'InvalidRawInstruction',
  /** `--platform=$TARGETPLATFORM` on FROM only repeats the default. */
  REDUNDANT_TARGET_PLATFORM = 'RedundantTargetPlatform',
  /** A COPY from the build context names a path that the .dockerignore excludes. */
  COPY_IGNORED_FILE = 'CopyIgnoredFile',
  /** The Dockerfile has no stage. */
  NO_STAGES = 'NoStages',
  /** A rule was asked to be ignored that cannot be: its violations break the output. */
  UNIGNORABLE_RULE = 'UnignorableRule',
  /** A .dockerignore pattern holds a newline or another control character. */
  INVALID_IGNORE_PATTERN = 'InvalidIgnorePattern',
  /** The Dockerfile's or ignore file's path is not a safe path inside the project. */
  INVALID_PATH = 'InvalidPath',
}
