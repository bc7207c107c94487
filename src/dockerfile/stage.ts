import { Construct } from 'constructs';
import type { Dockerfile } from './dockerfile';
import { Instruction } from './instruction';
import {
  ArgInstruction, CmdInstruction, Comment, CopyInstruction, CopyOptions, EntrypointInstruction, EnvInstruction,
  ExposeInstruction, HealthcheckInstruction, HealthcheckInstructionProps, LabelInstruction, Protocol, RawInstruction,
  RunInstruction, RunMount, ShellInstruction, StopSignalInstruction, UserInstruction, VolumeInstruction, WorkdirInstruction,
} from './instructions';
import { ImageReference, NodeImage } from '../images';
import { pinnableImage } from './pinnable-image';
import { StageBase } from './stage-base';
import { Problem } from '../core/problem';
import { DockerfileRule } from './validation/rule';

/**
 * Options of a stage, for `Dockerfile.addStage()`.
 */
export interface DockerfileStageOptions {
  /** What the stage starts from. */
  readonly from: StageBase;

  /**
   * Stage name, used by `COPY --from`, `--target` and later stages.
   * Lowercase letters, digits, `-`, `_` and `.`.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Platform of the base image (`--platform`), such as `$BUILDPLATFORM` for a build
   * stage that runs natively during cross-platform builds, or `linux/amd64`.
   * @default - the target platform
   */
  readonly platform?: string;

  /**
   * A comment written above the FROM line.
   * @default - none
   */
  readonly comment?: string;

  /**
   * Rules whose findings in this stage are knowingly accepted
   * (only `UnpinnedImage`, `SecretsUsedInArgOrEnv`, `RootUser`, `InvalidDefaultArgInFrom`, `RedundantTargetPlatform`).
   * @default - none
   */
  readonly ignoreRules?: DockerfileRule[];
}

/**
 * Options of a RUN added with `addRun()`.
 */
export interface RunOptions {
  /**
   * Filesystems mounted for this step only: caches, secrets, binds, tmpfs.
   * @default - none
   */
  readonly mounts?: RunMount[];
}

/**
 * One stage of a multi-stage Dockerfile: `FROM base AS name` and its instructions.
 *
 * Create stages with `Dockerfile.addStage()`. Instructions render in the order they are added.
 */
export class DockerfileStage extends Construct {
  /** The Dockerfile this stage belongs to. */
  public readonly dockerfile: Dockerfile;
  /** The stage name. */
  public readonly name: string;
  /** The `--platform` of the base, if any. */
  public readonly platform?: string;
  /** The comment above FROM, if any. */
  public readonly comment?: string;
  /** Rules knowingly accepted in this stage. */
  public readonly ignoreRules: DockerfileRule[];
  private readonly _instructions: Instruction[] = [];
  private _from: StageBase;

  /** Use `Dockerfile.addStage()`. */
  public constructor(dockerfile: Dockerfile, id: string, options: DockerfileStageOptions) {
    super(dockerfile, id);
    this.dockerfile = dockerfile;
    this.name = options.name ?? id;
    this._from = options.from;
    this.platform = options.platform;
    this.comment = options.comment;
    this.ignoreRules = [...(options.ignoreRules ?? [])];
  }

  /** What the stage starts from. */
  public get from(): StageBase {
    return this._from;
  }

  /** The instructions, in order. */
  public get instructions(): Instruction[] {
    return this._instructions.filter((instruction) => !(instruction instanceof ReservedPlace));
  }

  /** The image this stage is built on, through the earlier stages it starts from (undefined for a cycle). */
  public get baseImage(): string | undefined {
    return this.rootBase()?.imageReference;
  }

  /** The image this stage is built on, as a typed reference, when it is a valid one. */
  public get baseImageReference(): ImageReference | undefined {
    return this.rootBase()?.reference;
  }

  /** The official node image this stage is built on, through the earlier stages it starts from, if it is one. */
  public get baseNodeImage(): NodeImage | undefined {
    return this.rootBase()?.nodeImage;
  }

  /** Adds any instruction at the end of the stage. */
  public addInstruction(instruction: Instruction): Instruction {
    this._instructions.push(instruction);
    return instruction;
  }

  /** `ARG name[=default]`. */
  public addArg(name: string, defaultValue?: string): ArgInstruction {
    return this.push(new ArgInstruction({ name, defaultValue }));
  }

  /** `ENV name="value" ...`, values written literally. */
  public addEnv(variables: { [name: string]: string }): EnvInstruction {
    return this.push(new EnvInstruction({ variables }));
  }

  /** `LABEL key="value" ...`. */
  public addLabels(labels: { [key: string]: string }): LabelInstruction {
    return this.push(new LabelInstruction({ labels }));
  }

  /** `WORKDIR path` (absolute). */
  public addWorkdir(path: string): WorkdirInstruction {
    return this.push(new WorkdirInstruction({ path }));
  }

  /** `USER user[:group]`; prefer numeric ids such as `1000`. */
  public addUser(user: string, group?: string): UserInstruction {
    return this.push(new UserInstruction({ user, group }));
  }

  /** `COPY [flags] sources... destination`. */
  public addCopy(sources: string[], destination: string, options: CopyOptions = {}): CopyInstruction {
    return this.push(new CopyInstruction({ ...options, sources, destination }));
  }

  /** `RUN command` in shell form; long commands are wrapped readably. */
  public addRun(command: string, options: RunOptions = {}): RunInstruction {
    return this.push(new RunInstruction({ command, mounts: options.mounts }));
  }

  /** `RUN a && b && ...` in shell form, one command per line. */
  public addRunCommands(commands: string[], options: RunOptions = {}): RunInstruction {
    return this.push(new RunInstruction({ commands, mounts: options.mounts }));
  }

  /** `RUN ["program", "arg"]` in exec form: no shell, nothing expanded. */
  public addRunExec(argv: string[], options: RunOptions = {}): RunInstruction {
    return this.push(new RunInstruction({ argv, mounts: options.mounts }));
  }

  /** `EXPOSE port/protocol`. */
  public addExpose(port: number, protocol?: Protocol): ExposeInstruction {
    return this.push(new ExposeInstruction({ port, protocol }));
  }

  /** `HEALTHCHECK [options] CMD [...]` in exec form. */
  public addHealthcheck(props: HealthcheckInstructionProps): HealthcheckInstruction {
    return this.push(new HealthcheckInstruction(props));
  }

  /** `HEALTHCHECK NONE`. */
  public disableHealthcheck(): HealthcheckInstruction {
    return this.push(HealthcheckInstruction.none());
  }

  /** `CMD [...]` in exec form. */
  public addCmd(argv: string[]): CmdInstruction {
    return this.push(new CmdInstruction({ argv }));
  }

  /** `ENTRYPOINT [...]` in exec form. */
  public addEntrypoint(argv: string[]): EntrypointInstruction {
    return this.push(new EntrypointInstruction({ argv }));
  }

  /** `STOPSIGNAL signal`. */
  public addStopSignal(signal: string): StopSignalInstruction {
    return this.push(new StopSignalInstruction({ signal }));
  }

  /** `SHELL [...]`. */
  public addShell(argv: string[]): ShellInstruction {
    return this.push(new ShellInstruction({ argv }));
  }

  /** `VOLUME paths...`. */
  public addVolume(paths: string[]): VolumeInstruction {
    return this.push(new VolumeInstruction({ paths }));
  }

  /** A comment on lines of its own. */
  public addComment(text: string): Comment {
    return this.push(new Comment({ text }));
  }

  /** Dockerfile text written as given (escape hatch). */
  public addRaw(text: string): RawInstruction {
    return this.push(new RawInstruction({ text }));
  }

  /**
   * Sets what the stage starts from, for the constructs that derive it from the project at synthesis.
   * @internal
   */
  public _rebase(from: StageBase): void {
    this._from = from;
  }

  /**
   * Keeps a place for instructions that a construct derives from the project at
   * synthesis, so that what a user adds after declaring the stage comes after them.
   * @internal
   */
  public _reservePlace(): Instruction {
    return this.push(new ReservedPlace());
  }

  /**
   * Adds instructions at a reserved place: whatever `add` adds to the stage goes there.
   * @internal
   */
  public _fillPlace(place: Instruction, add: () => void): void {
    const index = this._instructions.indexOf(place);
    if (index < 0) {
      throw new Error(`${this.node.path}: the reserved place was filled already.`);
    }
    const after = this._instructions.splice(index);
    add();
    this._instructions.push(...after.slice(1));
  }

  /**
   * Problems that only this kind of stage can see; kinds of stages add theirs.
   * @internal
   */
  public _validateStage(): Problem[] {
    return [];
  }

  /** The stage as Dockerfile text. */
  public render(): string {
    const platform = this.platform !== undefined ? `--platform=${this.platform} ` : '';
    const lines = this.comment !== undefined ? [new Comment({ text: this.comment }).render()] : [];
    lines.push(`FROM ${platform}${this.pinnedBase()} AS ${this.name}`);
    this.instructions.forEach((instruction, index) => {
      if (instruction instanceof Comment && index > 0) {
        lines.push('');
      }
      lines.push(instruction.render());
    });
    return lines.join('\n');
  }

  /** The base as written after FROM: a pinnable image gets its pinned digest. */
  private pinnedBase(): string {
    const reference = pinnableImage(this);
    const digest = reference ? this.dockerfile.imagePins?.digestOf(reference) : undefined;
    return digest ? `${reference}@${digest}` : this.from.render();
  }

  /** What the first stage of this stage's chain starts from: an image or scratch (undefined for a cycle). */
  private rootBase(): StageBase | undefined {
    const seen = new Set<DockerfileStage>();
    let stage: DockerfileStage = this;
    while (stage.from.baseStage) {
      if (seen.has(stage)) {
        return undefined;
      }
      seen.add(stage);
      stage = stage.from.baseStage;
    }
    return stage.from;
  }

  private push<T extends Instruction>(instruction: T): T {
    this._instructions.push(instruction);
    return instruction;
  }
}

/** Where derived instructions go until synthesis; it is never rendered. */
class ReservedPlace extends Instruction {
  public readonly keyword = '';

  public render(): string {
    return '';
  }
}
