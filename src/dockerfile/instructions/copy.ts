import { Problem } from '../../core/problem';
import { BuilderCompatibility } from '../builder-compatibility';
import { Instruction, _ValidationContext } from '../instruction';
import { valueProblems } from '../names';
import type { DockerfileStage } from '../stage';
import { wordList } from '../syntax';
import { DockerfileRule } from '../validation/rule';

const OWNER = /^(?:[0-9]+|[a-z_][a-z0-9_-]*)(?::(?:[0-9]+|[a-z_][a-z0-9_-]*))?$/;
const OCTAL_MODE = /^0?[0-7]{3}$/;

/**
 * Options of a COPY instruction besides its paths.
 */
export interface CopyOptions {
  /**
   * Copy from this earlier stage instead of the build context.
   * @default - the build context
   */
  readonly fromStage?: DockerfileStage;

  /**
   * Copy from this stage name or image reference instead of the build context.
   * An image needs a tag or digest.
   * @default - the build context
   */
  readonly from?: string;

  /**
   * Owner of the copied files, as `uid[:gid]` or `user[:group]`.
   * @default - root
   */
  readonly chown?: string;

  /**
   * Permissions of the copied files, in octal (`0644`).
   * @default - the source permissions
   */
  readonly chmod?: string;

  /**
   * Copy into an independent layer (`--link`). BuildKit only.
   * @default false
   */
  readonly link?: boolean;
}

/**
 * Options of a COPY instruction.
 */
export interface CopyInstructionProps extends CopyOptions {
  /** Source paths or patterns, relative to the build context or the `from` stage. */
  readonly sources: string[];
  /** Destination path; must end with `/` when there are several sources. */
  readonly destination: string;
}

/**
 * `COPY [--from=...] [--chown=...] [--chmod=...] src... dest`: copies files into the image.
 */
export class CopyInstruction extends Instruction {
  public readonly keyword = 'COPY';
  /** Source paths. */
  public readonly sources: string[];
  /** Destination path. */
  public readonly destination: string;
  /** Source stage, if any. */
  public readonly fromStage?: DockerfileStage;
  /** Source stage name or image, if given as text. */
  public readonly from?: string;
  /** Owner. */
  public readonly chown?: string;
  /** Permissions. */
  public readonly chmod?: string;
  /** Whether `--link` is used. */
  public readonly link: boolean;

  public constructor(props: CopyInstructionProps) {
    super();
    this.sources = [...props.sources];
    this.destination = props.destination;
    this.fromStage = props.fromStage;
    this.from = props.from;
    this.chown = props.chown;
    this.chmod = props.chmod;
    this.link = props.link ?? false;
  }

  /** True when the files come from the build context. */
  public get fromContext(): boolean {
    return this.fromStage === undefined && this.from === undefined;
  }

  public render(): string {
    const flags = [
      this.fromStage ? `--from=${this.fromStage.name}` : this.from !== undefined ? `--from=${this.from}` : '',
      this.chown !== undefined ? `--chown=${this.chown}` : '',
      this.chmod !== undefined ? `--chmod=${this.chmod}` : '',
      this.link ? '--link' : '',
    ].filter(Boolean);
    return ['COPY', ...flags, wordList([...this.sources, this.destination])].join(' ');
  }

  /** @internal */
  public _validate(context: _ValidationContext): Problem[] {
    const problems: Problem[] = [];
    const invalid = (message: string, fix: string) => problems.push({ rule: DockerfileRule.INVALID_VALUE, message, fix });
    if (this.sources.length === 0 || this.sources.some((source) => source === '') || this.destination === '') {
      problems.push({
        rule: DockerfileRule.EMPTY_INSTRUCTION,
        message: `COPY has ${this.destination === '' ? 'no destination' : 'an empty or missing source'}.`,
        fix: 'Give at least one non-empty source path and a destination.',
      });
    }
    for (const path of [...this.sources, this.destination]) {
      problems.push(...valueProblems(`COPY path "${path.split(/[\n\r]/)[0]}"`, path));
    }
    for (const source of this.sources.filter((candidate) => candidate.includes('\\'))) {
      problems.push({
        rule: DockerfileRule.UNREPRESENTABLE_VALUE,
        message: `COPY source "${source}" contains "\\", which builders read as an escape in the source pattern, not as part of the name.`,
        fix: 'Rename the file, or copy the folder that holds it.',
      });
    }
    if (this.sources.length > 1 && !this.destination.endsWith('/')) {
      invalid(`COPY of ${this.sources.length} sources to "${this.destination}": with several sources the destination must be a directory.`,
        `End the destination with "/" ("${this.destination}/").`);
    }
    if (this.fromStage && this.from !== undefined) {
      invalid('COPY has both fromStage and from.', 'Give one of them.');
    }
    if (this.chown !== undefined && !OWNER.test(this.chown)) {
      invalid(`COPY --chown "${this.chown}" is not uid[:gid] or user[:group].`, 'Use numeric ids such as "1000:1000".');
    }
    if (this.chmod !== undefined && !OCTAL_MODE.test(this.chmod)) {
      invalid(`COPY --chmod "${this.chmod}" is not an octal permission.`, 'Use three or four octal digits, such as "0644".');
    }
    if (this.link && context.compatibility === BuilderCompatibility.ALL_BUILDERS) {
      problems.push({
        rule: DockerfileRule.BUILDER_COMPATIBILITY,
        message: 'COPY --link is understood by BuildKit only; Buildah and Podman reject it.',
        fix: 'Remove link: true, or set compatibility: BuilderCompatibility.BUILDKIT on the Dockerfile.',
      });
    }
    return problems;
  }
}
