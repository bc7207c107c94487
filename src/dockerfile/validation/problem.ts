import { Finding, FindingSeverity } from './finding';
import { DockerfileRule } from './rule';

/**
 * A problem an instruction finds in its own values, before the stage adds its path.
 */
export interface Problem {
  readonly rule: DockerfileRule;
  readonly message: string;
  readonly fix: string;
  readonly severity?: FindingSeverity;
}

export function formatFinding(finding: Finding): string {
  return `[${finding.rule}] ${finding.path}: ${finding.message} Fix: ${finding.fix}`;
}
