import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { endsWithContinuation } from '../syntax';
import { DockerfileRule } from '../validation/rule';

/** The instructions a raw one may start with: all but FROM, which starts a stage. */
const KEYWORDS = ['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];

/**
 * Options of a raw instruction.
 */
export interface RawInstructionProps {
  /** Dockerfile text written as given, for syntax the model does not cover. */
  readonly text: string;
}

/**
 * An escape hatch: Dockerfile text written as given. The library cannot check
 * what it means, only that it keeps the Dockerfile's structure intact: it may
 * not start a stage (use `Dockerfile.addStage`) or end with a line continuation.
 */
export class RawInstruction extends Instruction {
  /** The text. */
  public readonly text: string;

  public constructor(props: RawInstructionProps) {
    super();
    this.text = props.text;
  }

  public get keyword(): string {
    return (/^\s*(\S+)/.exec(this.text)?.[1] ?? '').toUpperCase();
  }

  public render(): string {
    return this.text.replace(/\s+$/, '');
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    const invalid = (message: string, fix: string) => [{ rule: DockerfileRule.INVALID_RAW_INSTRUCTION, message, fix }];
    if (this.text.trim() === '') {
      return invalid('raw instruction is empty.', 'Give the instruction text, or remove it.');
    }
    if (/^\s*FROM\s/im.test(this.text)) {
      return invalid(`raw instruction "${this.text.trim().split('\n')[0]}" starts a stage, which the model would not know of.`, 'Add the stage with Dockerfile.addStage() instead.');
    }
    const instructions = logicalLines(this.text);
    if (instructions.length > 1) {
      return invalid(`raw instruction holds ${instructions.length} instructions (${instructions.map((line) => JSON.stringify(line)).join(', ')}), which the model would check as one.`,
        'Add one instruction per addRaw() call, or use the typed methods (addUser(), addRun(), ...).');
    }
    const keyword = /^(\S+)/.exec(instructions[0] ?? '')?.[1].toUpperCase();
    if (keyword !== undefined && !KEYWORDS.includes(keyword)) {
      return invalid(`raw instruction ${JSON.stringify(instructions[0])} does not start with a Dockerfile instruction, so builders would refuse the file.`,
        `Start it with one of ${KEYWORDS.join(', ')}, or use the typed methods (addRun(), addLabels(), ...).`);
    }
    if (endsWithContinuation(this.text.replace(/\s+$/, ''))) {
      return invalid('raw instruction ends with a line continuation, which would swallow the next instruction.', 'Remove the trailing backslash.');
    }
    return [];
  }
}

/** The instructions of a text: its lines, joined where one ends with a continuation, without blank lines and comments. */
function logicalLines(text: string): string[] {
  const instructions: string[] = [];
  let current = '';
  for (const line of text.replace(/\s+$/, '').split(/\r?\n/)) {
    if (current === '' && (line.trim() === '' || /^\s*#/.test(line))) {
      continue;
    }
    current = current === '' ? line.trim() : `${current} ${line.trim()}`;
    if (!endsWithContinuation(line)) {
      instructions.push(current);
      current = '';
    }
  }
  return current === '' ? instructions : [...instructions, current];
}
