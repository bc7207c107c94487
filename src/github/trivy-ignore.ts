import { IConstruct } from 'constructs';
import { FileBase, IResolver } from 'projen';
import { pathInProject } from '../core/construct-path';

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

  public constructor(scope: IConstruct, props: TrivyIgnoreProps = {}) {
    super(scope, props.path ?? '.trivyignore', { readonly: true });
    this.entries = [...(props.entries ?? [])];
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
    const where = pathInProject(this);
    const problems = this.entries.flatMap((entry, index) => entryProblems(entry, this.entries.slice(0, index)));
    if (problems.length > 0) {
      throw new Error([`${this.path} was not written: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`} found.`,
        ...problems.map((problem) => `  ${where}: ${problem}`)].join('\n'));
    }
    const today = new Date().toISOString().slice(0, 10);
    for (const entry of this.entries.filter((candidate) => candidate.expires !== undefined && candidate.expires < today)) {
      this.project.logger.warn(`${where}: the ignore of ${entry.id} expired on ${entry.expires}; Trivy reports it again. Fix it, or renew the expiry with a reason.`);
    }
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const lines = [`# ${this.marker}`];
    for (const entry of this.entries) {
      lines.push('', ...entry.reason.trim().split('\n').map((line) => `# ${line.trim()}`), entry.expires ? `${entry.id} exp:${entry.expires}` : entry.id);
    }
    return [...lines, ''].join('\n');
  }
}

function entryProblems(entry: TrivyIgnoreEntry, earlier: TrivyIgnoreEntry[]): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9][\w.:-]*$/.test(entry.id) || (/^CVE-/i.test(entry.id) && !/^CVE-\d{4}-\d{4,}$/.test(entry.id))) {
    problems.push(`"${entry.id}" is not a finding id. Fix: give the id Trivy reports, such as "CVE-2026-12345" or "GHSA-abcd-efgh-ijkl".`);
  }
  if (entry.reason.trim() === '') {
    problems.push(`the ignore of ${entry.id} has no reason. Fix: say why it is safe to ignore (not reachable, no fix yet, ...), for whoever reviews it.`);
  }
  if (entry.expires !== undefined && !isDay(entry.expires)) {
    problems.push(`the ignore of ${entry.id} expires on "${entry.expires}", which is not a day. Fix: write it as YYYY-MM-DD, such as "2027-01-31".`);
  }
  if (earlier.some((other) => other.id === entry.id)) {
    problems.push(`${entry.id} is ignored twice. Fix: keep one entry, with one reason.`);
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
