/**
 * The rules base-image pinning is checked against.
 */
export enum PinningRule {
  /** The lock file is not valid JSON, or an entry's digest is not a sha256 digest. */
  MALFORMED_LOCK_FILE = 'MalformedLockFile',
  /** The lock file's path is not a safe path inside the project. */
  INVALID_PATH = 'InvalidPath',
}
