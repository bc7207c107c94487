import { ImageReference } from './image-reference';

/**
 * A Debian release the official `node` images are built on.
 */
export enum DebianRelease {
  /** Debian 13. */
  TRIXIE = 'trixie',
  /** Debian 12. */
  BOOKWORM = 'bookworm',
}

/**
 * The C library of an image, which decides whether native addons built in one image load in another.
 */
export enum CLibrary {
  /** GNU libc: Debian, distroless. */
  GLIBC = 'glibc',
  /** musl: Alpine. */
  MUSL = 'musl',
}

/**
 * An official `node` image of one Node.js major: `node:<major>-<release>-slim` or `node:<major>-alpine`.
 */
export class NodeImage {
  /** `node:<major>-<release>-slim`: Debian, glibc, with a shell and apt. */
  public static slim(major: number, debianRelease: DebianRelease = DebianRelease.TRIXIE): NodeImage {
    return new NodeImage(major, CLibrary.GLIBC, debianRelease, `${major}-${debianRelease}-slim`);
  }

  /** `node:<major>-alpine`: small, musl. */
  public static alpine(major: number): NodeImage {
    return new NodeImage(major, CLibrary.MUSL, undefined, `${major}-alpine`);
  }

  /**
   * The official node image an image reference names (`node:24-trixie-slim`,
   * `docker.io/library/node:22.12-alpine@sha256:...`), or undefined when it names another image.
   */
  public static tryParse(reference: string): NodeImage | undefined {
    const parsed = ImageReference.problemWith(reference) ? undefined : ImageReference.parse(reference);
    const version = parsed?.tag ? /^(\d+)(?:\.\d+)*(?:-(.+))?$/.exec(parsed.tag) : null;
    if (parsed?.canonicalName !== 'docker.io/library/node' || !version) {
      return undefined;
    }
    const variant = version[2] ?? '';
    const release = Object.values(DebianRelease).find((candidate) => variant.includes(candidate));
    return new NodeImage(Number(version[1]), variant.includes('alpine') ? CLibrary.MUSL : CLibrary.GLIBC, release, parsed.tag!, parsed);
  }

  /** The Node.js major. */
  public readonly major: number;
  /** The C library. */
  public readonly cLibrary: CLibrary;
  /** The Debian release, when the tag names one. */
  public readonly debianRelease?: DebianRelease;
  /** The tag. */
  public readonly tag: string;
  private readonly reference: ImageReference;

  private constructor(major: number, cLibrary: CLibrary, debianRelease: DebianRelease | undefined, tag: string, reference?: ImageReference) {
    this.major = major;
    this.cLibrary = cLibrary;
    this.debianRelease = debianRelease;
    this.tag = tag;
    this.reference = reference ?? ImageReference.of({ repository: 'node', tag });
  }

  /** The image reference, as written in a FROM line (`node:24-trixie-slim`). */
  public get imageReference(): ImageReference {
    return this.reference;
  }

  /** The reference as text. */
  public toString(): string {
    return this.reference.toString();
  }
}
