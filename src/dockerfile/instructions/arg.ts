import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { looksSecret, secretProblem, valueProblems, variableNameProblems } from '../names';
import { assignedValue } from '../syntax';

/**
 * Options of an ARG instruction.
 */
export interface ArgInstructionProps {
  /** The build argument's name. */
  readonly name: string;

  /**
   * Default value when the build does not pass `--build-arg`.
   * @default - no default: the argument is empty unless passed
   */
  readonly defaultValue?: string;
}

/**
 * `ARG name[=default]`: a build argument.
 */
export class ArgInstruction extends Instruction {
  public readonly keyword = 'ARG';
  /** The argument's name. */
  public readonly name: string;
  /** Its default value, if any. */
  public readonly defaultValue?: string;

  public constructor(props: ArgInstructionProps) {
    super();
    this.name = props.name;
    this.defaultValue = props.defaultValue;
  }

  public render(): string {
    return this.defaultValue === undefined ? `ARG ${this.name}` : `ARG ${this.name}=${assignedValue(this.defaultValue)}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    const problems = variableNameProblems('ARG', this.name);
    if (this.defaultValue !== undefined) {
      problems.push(...valueProblems(`ARG ${this.name} default value`, this.defaultValue));
      if (looksSecret(this.name)) {
        problems.push(secretProblem('ARG', this.name));
      }
    }
    return problems;
  }
}
