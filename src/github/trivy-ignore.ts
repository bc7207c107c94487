import { IConstruct } from 'constructs';
import { FileBase, IResolver } from 'projen';
import { TrivyIgnoreRule } from './trivy-ignore-rule';
import { Finding, FindingSeverity } from '../core/finding';
import { findingsOf, Problem } from '../core/problem';
import { claimFilePath, filePathProblems } from '../core/file-paths';
import { SynthesisChecks } from '../core/synthesis-checks';

/**
 * A finding Trivy is told to ignore, and why.
 */
export interface TrivyIgnoreEntry {
  /** The vulnerability, misconfiguration or secret rule id, such as `CVE-2026-12345` or `GHSA-xxxx-xxxx-xxxx`. */
  readonly id: string;
  /** Why it is safe to ignore: written above the id, for reviewers. */
  readonly reason: string;
  /**
   * The day (`YYYY-MM-DD`) after which Trivy reports the finding again.
   * @default - never
   */
  readonly expires?: string;
}

/**
 * Options of a TrivyIgnore.
 */
export interface TrivyIgnoreProps {
  /**
   * Findings to ignore.
   * @default - none
   */
  readonly entries?: TrivyIgnoreEntry[];
  /**
   * Path of the file, relative to the project.
   * @default ".trivyignore"
   */
  readonly path?: string;
}

/**
 * A `.trivyignore` in which every ignored finding has a reason and may expire
 * (Trivy's `exp:` suffix), so that an exception is reviewed, not forgotten.
 */
export class TrivyIgnore extends FileBase {
  private readonly entries: TrivyIgnoreEntry[];
  /** The path as given: projen normalizes `path` ("" becomes "."). */
  private readonly givenPath: string;

  public constructor(scope: IConstruct, props: TrivyIgnoreProps = {}) {
    super(scope, claimFilePath(scope, props.path ?? '.trivyignore', 'TrivyIgnore'), { readonly: true });
    this.givenPath = props.path ?? '.trivyignore';
    this.entries = [...(props.entries ?? [])];
    SynthesisChecks.of(this.project).register({ findings: () => this.findings() });
  }

  /** Ignores a finding, with its reason and optional expiry. */
  public addIgnore(entry: TrivyIgnoreEntry): void {
    this.entries.push(entry);
  }

  /** The ignored ids. */
  public get ids(): string[] {
    return this.entries.map((entry) => entry.id);
  }

  public preSynthesize(): void {
    SynthesisChecks.of(this.project).run();
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const lines = [`# ${this.marker}`];
    for (const entry of this.entries) {
      lines.push('', ...entry.reason.trim().split('\n').map((line) => `# ${line.trim()}`), entry.expires ? `${entry.id} exp:${entry.expires}` : entry.id);
    }
    return [...lines, ''].join('\n');
  }

  /** What is wrong with the entries, and the entries that have expired (warnings). */
  private findings(): Finding[] {
    const today = new Date().toISOString().slice(0, 10);
    return findingsOf(this, [
      ...filePathProblems('the .trivyignore path', this.givenPath, '.trivyignore'),
      ...this.entries.flatMap((entry, index) => entryProblems(entry, this.entries.slice(0, index))),
      ...this.entries.filter((entry) => entry.expires !== undefined && isDay(entry.expires) && entry.expires < today).map((entry) => ({
        rule: TrivyIgnoreRule.EXPIRED,
        severity: FindingSeverity.WARNING,
        message: `the ignore of ${entry.id} expired on ${entry.expires}, so Trivy reports it again.`,
        fix: 'Fix the finding and remove the entry, or renew the expiry with a reason.',
      })),
    ]);
  }
}

function entryProblems(entry: TrivyIgnoreEntry, earlier: TrivyIgnoreEntry[]): Problem[] {
  const problems: Problem[] = [];
  if (!/^[A-Za-z0-9][\w.:-]*$/.test(entry.id) || (/^CVE-/i.test(entry.id) && !/^CVE-\d{4}-\d{4,}$/.test(entry.id))) {
    problems.push({
      rule: TrivyIgnoreRule.INVALID_ID,
      message: `${JSON.stringify(entry.id)} is not a finding id.`,
      fix: 'Give the id Trivy reports, such as "CVE-2026-12345" or "GHSA-abcd-efgh-ijkl".',
    });
  }
  if (entry.reason.trim() === '') {
    problems.push({
      rule: TrivyIgnoreRule.MISSING_REASON,
      message: `the ignore of ${entry.id} has no reason.`,
      fix: 'Say why it is safe to ignore (not reachable, no fix yet, ...), for whoever reviews it.',
    });
  }
  if (entry.expires !== undefined && !isDay(entry.expires)) {
    problems.push({
      rule: TrivyIgnoreRule.INVALID_EXPIRY,
      message: `the ignore of ${entry.id} expires on "${entry.expires}", which is not a day.`,
      fix: 'Write it as YYYY-MM-DD, such as "2027-01-31".',
    });
  }
  if (earlier.some((other) => other.id === entry.id)) {
    problems.push({ rule: TrivyIgnoreRule.DUPLICATE_ENTRY, message: `${entry.id} is ignored twice.`, fix: 'Keep one entry, with one reason.' });
  }
  return problems;
}

function isDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
