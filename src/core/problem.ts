import { IConstruct } from 'constructs';
import { pathInProject } from './construct-path';
import { Finding, FindingSeverity } from './finding';

/**
 * A problem a construct finds in its own values, before it is given the construct's path.
 */
export interface Problem {
  readonly rule: string;
  readonly message: string;
  readonly fix: string;
  /** @default FindingSeverity.ERROR */
  readonly severity?: FindingSeverity;
}

/** The problems as findings of a construct. */
export function findingsOf(construct: IConstruct, problems: Problem[]): Finding[] {
  const path = pathInProject(construct);
  return problems.map((problem) => ({ severity: FindingSeverity.ERROR, ...problem, path }));
}

/** One finding as one line: `[Rule] path: what is wrong. Fix: how to fix it.` */
export function formatFinding(finding: Finding): string {
  // A construct path or a message made from a hostile option may hold a newline: shown escaped, the finding stays one line.
  return `[${finding.rule}] ${finding.path}: ${finding.message} Fix: ${finding.fix}`
    .replace(/[\u0000-\u001f\u007f]/g, (character) => JSON.stringify(character).slice(1, -1));
}

/** The error that stops synthesis, listing every error finding. */
export function findingsError(findings: Finding[]): Error {
  const errors = findings.filter((finding) => finding.severity === FindingSeverity.ERROR);
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return new Error([`Nothing was written: ${count} found.`, ...errors.map((error) => `  ${formatFinding(error)}`)].join('\n'));
}

/** Throws the findings' error when any of them is an error; returns the warnings. */
export function assertNoErrors(findings: Finding[]): Finding[] {
  if (findings.some((finding) => finding.severity === FindingSeverity.ERROR)) {
    throw findingsError(findings);
  }
  return findings.filter((finding) => finding.severity === FindingSeverity.WARNING);
}

/** A problem, worded, when there is one; none when the value is undefined. */
export function optionalProblem<T>(value: T | undefined, describe: (value: T) => string): string[] {
  return value === undefined ? [] : [describe(value)];
}
