/**
 * The rules a TrivyIgnore is checked against before anything is written.
 */
export enum TrivyIgnoreRule {
  /** The id is not one Trivy reports (`CVE-2026-12345`, `GHSA-xxxx-xxxx-xxxx`, a rule id). */
  INVALID_ID = 'InvalidFindingId',
  /** The entry gives no reason, so a reviewer cannot judge it. */
  MISSING_REASON = 'MissingReason',
  /** The expiry is not a day written as YYYY-MM-DD. */
  INVALID_EXPIRY = 'InvalidExpiry',
  /** The same id is ignored twice. */
  DUPLICATE_ENTRY = 'DuplicateIgnore',
  /** The entry has expired, so Trivy reports the finding again (a warning). */
  EXPIRED = 'ExpiredIgnore',
  /** The file's path is not a safe path inside the project. */
  INVALID_PATH = 'InvalidPath',
}
