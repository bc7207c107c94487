import { Component, Project } from 'projen';
import { Finding } from './finding';
import { assertNoErrors, formatFinding } from './problem';

/**
 * A construct that takes part in the checks that run before any file is written.
 */
export interface SynthesisParticipant {
  /**
   * Reads what the construct derives from the project into its model. Runs once for
   * every participant, in the order they were declared, before any check; so
   * what `.projenrc.ts` changes after declaring a construct still counts.
   */
  prepare?(): void;
  /** What is wrong with the construct, errors and warnings. */
  findings(): Finding[];
}

/**
 * The one problem collector of a project: every construct of the library
 * registers with it, and the first of them to reach `preSynthesize` runs them
 * all, so every problem of every construct is reported together, in one
 * shape, before projen writes or deletes anything.
 */
export class SynthesisChecks extends Component {
  /** The project's collector, created on first use. */
  public static of(project: Project): SynthesisChecks {
    return project.components.find((component): component is SynthesisChecks => component instanceof SynthesisChecks)
      ?? new SynthesisChecks(project);
  }

  private readonly participants: SynthesisParticipant[] = [];
  private readonly prepared = new Set<SynthesisParticipant>();
  private ran = false;

  private constructor(project: Project) {
    super(project, 'SynthesisChecks');
  }

  /** Adds a construct to the checks. */
  public register(participant: SynthesisParticipant): void {
    this.participants.push(participant);
  }

  /** Lets every participant read the project into its model, once each: later calls prepare only participants registered since. */
  public prepare(): void {
    for (const participant of this.participants.filter((candidate) => !this.prepared.has(candidate))) {
      this.prepared.add(participant);
      participant.prepare?.();
    }
  }

  /** Prepares, then checks every participant: throws every error together, or logs the warnings. Once per synthesis. */
  public run(): void {
    if (this.ran) {
      return;
    }
    this.prepare();
    const warnings = assertNoErrors(this.participants.flatMap((participant) => participant.findings()));
    for (const warning of warnings) {
      this.project.logger.warn(formatFinding(warning));
    }
    this.ran = true;
  }

  public preSynthesize(): void {
    this.run();
  }

  public synthesize(): void {
    // The next synthesis checks again.
    this.ran = false;
  }
}
