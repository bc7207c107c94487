import { DistrolessImage } from '../distroless/distroless-image';
import { DebianRelease, NodeImage } from '../images';

/**
 * The kind of image a service runs on.
 */
export enum RuntimeFamily {
  /** Debian slim: glibc, a shell and apt. */
  SLIM = 'slim',
  /** Alpine: musl, a shell and apk. */
  ALPINE = 'alpine',
  /** Distroless: glibc, no shell, no package manager. */
  DISTROLESS = 'distroless',
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
 * Options of the distroless runtime.
 */
export interface DistrolessRuntimeOptions {
  /**
   * The distroless image.
   * @default DistrolessImage.google()
   */
  readonly image?: DistrolessImage;
}

/**
 * The image the service runs on. Builds run on the same family, so native
 * modules are built for the C library they load with.
 */
export class Runtime {
  /** `node:<major>-<release>-slim`: Debian, glibc, with a shell and apt (the default). */
  public static slim(options: SlimRuntimeOptions = {}): Runtime {
    return new Runtime(RuntimeFamily.SLIM, options.debianRelease ?? DebianRelease.TRIXIE, false);
  }

  /**
   * A distroless image (no shell, no package manager, node as the entrypoint, uid 65532);
   * dependencies install and the app builds on `node:<major>-trixie-slim`, the same
   * C library and Debian release.
   */
  public static distroless(options: DistrolessRuntimeOptions = {}): Runtime {
    return new Runtime(RuntimeFamily.DISTROLESS, DebianRelease.TRIXIE, false, options.image ?? DistrolessImage.google());
  }

  /** `node:<major>-alpine`: small, musl. */
  public static alpine(options: AlpineRuntimeOptions = {}): Runtime {
    return new Runtime(RuntimeFamily.ALPINE, undefined, options.nativeModules ?? false);
  }

  /** The kind of image. */
  public readonly family: RuntimeFamily;
  /** The Debian release of a slim runtime. */
  public readonly debianRelease?: DebianRelease;
  /** Whether the runtime gets `libc6-compat`. */
  public readonly nativeModules: boolean;
  /** The image of a distroless runtime. */
  public readonly distrolessImage?: DistrolessImage;

  private constructor(family: RuntimeFamily, debianRelease: DebianRelease | undefined, nativeModules: boolean, distrolessImage?: DistrolessImage) {
    this.family = family;
    this.debianRelease = debianRelease;
    this.nativeModules = nativeModules;
    this.distrolessImage = distrolessImage;
  }

  /** The `node` image that dependencies install and the app builds on (and, but for distroless, runs on). */
  public nodeImage(nodeMajor: number): NodeImage {
    return this.family === RuntimeFamily.ALPINE ? NodeImage.alpine(nodeMajor) : NodeImage.slim(nodeMajor, this.debianRelease);
  }
}
