/**
 * The Debian release of a slim runtime.
 */
export enum DebianRelease {
  /** Debian 13. */
  TRIXIE = 'trixie',
  /** Debian 12. */
  BOOKWORM = 'bookworm',
}

/**
 * Options of the Debian slim runtime.
 */
export interface SlimRuntimeOptions {
  /**
   * Debian release of the `node` image.
   * @default DebianRelease.TRIXIE
   */
  readonly debianRelease?: DebianRelease;
}

/**
 * Options of the Alpine runtime.
 */
export interface AlpineRuntimeOptions {
  /**
   * The app uses native modules built for glibc: install `libc6-compat` in the runtime.
   * @default false
   */
  readonly nativeModules?: boolean;
}

/**
 * The image the service runs on. Builds run on the same family, so native
 * modules are built for the C library they load with.
 */
export class Runtime {
  /** `node:<major>-<release>-slim`: Debian, glibc, with a shell and apt (the default). */
  public static slim(options: SlimRuntimeOptions = {}): Runtime {
    return new Runtime('slim', options.debianRelease ?? DebianRelease.TRIXIE, false);
  }

  /** `node:<major>-alpine`: small, musl. */
  public static alpine(options: AlpineRuntimeOptions = {}): Runtime {
    return new Runtime('alpine', undefined, options.nativeModules ?? false);
  }

  /** `slim` or `alpine`. */
  public readonly family: string;
  /** The Debian release of a slim runtime. */
  public readonly debianRelease?: DebianRelease;
  /** Whether the runtime gets `libc6-compat`. */
  public readonly nativeModules: boolean;

  private constructor(family: string, debianRelease: DebianRelease | undefined, nativeModules: boolean) {
    this.family = family;
    this.debianRelease = debianRelease;
    this.nativeModules = nativeModules;
  }

  /** The `node` image for a Node major. */
  public image(nodeMajor: number): string {
    return this.family === 'alpine' ? `node:${nodeMajor}-alpine` : `node:${nodeMajor}-${this.debianRelease}-slim`;
  }
}
