import { Instruction, _ValidationContext } from '../instruction';
import { CONTINUATION_INDENT, endsWithContinuation, jsonArray, wrapShell } from '../syntax';
import { RunMount } from './run-mount';
import { Problem } from '../../core/problem';
import { DockerfileRule } from '../validation/rule';

/**
 * Options of a RUN instruction. Give exactly one of `command`, `commands` or `argv`.
 */
export interface RunInstructionProps {
  /**
   * A shell command (shell form, run by the stage's SHELL, `/bin/sh -c` by default).
   * @default - none
   */
  readonly command?: string;

  /**
   * Shell commands run in order, each only if the one before succeeded (joined with `&&`).
   * @default - none
   */
  readonly commands?: string[];

  /**
   * A program and its arguments, run without a shell (exec form): nothing is expanded.
   * @default - none
   */
  readonly argv?: string[];

  /**
   * Filesystems mounted for this step only: caches, secrets, binds, tmpfs.
   * @default - none
   */
  readonly mounts?: RunMount[];
}

/**
 * `RUN [--mount=...] command`: runs a command in a new layer.
 */
export class RunInstruction extends Instruction {
  public readonly keyword = 'RUN';
  /** The shell commands, joined with `&&` (empty for exec form). */
  public readonly commands: string[];
  /** The exec-form argv, if any. */
  public readonly argv?: string[];
  /** The mounts. */
  public readonly mounts: RunMount[];
  private readonly forms: number;

  public constructor(props: RunInstructionProps) {
    super();
    this.commands = [...(props.command !== undefined ? [props.command] : []), ...(props.commands ?? [])];
    this.argv = props.argv ? [...props.argv] : undefined;
    this.mounts = [...(props.mounts ?? [])];
    this.forms = [props.command, props.commands, props.argv].filter((form) => form !== undefined).length;
  }

  /** True when the command runs through a shell. */
  public get isShellForm(): boolean {
    return this.argv === undefined;
  }

  public render(): string {
    const body = this.argv ? jsonArray(this.argv) : this.commands.map((command) => command.trim()).join(' && ');
    if (this.mounts.length === 0) {
      return this.argv ? `RUN ${body}` : wrapShell('RUN ', body);
    }
    const flags = this.mounts.map((mount) => mount.render()).join(` \\\n${CONTINUATION_INDENT}`);
    const command = this.argv ? CONTINUATION_INDENT + body : wrapShell(CONTINUATION_INDENT, body);
    return `RUN ${flags} \\\n${command}`;
  }

  /** @internal */
  public _validate(context: _ValidationContext): Problem[] {
    const problems = this.mounts.flatMap((mount) => mount._validate(context.compatibility));
    if (this.forms > 1) {
      problems.push({
        rule: DockerfileRule.INVALID_VALUE,
        message: 'RUN is given more than one of command, commands and argv.',
        fix: 'Give a shell command (command or commands) or an argv, not both.',
      });
    }
    const empty = this.argv ? this.argv.length === 0 || this.argv[0].trim() === '' : this.commands.every((command) => command.trim() === '');
    if (empty) {
      problems.push({ rule: DockerfileRule.EMPTY_INSTRUCTION, message: 'RUN has no command.', fix: 'Give a command, or remove the RUN.' });
      return problems;
    }
    for (const command of this.commands) {
      if (/[\n\r]/.test(command)) {
        problems.push({
          rule: DockerfileRule.UNREPRESENTABLE_VALUE,
          message: `RUN command "${command.split(/[\n\r]/)[0]}..." contains a line break, which would end the instruction.`,
          fix: 'Pass each line as its own entry in commands (they are joined with &&), or move the script into a file.',
        });
      } else if (endsWithContinuation(command.trim())) {
        problems.push({
          rule: DockerfileRule.UNREPRESENTABLE_VALUE,
          message: `RUN command "${command}" ends with "\\", which would join the next line to it.`,
          fix: 'Remove the trailing backslash.',
        });
      } else if (command.trim() === '') {
        problems.push({ rule: DockerfileRule.EMPTY_INSTRUCTION, message: 'RUN has an empty command in its list.', fix: 'Remove the empty entry.' });
      }
    }
    if (this.commands.length > 0 && this.commands[0].trim().startsWith('[')) {
      problems.push({
        rule: DockerfileRule.INVALID_VALUE,
        message: `RUN command "${this.commands[0]}" starts with "[", so builders may read it as an exec-form array.`,
        fix: 'Pass the program and its arguments as argv instead.',
      });
    }
    return problems;
  }
}
