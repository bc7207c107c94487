import { DockerfileRule } from './rule';

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
 * One problem found by validation.
 */
export interface Finding {
  /** The rule that found it. */
  readonly rule: DockerfileRule;
  /** How serious it is. */
  readonly severity: FindingSeverity;
  /** The path of the construct that holds the problem. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}
