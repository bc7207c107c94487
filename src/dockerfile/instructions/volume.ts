import { Problem } from '../../core/problem';
import { Instruction, _ValidationContext } from '../instruction';
import { valueProblems } from '../names';
import { wordList } from '../syntax';
import { DockerfileRule } from '../validation/rule';

/**
 * Options of a VOLUME instruction.
 */
export interface VolumeInstructionProps {
  /** Absolute paths that hold data outside the container's writable layer. */
  readonly paths: string[];
}

/**
 * `VOLUME /data`: declares mount points.
 */
export class VolumeInstruction extends Instruction {
  public readonly keyword = 'VOLUME';
  /** The paths. */
  public readonly paths: string[];

  public constructor(props: VolumeInstructionProps) {
    super();
    this.paths = [...props.paths];
  }

  public render(): string {
    return `VOLUME ${wordList(this.paths)}`;
  }

  /** @internal */
  public _validate(_context: _ValidationContext): Problem[] {
    if (this.paths.length === 0) {
      return [{ rule: DockerfileRule.EMPTY_INSTRUCTION, message: 'VOLUME has no paths.', fix: 'Give at least one absolute path, or remove the VOLUME.' }];
    }
    return this.paths.flatMap((path) => [
      ...valueProblems(`VOLUME path "${path.split(/[\n\r]/)[0]}"`, path),
      ...(path.startsWith('/')
        ? []
        : [{ rule: DockerfileRule.INVALID_VALUE, message: `VOLUME path "${path}" is relative.`, fix: `Use an absolute path (for example "/${path.replace(/^\.?\/*/, '')}").` }]),
    ]);
  }
}
