import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { DockerfileRule } from '../validation/rule';

const SIGNAL = /^(?:SIG[A-Z0-9]+(?:[+-][0-9]+)?|[0-9]+)$/;

/**
 * Options of a STOPSIGNAL instruction.
 */
export interface StopSignalInstructionProps {
  /** Signal name (`SIGTERM`, `SIGINT`, `SIGRTMIN+3`) or number. */
  readonly signal: string;
}

/**
 * `STOPSIGNAL SIGTERM`: the signal that asks the container to stop.
 */
export class StopSignalInstruction extends Instruction {
  public readonly keyword = 'STOPSIGNAL';
  /** The signal. */
  public readonly signal: string;

  public constructor(props: StopSignalInstructionProps) {
    super();
    this.signal = props.signal;
  }

  public render(): string {
    return `STOPSIGNAL ${this.signal}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    if (SIGNAL.test(this.signal)) {
      return [];
    }
    return [{
      rule: DockerfileRule.INVALID_VALUE,
      message: `STOPSIGNAL "${this.signal}" is not a signal name or number.`,
      fix: 'Use a name such as "SIGTERM" or "SIGINT" (uppercase, with the SIG prefix), or a number.',
    }];
  }
}
