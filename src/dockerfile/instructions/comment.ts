import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { DockerfileRule } from '../validation/rule';

/**
 * Options of a comment.
 */
export interface CommentProps {
  /** The text; each line becomes its own `#` line. */
  readonly text: string;
}

/**
 * `# text` on lines of its own (a Dockerfile has no trailing comments: a `#`
 * after an instruction would be one of its arguments).
 */
export class Comment extends Instruction {
  public readonly keyword = '#';
  /** The text. */
  public readonly text: string;

  public constructor(props: CommentProps) {
    super();
    this.text = props.text;
  }

  public render(): string {
    return this.text.split(/\r?\n/).map((line) => (line.trim() ? `# ${line.trimEnd()}` : '#')).join('\n');
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\r(?!\n)/.test(this.text)) {
      return [{ rule: DockerfileRule.UNREPRESENTABLE_VALUE, message: 'comment contains a control character.', fix: 'Remove it.' }];
    }
    return [];
  }
}
