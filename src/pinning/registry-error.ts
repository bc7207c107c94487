/**
 * What went wrong when resolving a digest:
 * - `unknown-image`: the registry has no such repository;
 * - `unknown-tag`: the repository has no such tag (or digest);
 * - `unauthorized`: the registry refused the credentials, or anonymous access;
 * - `unreachable`: no answer, or only 429 and 5xx answers, after the retries;
 * - `protocol`: an answer that the OCI Distribution API does not allow.
 */
export type RegistryErrorKind = 'unknown-image' | 'unknown-tag' | 'unauthorized' | 'unreachable' | 'protocol';

/**
 * A failure to resolve an image reference, with a message that names the
 * reference, what the registry said and what to do.
 */
export class RegistryError extends Error {
  /** What went wrong. */
  public readonly kind: RegistryErrorKind;
  /** The image reference, as given. */
  public readonly reference: string;

  public constructor(kind: RegistryErrorKind, reference: string, message: string) {
    super(message);
    this.name = 'RegistryError';
    this.kind = kind;
    this.reference = reference;
  }
}
