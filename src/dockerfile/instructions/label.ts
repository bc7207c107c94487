import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { valueProblems } from '../names';
import { assignedValue, expandableValue } from '../syntax';
import { DockerfileRule } from '../validation/rule';

const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/**
 * Options of a LABEL instruction.
 */
export interface LabelInstructionProps {
  /** Label keys (for example `org.opencontainers.image.title`) and values, in order. */
  readonly labels: { [key: string]: string };

  /**
   * Let `$NAME` and `${NAME}` in the values refer to ARG and ENV values (as in
   * `org.opencontainers.image.revision=$REVISION`). Otherwise values are written literally.
   * @default false
   */
  readonly expandVariables?: boolean;
}

/**
 * `LABEL key="value" ...`: image metadata.
 */
export class LabelInstruction extends Instruction {
  public readonly keyword = 'LABEL';
  /** The labels, in order. */
  public readonly labels: { [key: string]: string };
  /** Whether `$` in values refers to variables. */
  public readonly expandVariables: boolean;

  public constructor(props: LabelInstructionProps) {
    super();
    this.labels = { ...props.labels };
    this.expandVariables = props.expandVariables ?? false;
  }

  public render(): string {
    const render = (value: string) => (this.expandVariables ? expandableValue(value) : assignedValue(value));
    const pairs = Object.entries(this.labels).map(([key, value]) => `${key}=${render(value)}`);
    return `LABEL ${pairs.join(' \\\n    ')}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    const entries = Object.entries(this.labels);
    if (entries.length === 0) {
      return [{ rule: DockerfileRule.EMPTY_INSTRUCTION, message: 'LABEL has no labels.', fix: 'Give at least one label, or remove the LABEL.' }];
    }
    return entries.flatMap(([key, value]) => [
      ...(LABEL_KEY.test(key)
        ? []
        : [{
          rule: DockerfileRule.INVALID_NAME,
          message: `LABEL key ${JSON.stringify(key)} is not a valid label key.`,
          fix: 'Use letters, digits, ".", "-", "_" and "/", starting with a letter or digit (for example org.opencontainers.image.title).',
        }]),
      ...valueProblems(`LABEL ${key} value`, value),
    ]);
  }
}
