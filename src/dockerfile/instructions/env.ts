import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { looksSecret, secretProblem, valueProblems, variableNameProblems } from '../names';
import { assignedValue, expandableValue } from '../syntax';
import { DockerfileRule } from '../validation/rule';

/**
 * Options of an ENV instruction.
 */
export interface EnvInstructionProps {
  /** The variables and their values, written in this order. */
  readonly variables: { [name: string]: string };

  /**
   * Let `$NAME` and `${NAME}` in the values refer to earlier ARG and ENV values
   * (as in `PATH=/app/bin:$PATH`). Otherwise values are written literally.
   * @default false
   */
  readonly expandVariables?: boolean;
}

/**
 * `ENV name="value" ...`: environment variables for later instructions and the container.
 */
export class EnvInstruction extends Instruction {
  public readonly keyword = 'ENV';
  /** The variables, in order. */
  public readonly variables: { [name: string]: string };
  /** Whether `$` in values refers to variables. */
  public readonly expandVariables: boolean;

  public constructor(props: EnvInstructionProps) {
    super();
    this.variables = { ...props.variables };
    this.expandVariables = props.expandVariables ?? false;
  }

  public render(): string {
    const pairs = Object.entries(this.variables).map(([name, value]) => `${name}=${this.renderValue(value)}`);
    return `ENV ${pairs.join(' \\\n    ')}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    const entries = Object.entries(this.variables);
    if (entries.length === 0) {
      return [{ rule: DockerfileRule.EMPTY_INSTRUCTION, message: 'ENV has no variables.', fix: 'Give at least one variable, or remove the ENV.' }];
    }
    return entries.flatMap(([name, value]) => [
      ...variableNameProblems('ENV', name),
      ...valueProblems(`ENV ${name} value`, value),
      ...(looksSecret(name) ? [secretProblem('ENV', name)] : []),
    ]);
  }

  private renderValue(value: string): string {
    return this.expandVariables ? expandableValue(value) : assignedValue(value);
  }
}
