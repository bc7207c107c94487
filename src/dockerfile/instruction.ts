import { BuilderCompatibility } from './builder-compatibility';
import { Problem } from '../core/problem';

/**
 * What an instruction may consult while it checks its own values.
 * @internal
 */
export interface _ValidationContext {
  readonly compatibility: BuilderCompatibility;
}

/**
 * One instruction of a Dockerfile stage.
 *
 * Instructions hold typed values and render them at synthesis. Create them with
 * the stage's `add...` methods, or construct one and pass it to
 * `DockerfileStage.addInstruction()`.
 */
export abstract class Instruction {
  /** The Dockerfile keyword, such as `RUN`. */
  public abstract readonly keyword: string;

  /**
   * The instruction as Dockerfile text (one or more lines, no trailing newline).
   * Only valid instructions are rendered: validation runs first.
   */
  public abstract render(): string;

  /**
   * Problems with this instruction's own values.
   * @internal
   */
  public _validate(_context: _ValidationContext): Problem[] {
    return [];
  }
}
