import { Problem } from '../core/problem';
import {
  CmdInstruction, CopyInstruction, CopyOptions, Dockerfile, DockerfileRule, DockerfileStage, EntrypointInstruction,
  HealthcheckInstruction, RawInstruction, RunInstruction, ShellInstruction, StageBase, UserInstruction,
} from '../dockerfile';
import { CLibrary, DebianRelease } from '../images';
import { DistrolessImage, DistrolessProvider } from './distroless-image';
import { DistrolessRule } from './distroless-rule';
import { DistrolessTag } from './distroless-tag';
import { newestLtsMajor } from '../images/node-release-lines';

/**
 * Options of a DistrolessStage.
 */
export interface DistrolessStageProps {
  /**
   * The distroless image.
   * @default DistrolessImage.google()
   */
  readonly image?: DistrolessImage;

  /**
   * Node.js major of the image.
   * @default - the major of `buildStage`'s node image, else the project's `minNodeVersion` or `engines.node`, else the newest LTS line
   */
  readonly nodeMajor?: number;

  /**
   * The stage that builds what this one runs. It must be a glibc `node` image of the
   * same major and Debian release (`node:<major>-trixie-slim`); every stage this one
   * copies from is checked the same way.
   * @default - none
   */
  readonly buildStage?: DockerfileStage;

  /**
   * Stage name.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * A comment written above the FROM line.
   * @default - none
   */
  readonly comment?: string;

  /**
   * Rules whose findings in this stage are knowingly accepted.
   * @default - none
   */
  readonly ignoreRules?: DockerfileRule[];

  /**
   * The working directory, created by WORKDIR.
   * @default "/app"
   */
  readonly workdir?: string;

  /**
   * Numeric uid the service runs as.
   * @default 65532 (the images' `nonroot` user)
   */
  readonly uid?: number;

  /**
   * Numeric gid the service runs as.
   * @default 65532
   */
  readonly gid?: number;
}

/**
 * Options of `DistrolessStage.addWritableCopy()`.
 */
export interface WritableCopyOptions {
  /**
   * Copy from this earlier stage.
   * @default - from the build context
   */
  readonly fromStage?: DockerfileStage;
}

// The users and groups of the distroless and Chainguard images' /etc/passwd.
const IMAGE_USERS = ['root', 'nonroot', 'nobody', '0', '65532', '65534'];
// Programs that people reach for and that these images do not have.
const ABSENT_PROGRAMS = /^(?:\/(?:usr\/)?(?:local\/)?s?bin\/)?(?:sh|bash|ash|curl|wget|npm|npx|yarn|pnpm|env)$/;

/**
 * A runtime stage on a distroless Node.js image: no shell, no package manager,
 * and node as the entrypoint. It runs as uid 65532 in an existing working
 * directory, and refuses at synthesis what cannot work there: RUN and SHELL
 * (except on the debug tags), a CMD that names node again, health checks and
 * entrypoints on programs the image lacks, unknown users, and build stages of
 * another C library, Debian release or Node.js major.
 */
export class DistrolessStage extends DockerfileStage {
  /** The distroless image. */
  public readonly image: DistrolessImage;
  /** The stage that builds what this one runs, if given. */
  public readonly buildStage?: DockerfileStage;
  /** The working directory. */
  public readonly workdir: string;
  /** `uid:gid` that the service runs as and that owns writable copies. */
  public readonly owner: string;
  private readonly requestedMajor?: number;

  public constructor(dockerfile: Dockerfile, id: string, props: DistrolessStageProps = {}) {
    const image = props.image ?? DistrolessImage.google();
    super(dockerfile, id, {
      // Replaced by the getter below, which follows the build stage's Node.js major until synthesis.
      from: StageBase.scratch(),
      name: props.name,
      comment: props.comment,
      // Google names the variants by tag: latest is the root variant, no more mutable than nonroot.
      // Chainguard's latest is always pinned by its digest, and UnavailableImage says so when the digest is not one.
      ignoreRules: [
        ...(props.ignoreRules ?? []),
        ...(image.tag === DistrolessTag.LATEST || image.provider === DistrolessProvider.CHAINGUARD ? [DockerfileRule.UNPINNED_IMAGE] : []),
      ],
    });
    this.image = image;
    this.requestedMajor = props.nodeMajor;
    this.buildStage = props.buildStage;
    this.workdir = props.workdir ?? '/app';
    this.owner = `${props.uid ?? 65532}:${props.gid ?? 65532}`;
    if (image.hasShell) {
      // The debug variants keep busybox in /busybox; there is no /bin/sh.
      this.addShell(['/busybox/sh', '-c']);
    }
    this.addWorkdir(this.workdir);
    this.addUser(String(props.uid ?? 65532), String(props.gid ?? 65532));
  }

  /** The Node.js major of the image: as given, else the build stage's, else the newest LTS line the library knows. */
  public get nodeMajor(): number {
    return this.requestedMajor ?? this.buildStage?.baseNodeImage?.major ?? newestLtsMajor();
  }

  /** The distroless image of the stage's Node.js major. */
  public get from(): StageBase {
    return StageBase.of(this.image.imageReference(this.nodeMajor));
  }

  /** Copies files that the service writes to, owned by the user it runs as (other files stay root's and read-only to it). */
  public addWritableCopy(sources: string[], destination: string, options: WritableCopyOptions = {}): CopyInstruction {
    const copy: CopyOptions = { fromStage: options.fromStage, chown: this.owner };
    return this.addCopy(sources, destination, copy);
  }

  /** @internal */
  public _validateStage(): Problem[] {
    const reference = this.from.imageReference!;
    const unavailable = this.image._problemWith(this.nodeMajor);
    const problems: Problem[] = unavailable ? [{ rule: DistrolessRule.UNAVAILABLE_IMAGE, ...unavailable }] : [];
    for (const instruction of this.instructions) {
      if (!this.image.hasShell && needsShell(instruction)) {
        problems.push({
          rule: DistrolessRule.SHELL_NOT_IN_IMAGE,
          message: `${instruction.keyword} needs a shell, and ${reference} has none.`,
          fix: `Do it in the build stage and COPY the result into this stage${this.image.provider === DistrolessProvider.GOOGLE ? ' (only the debug tags have a shell, for debugging)' : ''}.`,
        });
      } else if (instruction instanceof CmdInstruction && isNode(instruction.argv[0], this.image)) {
        problems.push({
          rule: DistrolessRule.COMMAND_REPEATS_ENTRYPOINT,
          message: `CMD ${JSON.stringify(instruction.argv)} starts with "${instruction.argv[0]}", but the image's ENTRYPOINT is already ${this.image.nodeBinary}, so node would be asked to run a script named "${instruction.argv[0]}".`,
          fix: `Give only the script and node's flags: ${JSON.stringify(instruction.argv.slice(1))}.`,
        });
      } else if (instruction instanceof HealthcheckInstruction || instruction instanceof EntrypointInstruction) {
        problems.push(...this.programProblems(instruction, reference));
      } else if (instruction instanceof UserInstruction || instruction instanceof CopyInstruction) {
        problems.push(...this.userProblems(instruction, reference));
      }
    }
    return [...problems, ...this.buildStageProblems(reference)];
  }

  private programProblems(instruction: HealthcheckInstruction | EntrypointInstruction, reference: string): Problem[] {
    const argv = instruction instanceof HealthcheckInstruction ? instruction.options?.command : instruction.argv;
    const program = argv?.[0];
    if (program === undefined || program === this.image.nodeBinary || (this.image.hasShell && program.startsWith('/busybox/'))) {
      return [];
    }
    if (program.startsWith('/') && !ABSENT_PROGRAMS.test(program) && !isNode(program, this.image)) {
      return [];
    }
    return [{
      rule: DistrolessRule.PROGRAM_NOT_IN_IMAGE,
      message: `${instruction.keyword} runs "${program}", which ${reference} does not have: it has no shell, no curl or wget, and node is ${this.image.nodeBinary}.`,
      fix: `Run ${this.image.nodeBinary} (HealthCheck.http writes such a check), or a program you copy in, by its absolute path.`,
    }];
  }

  private userProblems(instruction: UserInstruction | CopyInstruction, reference: string): Problem[] {
    const owner = instruction instanceof UserInstruction ? [instruction.user, instruction.group] : (instruction.chown ?? '').split(':');
    const unknown = owner.filter((name): name is string => !!name && !/^\d+$/.test(name) && !IMAGE_USERS.includes(name));
    return unknown.map((name) => ({
      rule: DistrolessRule.UNKNOWN_USER,
      message: `${instruction.keyword} names "${name}", which ${reference} has no user or group for (it has root, nonroot and nobody).`,
      fix: `Use numeric ids, such as ${this.owner}.`,
    }));
  }

  /** Stages this one runs the output of: their node image must match this one's C library, Debian release and major. */
  private buildStageProblems(reference: string): Problem[] {
    const sources = new Set<DockerfileStage>(this.buildStage ? [this.buildStage] : []);
    for (const copy of this.instructions.filter((instruction): instruction is CopyInstruction => instruction instanceof CopyInstruction)) {
      const stage = copy.fromStage ?? (copy.from ? this.dockerfile.tryFindStage(copy.from) : undefined);
      if (stage && stage !== this) {
        sources.add(stage);
      }
    }
    const google = this.image.provider === DistrolessProvider.GOOGLE;
    const wanted = google ? `node:${this.nodeMajor}-trixie-slim` : `node:${this.nodeMajor}-trixie-slim (glibc)`;
    return [...sources].flatMap((stage) => {
      const node = stage.baseNodeImage;
      if (!node) {
        return [];
      }
      const why = node.cLibrary === CLibrary.MUSL
        ? 'musl: its node_modules and native addons do not load on glibc'
        : node.major !== this.nodeMajor
          ? `Node.js ${node.major}, and ${reference} runs Node.js ${this.nodeMajor}: native addons are built for one ABI and dependencies resolved for one version`
          : google && node.debianRelease !== DebianRelease.TRIXIE
            ? `${node.debianRelease === undefined ? 'a Debian release its tag does not name' : `Debian ${node.debianRelease}`}, and ${reference} is Debian 13 (trixie): native addons may need libraries of another version`
            : undefined;
      return why ? [{
        rule: DistrolessRule.INCOMPATIBLE_BUILD_STAGE,
        message: `stage "${this.name}" runs what stage "${stage.name}" builds on ${node}, which is ${why}.`,
        fix: `Build stage "${stage.name}" on ${wanted}.`,
      }] : [];
    });
  }
}

function needsShell(instruction: object): boolean {
  if (instruction instanceof RunInstruction || instruction instanceof ShellInstruction) {
    return true;
  }
  return instruction instanceof RawInstruction && /^\s*(?:RUN|SHELL)\b/i.test(instruction.text);
}

function isNode(program: string | undefined, image: DistrolessImage): boolean {
  return program !== undefined && (program === 'node' || program.endsWith('/node') || program === image.nodeBinary);
}
