import { DistrolessTag } from './distroless-tag';

/** The Node.js majors Google publishes distroless images for (Debian 13). */
export const DISTROLESS_NODE_MAJORS = [22, 24, 26];

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
    return new DistrolessImage('google', '/nodejs/bin/node', tag, undefined);
  }

  /**
   * `cgr.dev/chainguard/node:latest@<digest>`: Wolfi, node at `/usr/bin/node`, uid 65532.
   * Only the `latest` tag is free to pull, and it moves to each new Node.js
   * release, so the reference must be pinned by its digest.
   * @param digest the image's digest, `sha256:` and 64 hex characters
   */
  public static chainguard(digest: string): DistrolessImage {
    return new DistrolessImage('chainguard', '/usr/bin/node', undefined, digest);
  }

  /** `google` or `chainguard`. */
  public readonly provider: string;
  /** The node binary, the image's entrypoint. */
  public readonly nodeBinary: string;
  /** The tag of a Google image. */
  public readonly tag?: DistrolessTag;
  /** The digest of a Chainguard image. */
  public readonly digest?: string;

  private constructor(provider: string, nodeBinary: string, tag: DistrolessTag | undefined, digest: string | undefined) {
    this.provider = provider;
    this.nodeBinary = nodeBinary;
    this.tag = tag;
    this.digest = digest;
  }

  /** Whether the image has a shell (the debug variants' busybox). */
  public get hasShell(): boolean {
    return this.tag === DistrolessTag.DEBUG || this.tag === DistrolessTag.DEBUG_NONROOT;
  }

  /** The image reference for a Node.js major. */
  public reference(nodeMajor: number): string {
    return this.provider === 'google'
      ? `gcr.io/distroless/nodejs${nodeMajor}-debian13:${this.tag}`
      : `cgr.dev/chainguard/node:latest@${this.digest}`;
  }

  /** Why this image cannot run a Node.js major, or undefined when it can. */
  public problemWith(nodeMajor: number): string | undefined {
    if (this.provider === 'chainguard') {
      if (!/^sha256:[0-9a-f]{64}$/.test(this.digest ?? '')) {
        return `Chainguard's node image must be pinned by digest, and "${this.digest}" is not one. Fix: pass the digest of cgr.dev/chainguard/node:latest, "sha256:" and 64 lowercase hex characters (only latest is free to pull, and it moves).`;
      }
      return undefined;
    }
    if (!DISTROLESS_NODE_MAJORS.includes(nodeMajor)) {
      return `distroless publishes Node.js images for majors ${DISTROLESS_NODE_MAJORS.join(', ')}, not ${nodeMajor}. Fix: build on one of those majors (nodeMajor, or minNodeVersion on the project).`;
    }
    return undefined;
  }
}
