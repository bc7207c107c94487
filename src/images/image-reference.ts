/**
 * The parts of an image reference, as in `registry/repository:tag@digest`.
 */
export interface ImageReferenceProps {
  /**
   * Registry host, with an optional port (`ghcr.io`, `localhost:5000`).
   * @default - none: Docker Hub
   */
  readonly registry?: string;

  /**
   * Repository path (`node`, `library/node`, `distroless/nodejs24-debian13`).
   */
  readonly repository: string;

  /**
   * Tag (`24-trixie-slim`).
   * @default - none
   */
  readonly tag?: string;

  /**
   * Content digest (`sha256:` and 64 lowercase hex characters).
   * @default - none
   */
  readonly digest?: string;
}

// The grammar of github.com/distribution/reference, written out as regular expressions.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 255;

/**
 * A validated container image reference.
 *
 * `ImageReference.parse('node:24-trixie-slim')` checks the text against the
 * reference grammar that Docker, Podman and Buildah share and throws an error
 * that says what is wrong with it.
 */
export class ImageReference {
  /**
   * Parses an image reference such as `node:24-trixie-slim`,
   * `gcr.io/distroless/nodejs24-debian13:nonroot` or `node@sha256:...`.
   * @throws if the text is not a valid image reference
   */
  public static parse(reference: string): ImageReference {
    const problem = ImageReference.problemWith(reference);
    if (problem) {
      throw new Error(`Invalid image reference "${reference}": ${problem}`);
    }
    const { registry, repository, tag, digest } = split(reference);
    return new ImageReference({ registry, repository, tag, digest });
  }

  /**
   * Builds an image reference from its parts.
   * @throws if a part is invalid
   */
  public static of(props: ImageReferenceProps): ImageReference {
    return ImageReference.parse(join(props));
  }

  /**
   * Says what is wrong with an image reference, or returns undefined when it is valid.
   */
  public static problemWith(reference: string): string | undefined {
    if (reference.length === 0) {
      return 'it is empty';
    }
    if (/\s/.test(reference)) {
      return 'it contains white space';
    }
    const { registry, repository, tag, digest } = split(reference);
    if (registry !== undefined && !DOMAIN.test(registry)) {
      return `registry "${registry}" is not a valid host name with an optional port`;
    }
    if (repository.length === 0) {
      return 'the repository name is missing';
    }
    for (const component of repository.split('/')) {
      if (!PATH_COMPONENT.test(component)) {
        return `repository path component "${component}" must be lowercase letters and digits, separated by ".", "_", "__" or "-"`;
      }
    }
    if ((registry ? registry.length + 1 : 0) + repository.length > MAX_NAME_LENGTH) {
      return `the name is longer than ${MAX_NAME_LENGTH} characters`;
    }
    if (tag !== undefined && !TAG.test(tag)) {
      return `tag "${tag}" must be 1 to 128 letters, digits, "_", "." or "-", not starting with "." or "-"`;
    }
    if (digest !== undefined) {
      if (!DIGEST.test(digest)) {
        return `digest "${digest}" must be an algorithm and a hex value, like sha256:<64 hex characters>`;
      }
      if (digest.startsWith('sha256:') && !SHA256_DIGEST.test(digest)) {
        return `digest "${digest}" must be "sha256:" followed by 64 lowercase hex characters`;
      }
    }
    return undefined;
  }

  /** Registry host with an optional port; undefined for Docker Hub. */
  public readonly registry?: string;
  /** Repository path. */
  public readonly repository: string;
  /** Tag, if any. */
  public readonly tag?: string;
  /** Digest, if any. */
  public readonly digest?: string;

  private constructor(props: ImageReferenceProps) {
    this.registry = props.registry;
    this.repository = props.repository;
    this.tag = props.tag;
    this.digest = props.digest;
  }

  /**
   * True when the reference names a fixed image version: a digest, or a tag other than `latest`.
   */
  public get isPinned(): boolean {
    return this.digest !== undefined || (this.tag !== undefined && this.tag !== 'latest');
  }

  /**
   * The fully qualified name without tag or digest (`docker.io/library/node`).
   */
  public get canonicalName(): string {
    const registry = this.registry ?? 'docker.io';
    const repository = registry === 'docker.io' && !this.repository.includes('/') ? `library/${this.repository}` : this.repository;
    return `${registry}/${repository}`;
  }

  /** A copy with another tag. */
  public withTag(tag: string): ImageReference {
    return ImageReference.of({ ...this.props, tag });
  }

  /** A copy with a digest (keeping the tag, which then documents the digest). */
  public withDigest(digest: string): ImageReference {
    return ImageReference.of({ ...this.props, digest });
  }

  /** The reference as text, as written in a FROM line. */
  public toString(): string {
    return join(this.props);
  }

  private get props(): ImageReferenceProps {
    return { registry: this.registry, repository: this.repository, tag: this.tag, digest: this.digest };
  }
}

function split(reference: string): ImageReferenceProps {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    // As in Docker: the first component is a registry only if it looks like a host.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      rest = rest.slice(firstSlash + 1);
    }
  }
  return { registry, repository: rest, tag, digest };
}

function join(props: ImageReferenceProps): string {
  const name = props.registry ? `${props.registry}/${props.repository}` : props.repository;
  return `${name}${props.tag !== undefined ? `:${props.tag}` : ''}${props.digest !== undefined ? `@${props.digest}` : ''}`;
}
