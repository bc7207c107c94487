/**
 * The rules a DistrolessStage is checked against, beside the Dockerfile's own.
 */
export enum DistrolessRule {
  /** A RUN or SHELL in a stage whose image has no shell. */
  SHELL_NOT_IN_IMAGE = 'ShellNotInImage',
  /** A CMD repeats the program that the image's ENTRYPOINT already runs (`node`). */
  COMMAND_REPEATS_ENTRYPOINT = 'CommandRepeatsEntrypoint',
  /** An ENTRYPOINT or HEALTHCHECK runs a program that the stage's image does not have. */
  PROGRAM_NOT_IN_IMAGE = 'ProgramNotInImage',
  /** A USER or `--chown` names a user or group that the stage's image does not have. */
  UNKNOWN_USER = 'UnknownUser',
  /** A stage copies from a stage built for another C library, Debian release or Node.js major. */
  INCOMPATIBLE_BUILD_STAGE = 'IncompatibleBuildStage',
  /** The image is not published for the Node.js major, or a Chainguard image is not pinned by a valid digest. */
  UNAVAILABLE_IMAGE = 'UnavailableImage',
}
