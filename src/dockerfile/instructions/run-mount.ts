import { Problem } from '../../core/problem';
import { BuilderCompatibility } from '../builder-compatibility';
import type { DockerfileStage } from '../stage';
import { DockerfileRule } from '../validation/rule';

/**
 * How concurrent builds share a cache mount.
 */
export enum CacheSharing {
  /** Concurrent writers share the cache (the builder default). */
  SHARED = 'shared',
  /** Each concurrent writer gets its own cache. */
  PRIVATE = 'private',
  /** Writers wait for each other: safest for package-manager stores. */
  LOCKED = 'locked',
}

/**
 * The kinds of RUN mounts.
 */
export enum RunMountType {
  /** A cache kept between builds (`type=cache`). */
  CACHE = 'cache',
  /** A build secret (`type=secret`). */
  SECRET = 'secret',
  /** Files of the context, a stage or an image (`type=bind`). */
  BIND = 'bind',
  /** An empty in-memory filesystem (`type=tmpfs`). */
  TMPFS = 'tmpfs',
}

/**
 * Options of a cache mount (`--mount=type=cache`).
 */
export interface CacheMountOptions {
  /** Absolute path where the cache is mounted, such as `/root/.npm`. */
  readonly target: string;
  /**
   * Cache id, to share one cache between targets or stages.
   * @default - the target path
   */
  readonly id?: string;
  /**
   * How concurrent builds share it.
   * @default - the builder's default (shared)
   */
  readonly sharing?: CacheSharing;
  /**
   * Owner uid of the cache directory.
   * @default 0
   */
  readonly uid?: number;
  /**
   * Owner gid of the cache directory.
   * @default 0
   */
  readonly gid?: number;
  /**
   * Permissions of the cache directory, in octal (`0755`).
   * @default "0755"
   */
  readonly mode?: string;
}

/**
 * Options of a secret mount (`--mount=type=secret`).
 */
export interface SecretMountOptions {
  /** Secret id, as passed to the build (`--secret id=npmrc,src=...`). */
  readonly id: string;
  /**
   * Absolute path of the secret file inside the RUN step.
   * @default "/run/secrets/<id>"
   */
  readonly target?: string;
  /**
   * Fail the build when the secret is not passed.
   * @default false
   */
  readonly required?: boolean;
  /**
   * Expose the secret as this environment variable instead of a file (BuildKit only).
   * @default - a file
   */
  readonly env?: string;
  /**
   * Owner uid of the secret file.
   * @default 0
   */
  readonly uid?: number;
  /**
   * Owner gid of the secret file.
   * @default 0
   */
  readonly gid?: number;
  /**
   * Permissions of the secret file, in octal.
   * @default "0400"
   */
  readonly mode?: string;
}

/**
 * Options of a bind mount (`--mount=type=bind`).
 */
export interface BindMountOptions {
  /** Absolute path where the files are mounted. */
  readonly target: string;
  /**
   * Path in the source to mount.
   * @default - the root of the source
   */
  readonly source?: string;
  /**
   * Stage whose files are mounted.
   * @default - the build context (unless `fromImage` is given)
   */
  readonly fromStage?: DockerfileStage;
  /**
   * Image whose files are mounted.
   * @default - the build context (unless `fromStage` is given)
   */
  readonly fromImage?: string;
  /**
   * Allow writes (they are discarded after the step).
   * @default false
   */
  readonly readWrite?: boolean;
}

/**
 * Options of a tmpfs mount (`--mount=type=tmpfs`).
 */
export interface TmpfsMountOptions {
  /** Absolute path of the tmpfs. */
  readonly target: string;
  /**
   * Size limit in bytes.
   * @default - no limit
   */
  readonly sizeBytes?: number;
}

const MOUNT_VALUE = /^[^\s,"'=]+$/;
const OCTAL_MODE = /^0?[0-7]{3}$/;
const SECRET_ID = /^[A-Za-z0-9._-]+$/;

/**
 * A filesystem mounted for the duration of one RUN step.
 */
export class RunMount {
  /** A cache that persists between builds, such as a package manager's store. */
  public static cache(options: CacheMountOptions): RunMount {
    return new RunMount(RunMountType.CACHE, [
      ['target', options.target],
      ['id', options.id],
      ['sharing', options.sharing],
      ['uid', options.uid?.toString()],
      ['gid', options.gid?.toString()],
      ['mode', options.mode],
    ]);
  }

  /** A build secret, readable only during this step and stored in no layer. */
  public static secret(options: SecretMountOptions): RunMount {
    return new RunMount(RunMountType.SECRET, [
      ['id', options.id],
      ['target', options.target],
      ['env', options.env],
      ['required', options.required === undefined ? undefined : String(options.required)],
      ['uid', options.uid?.toString()],
      ['gid', options.gid?.toString()],
      ['mode', options.mode],
    ]);
  }

  /** Files from the build context, a stage or an image, without copying them into a layer. */
  public static bind(options: BindMountOptions): RunMount {
    return new RunMount(RunMountType.BIND, [
      ['target', options.target],
      ['source', options.source],
      ['from', options.fromImage],
      ['rw', options.readWrite ? 'true' : undefined],
    ], options.fromStage);
  }

  /** An in-memory filesystem. */
  public static tmpfs(options: TmpfsMountOptions): RunMount {
    return new RunMount(RunMountType.TMPFS, [
      ['target', options.target],
      ['size', options.sizeBytes?.toString()],
    ]);
  }

  /** The mount type. */
  public readonly type: RunMountType;
  /** The stage a bind mount reads from, if any. */
  public readonly fromStage?: DockerfileStage;
  private readonly options: Array<[string, string | undefined]>;

  private constructor(type: RunMountType, options: Array<[string, string | undefined]>, fromStage?: DockerfileStage) {
    this.type = type;
    this.options = options;
    this.fromStage = fromStage;
  }

  /** The image a bind mount reads from, if any. */
  public get fromImage(): string | undefined {
    return this.option('from');
  }

  /** The `--mount=...` flag. */
  public render(): string {
    const options = this.options.filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${value}`);
    if (this.fromStage) {
      options.splice(2, 0, `from=${this.fromStage.name}`);
    }
    return `--mount=type=${this.type},${options.join(',')}`;
  }

  /** @internal */
  public _validate(compatibility: BuilderCompatibility): Problem[] {
    const problems: Problem[] = [];
    const invalid = (message: string, fix: string) => problems.push({ rule: DockerfileRule.INVALID_MOUNT, message, fix });
    for (const [key, value] of this.options) {
      if (value !== undefined && !MOUNT_VALUE.test(value)) {
        invalid(`${this.type} mount ${key} "${value}" contains white space, a comma, a quote or "=", which the mount syntax cannot carry.`,
          'Use a value without those characters.');
      }
    }
    const target = this.option('target');
    if (this.type !== RunMountType.SECRET && !target) {
      invalid(`${this.type} mount has no target.`, 'Give the absolute path where it is mounted.');
    }
    if (target !== undefined && !target.startsWith('/')) {
      invalid(`${this.type} mount target "${target}" is relative; Buildah refuses relative targets and BuildKit resolves them against WORKDIR.`,
        `Use an absolute path (for example "/${target.replace(/^\.?\/*/, '')}").`);
    }
    const mode = this.option('mode');
    if (mode !== undefined && !OCTAL_MODE.test(mode)) {
      invalid(`${this.type} mount mode "${mode}" is not an octal permission.`, 'Use three or four octal digits, such as "0755".');
    }
    for (const key of ['uid', 'gid', 'size']) {
      const value = this.option(key);
      if (value !== undefined && !/^[0-9]+$/.test(value)) {
        invalid(`${this.type} mount ${key} ${value} is not a whole number.`, `Use a non-negative whole number for ${key}.`);
      }
    }
    if (this.type === RunMountType.SECRET) {
      const id = this.option('id') ?? '';
      if (!SECRET_ID.test(id)) {
        invalid(`secret mount id "${id}" is empty or has characters other than letters, digits, ".", "_" and "-".`, 'Use an id such as "npmrc".');
      }
      if (this.option('env') !== undefined && compatibility === BuilderCompatibility.ALL_BUILDERS) {
        problems.push({
          rule: DockerfileRule.BUILDER_COMPATIBILITY,
          message: `secret mount "${id}" is exposed as environment variable ${this.option('env')}, which only BuildKit supports.`,
          fix: 'Read the secret from its file (omit env), or set compatibility: BuilderCompatibility.BUILDKIT on the Dockerfile.',
        });
      }
    }
    if (this.type === RunMountType.BIND && this.fromStage && this.fromImage) {
      invalid('bind mount has both fromStage and fromImage.', 'Give one of them.');
    }
    return problems;
  }

  private option(key: string): string | undefined {
    return this.options.find(([name]) => name === key)?.[1];
  }
}
