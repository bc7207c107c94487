/**
 * Severities of the vulnerabilities Trivy reports.
 */
export enum TrivySeverity {
  /** Not yet rated. */
  UNKNOWN = 'UNKNOWN',
  /** Low. */
  LOW = 'LOW',
  /** Medium. */
  MEDIUM = 'MEDIUM',
  /** High. */
  HIGH = 'HIGH',
  /** Critical. */
  CRITICAL = 'CRITICAL',
}
