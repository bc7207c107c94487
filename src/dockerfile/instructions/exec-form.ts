import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { jsonArray } from '../syntax';
import { DockerfileRule } from '../validation/rule';

/**
 * Options of an instruction that takes a program and its arguments.
 */
export interface ExecFormInstructionProps {
  /** The program and its arguments, written as a JSON array (exec form). */
  readonly argv: string[];
}

/**
 * An instruction written in exec form, which needs no shell in the image and
 * lets the program receive signals directly.
 */
export abstract class ExecFormInstruction extends Instruction {
  /** The program and its arguments. */
  public readonly argv: string[];

  protected constructor(props: ExecFormInstructionProps) {
    super();
    this.argv = [...props.argv];
  }

  public render(): string {
    return `${this.keyword} ${jsonArray(this.argv)}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    if (this.argv.length > 0 && this.argv[0].trim() !== '') {
      return [];
    }
    return [{
      rule: DockerfileRule.EMPTY_INSTRUCTION,
      message: `${this.keyword} has no program.`,
      fix: `Give the program and its arguments, such as ["node", "dist/main.js"], or remove the ${this.keyword}.`,
    }];
  }
}

/**
 * `CMD ["program", "arg"]`: the container's default command (or the ENTRYPOINT's default arguments).
 */
export class CmdInstruction extends ExecFormInstruction {
  public readonly keyword = 'CMD';
  public constructor(props: ExecFormInstructionProps) {
    super(props);
  }
}

/**
 * `ENTRYPOINT ["program", "arg"]`: the program the container always runs.
 */
export class EntrypointInstruction extends ExecFormInstruction {
  public readonly keyword = 'ENTRYPOINT';
  public constructor(props: ExecFormInstructionProps) {
    super(props);
  }
}

/**
 * `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`: the shell for later shell-form instructions.
 */
export class ShellInstruction extends ExecFormInstruction {
  public readonly keyword = 'SHELL';
  public constructor(props: ExecFormInstructionProps) {
    super(props);
  }
}
