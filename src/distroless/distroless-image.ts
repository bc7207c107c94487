import { ImageReference } from '../images';
import { DistrolessTag } from './distroless-tag';

/** The Node.js majors Google publishes distroless images for (Debian 13). */
export const DISTROLESS_NODE_MAJORS = [22, 24, 26];

/**
 * Who publishes a distroless image.
 */
export enum DistrolessProvider {
  /** Google's `gcr.io/distroless/nodejs<major>-debian13`. */
  GOOGLE = 'google',
  /** Chainguard's `cgr.dev/chainguard/node`. */
  CHAINGUARD = 'chainguard',
}

/**
 * Options of Google's distroless Node.js image.
 */
export interface GoogleDistrolessOptions {
  /**
   * The variant.
   * @default DistrolessTag.NONROOT
   */
  readonly tag?: DistrolessTag;
}

/**
 * A shell-free image that runs node as its entrypoint: Google's
 * `gcr.io/distroless/nodejs<major>-debian13` or Chainguard's `cgr.dev/chainguard/node`.
 */
export class DistrolessImage {
  /** `gcr.io/distroless/nodejs<major>-debian13:<tag>`: Debian 13, node at `/nodejs/bin/node`. */
  public static google(options: GoogleDistrolessOptions = {}): DistrolessImage {
    const tag = options.tag ?? DistrolessTag.NONROOT;
    return new DistrolessImage(DistrolessProvider.GOOGLE, '/nodejs/bin/node', tag, undefined);
  }

  /**
   * `cgr.dev/chainguard/node:latest@<digest>`: Wolfi, node at `/usr/bin/node`, uid 65532.
   * Only the `latest` tag is free to pull, and it moves to each new Node.js
   * release, so the reference must be pinned by its digest.
   * @param digest the image's digest, `sha256:` and 64 hex characters
   */
  public static chainguard(digest: string): DistrolessImage {
    return new DistrolessImage(DistrolessProvider.CHAINGUARD, '/usr/bin/node', undefined, digest);
  }

  /** Who publishes the image. */
  public readonly provider: DistrolessProvider;
  /** The node binary, the image's entrypoint. */
  public readonly nodeBinary: string;
  /** The tag of a Google image. */
  public readonly tag?: DistrolessTag;
  /** The digest of a Chainguard image. */
  public readonly digest?: string;

  private constructor(provider: DistrolessProvider, nodeBinary: string, tag: DistrolessTag | undefined, digest: string | undefined) {
    this.provider = provider;
    this.nodeBinary = nodeBinary;
    this.tag = tag;
    this.digest = digest;
  }

  /** Whether the image has a shell (the debug variants' busybox). */
  public get hasShell(): boolean {
    return this.tag === DistrolessTag.DEBUG || this.tag === DistrolessTag.DEBUG_NONROOT;
  }

  /** The image reference for a Node.js major (a Chainguard image whose digest is not valid is named by its tag alone, and refused at synthesis). */
  public imageReference(nodeMajor: number): ImageReference {
    if (this.provider === DistrolessProvider.GOOGLE) {
      // A tag that is not Google's is refused at synthesis (see _problemWith); the reference stays one until then.
      const tag = Object.values(DistrolessTag).includes(this.tag!) ? this.tag : DistrolessTag.NONROOT;
      return ImageReference.of({ registry: 'gcr.io', repository: `distroless/nodejs${nodeMajor}-debian13`, tag });
    }
    const latest = ImageReference.of({ registry: 'cgr.dev', repository: 'chainguard/node', tag: 'latest' });
    return this._problemWith(nodeMajor) ? latest : latest.withDigest(this.digest!);
  }

  /**
   * Why this image cannot run a Node.js major, or undefined when it can.
   * @internal
   */
  public _problemWith(nodeMajor: number): { message: string; fix: string } | undefined {
    if (this.provider === DistrolessProvider.CHAINGUARD) {
      return /^sha256:[0-9a-f]{64}$/.test(this.digest ?? '') ? undefined : {
        message: `Chainguard's node image must be pinned by digest, and "${this.digest}" is not one.`,
        fix: 'Pass the digest of cgr.dev/chainguard/node:latest, "sha256:" and 64 lowercase hex characters (only latest is free to pull, and it moves).',
      };
    }
    if (!Object.values(DistrolessTag).includes(this.tag!)) {
      return {
        message: `tag ${JSON.stringify(this.tag)} is not one of the distroless Node.js images' tags (${Object.values(DistrolessTag).join(', ')}).`,
        fix: 'Pass a DistrolessTag, such as DistrolessTag.NONROOT.',
      };
    }
    return DISTROLESS_NODE_MAJORS.includes(nodeMajor) ? undefined : {
      message: `distroless publishes Node.js images for majors ${DISTROLESS_NODE_MAJORS.join(', ')}, not ${nodeMajor}.`,
      fix: 'Build on one of those majors (nodeMajor, or minNodeVersion on the project).',
    };
  }
}
