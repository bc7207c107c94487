import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { valueProblems } from '../names';
import { isPlain, quoted } from '../syntax';
import { DockerfileRule } from '../validation/rule';

/**
 * Options of a WORKDIR instruction.
 */
export interface WorkdirInstructionProps {
  /** Absolute path of the working directory; created if missing. */
  readonly path: string;
}

/**
 * `WORKDIR /path`: the working directory of later instructions and the container.
 */
export class WorkdirInstruction extends Instruction {
  public readonly keyword = 'WORKDIR';
  /** The working directory. */
  public readonly path: string;

  public constructor(props: WorkdirInstructionProps) {
    super();
    this.path = props.path;
  }

  public render(): string {
    return `WORKDIR ${isPlain(this.path) ? this.path : quoted(this.path)}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    const problems = valueProblems('WORKDIR path', this.path);
    if (!this.path.startsWith('/')) {
      problems.push({
        rule: DockerfileRule.WORKDIR_RELATIVE_PATH,
        message: `WORKDIR "${this.path}" is relative, so it depends on every earlier WORKDIR and on the base image.`,
        fix: `Use an absolute path (for example "/${this.path.replace(/^\.?\/*/, '') || 'app'}").`,
      });
    }
    return problems;
  }
}
