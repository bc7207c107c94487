/**
 * How serious a finding is.
 */
export enum FindingSeverity {
  /** The output would be broken or unsafe: nothing is written. */
  ERROR = 'error',
  /** The output works but is probably not what was meant: synthesis goes on and logs it. */
  WARNING = 'warning',
}

/**
 * One problem found by validation, in the shape every construct of the library reports.
 */
export interface Finding {
  /** The rule that found it, such as `StageReference` or `UnsupportedNodeVersion`. */
  readonly rule: string;
  /** How serious it is. */
  readonly severity: FindingSeverity;
  /** The path of the construct that holds the problem, below its project. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}
