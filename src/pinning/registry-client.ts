import { createHash } from 'crypto';
import { RegistryClientOptions } from './registry-client-options';
import {
  credentialsFromDockerConfig, credentialsFromEnvironment, credentialVariablePrefix, normalizeRegistryHost, RegistryCredentials,
} from './registry-credentials';
import { endpointFor } from './registry-endpoints';
import { RegistryError } from './registry-error';
import { AuthChallenge, parseWwwAuthenticate } from './www-authenticate';
import { ImageReference } from '../images/image-reference';

export type { RegistryClientOptions } from './registry-client-options';
export { RegistryError } from './registry-error';
export type { RegistryErrorKind } from './registry-error';

export type { RegistryCredentials } from './registry-credentials';
export { credentialsFromDockerConfig, credentialsFromEnvironment } from './registry-credentials';
export { endpointsFromEnvironment } from './registry-endpoints';

/** The manifest media types asked for, image indexes first, so that a multi-platform tag gives its index. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
const MAX_WAIT_MS = 60_000;

/**
 * Resolves an image reference to the digest of what its tag points to: the
 * image index or manifest list for a multi-platform image, else its single
 * manifest (`sha256:` and 64 lowercase hex characters), as `docker pull` would
 * find it today.
 *
 * Docker Hub short names mean Docker Hub's library (`node:26-trixie-slim` is
 * `docker.io/library/node:26-trixie-slim`). A reference without a tag means
 * `latest`; when it has both a tag and a digest, the tag is resolved; with a
 * digest only, the registry is asked whether it has that manifest.
 * @throws RegistryError when the registry cannot say, with the reason and the fix
 * @throws Error when the reference is not a valid image reference
 */
export async function resolveDigest(reference: string, options: RegistryClientOptions = {}): Promise<string> {
  return new RegistrySession(targetOf(reference, options), options).resolve();
}

/** Where a reference's manifest is, and how to name it in messages. */
interface Target {
  /** The reference, as given. */
  readonly text: string;
  /** The registry host (`docker.io`). */
  readonly host: string;
  /** The repository on that registry (`library/node`). */
  readonly repository: string;
  /** The tag, or the digest when there is no tag. */
  readonly manifest: string;
  /** The base URL requests go to. */
  readonly baseUrl: string;
}

function targetOf(reference: string, options: RegistryClientOptions): Target {
  const parsed = ImageReference.parse(reference);
  const host = normalizeRegistryHost(parsed.registry ?? 'docker.io');
  const repository = host === 'docker.io' && !parsed.repository.includes('/') ? `library/${parsed.repository}` : parsed.repository;
  const manifest = parsed.tag ?? parsed.digest ?? 'latest';
  return { text: reference, host, repository, manifest, baseUrl: endpointFor(host, options.endpoints) };
}

/** A registry's answer, with the whole body read. */
interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

/**
 * The requests that resolve one reference. It remembers the authorization that
 * the registry's challenge led to, for the requests after the first.
 */
class RegistrySession {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private authorization?: string;
  private sentCredentials?: RegistryCredentials;

  public constructor(private readonly target: Target, private readonly options: RegistryClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 500;
  }

  public async resolve(): Promise<string> {
    const path = `/v2/${this.target.repository}/manifests/${this.target.manifest}`;
    const head = await this.registryRequest('HEAD', path);
    if (head.status === 200) {
      this.checkMediaType(head);
      const header = head.headers.get('docker-content-digest');
      if (header) {
        return this.validDigest(header, 'in its Docker-Content-Digest header');
      }
    } else if (head.status !== 404) {
      throw this.unexpected(head, `HEAD ${path}`);
    }
    // A HEAD answer has no body: the manifest itself gives the digest, or the error code.
    const get = await this.registryRequest('GET', path);
    if (get.status === 200) {
      this.checkMediaType(get);
      return this.digestOfBody(get);
    }
    if (get.status === 404) {
      throw await this.notFound(get);
    }
    throw this.unexpected(get, `GET ${path}`);
  }

  /** The digest of the manifest's exact bytes, checked against the header when there is one. */
  private digestOfBody(answer: Answer): string {
    const computed = `sha256:${createHash('sha256').update(answer.body).digest('hex')}`;
    const header = answer.headers.get('docker-content-digest');
    if (header && header !== computed) {
      throw this.protocol(`a manifest whose sha256 is ${computed}, but its Docker-Content-Digest header says ${header}`);
    }
    return computed;
  }

  /** Tells an unknown repository from an unknown tag: registries that answer MANIFEST_UNKNOWN for both still know their tags. */
  private async notFound(manifest: Answer): Promise<RegistryError> {
    const codes = errorCodes(manifest.body);
    if (codes.includes('NAME_UNKNOWN')) {
      return this.unknownImage();
    }
    try {
      const tags = await this.registryRequest('GET', `/v2/${this.target.repository}/tags/list`);
      if (tags.status === 404) {
        return this.unknownImage();
      }
    } catch (error) {
      if (!(error instanceof RegistryError) || error.kind === 'unreachable') {
        throw error;
      }
    }
    return this.unknownTag();
  }

  /** A request to the registry, answering its challenge once; throws on 401 and 403 after that. */
  private async registryRequest(method: string, path: string): Promise<Answer> {
    const url = `${this.target.baseUrl}${path}`;
    let answer = await this.send(method, url, this.registryHeaders());
    if (answer.status === 401 && this.authorization === undefined) {
      await this.answerChallenge(answer);
      answer = await this.send(method, url, this.registryHeaders());
    }
    if (answer.status === 401 || answer.status === 403) {
      throw this.unauthorized(answer.status);
    }
    return answer;
  }

  private registryHeaders(): Record<string, string> {
    const headers: Record<string, string> = { Accept: MANIFEST_MEDIA_TYPES.join(', ') };
    if (this.authorization) {
      headers.Authorization = this.authorization;
    }
    return headers;
  }

  private async answerChallenge(answer: Answer): Promise<void> {
    const header = answer.headers.get('www-authenticate') ?? '';
    const challenges = parseWwwAuthenticate(header);
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm);
    const credentials = this.credentials();
    if (bearer) {
      this.authorization = `Bearer ${await this.token(bearer, credentials)}`;
    } else if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      if (!credentials) {
        throw this.unauthorized(401);
      }
      this.authorization = basicAuthorization(credentials);
      this.sentCredentials = credentials;
    } else {
      throw this.protocol(`HTTP 401 with a WWW-Authenticate header it cannot answer (${header ? `"${header}"` : 'none'}); a registry challenges with Bearer or Basic`);
    }
  }

  /** Asks the challenge's token service for a pull token, with credentials when there are some. */
  private async token(challenge: AuthChallenge, credentials: RegistryCredentials | undefined): Promise<string> {
    let url: URL;
    try {
      url = new URL(challenge.params.realm);
    } catch {
      throw this.protocol(`a Bearer challenge whose realm "${challenge.params.realm}" is not a URL`);
    }
    if (challenge.params.service) {
      url.searchParams.set('service', challenge.params.service);
    }
    url.searchParams.set('scope', challenge.params.scope ?? `repository:${this.target.repository}:pull`);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (credentials) {
      headers.Authorization = basicAuthorization(credentials);
      this.sentCredentials = credentials;
    }
    const answer = await this.send('GET', url.toString(), headers);
    if (answer.status === 401 || answer.status === 403) {
      throw this.unauthorized(answer.status);
    }
    if (answer.status !== 200) {
      throw this.unexpected(answer, `GET ${url.origin}${url.pathname} (its token service)`);
    }
    const token = tokenOf(answer.body);
    if (!token) {
      throw this.protocol(`a token response from ${url.origin}${url.pathname} without a "token" or "access_token"`);
    }
    return token;
  }

  private credentials(): RegistryCredentials | undefined {
    try {
      const lookup = this.options.credentials ?? ((host: string) => credentialsFromEnvironment(host) ?? credentialsFromDockerConfig(host));
      return lookup(this.target.host);
    } catch (error) {
      throw new RegistryError('unauthorized', this.target.text, `${this.target.text}: ${(error as Error).message}`);
    }
  }

  /**
   * One request, retried after network errors, timeouts, 429 and 5xx with a
   * doubling wait (or the registry's Retry-After); throws 'unreachable' when
   * the retries run out.
   */
  private async send(method: string, url: string, headers: Record<string, string>): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      let answer: Answer | undefined;
      let failure: string | undefined;
      try {
        answer = await fetchAnswer(method, url, headers, this.timeoutMs);
      } catch (error) {
        failure = describeFetchError(error, this.timeoutMs);
      }
      if (answer && answer.status !== 429 && answer.status < 500) {
        return answer;
      }
      if (attempt >= this.retries) {
        throw this.unreachable(url, attempt + 1, answer, failure);
      }
      const backoff = this.baseDelayMs * 2 ** attempt;
      await delay(Math.min(MAX_WAIT_MS, Math.max(backoff, retryAfterMs(answer?.headers.get('retry-after')))));
    }
  }

  private checkMediaType(answer: Answer): void {
    const mediaType = answer.headers.get('content-type')?.split(';')[0].trim();
    if (mediaType && !MANIFEST_MEDIA_TYPES.includes(mediaType)) {
      throw this.protocol(`a manifest of media type ${mediaType}, which is none of the types asked for (${MANIFEST_MEDIA_TYPES.join(', ')})`);
    }
  }

  private validDigest(digest: string, where: string): string {
    if (!SHA256_DIGEST.test(digest)) {
      throw this.protocol(`the digest "${digest}" ${where}, which is not "sha256:" and 64 lowercase hex characters`);
    }
    return digest;
  }

  private unknownTag(): RegistryError {
    const { text, host, repository, manifest } = this.target;
    if (manifest.includes(':')) {
      return new RegistryError('unknown-tag', text, `${text}: the registry ${host} has no manifest ${manifest} in ${repository}. Fix: check the digest, or remove the image from the Dockerfile.`);
    }
    return new RegistryError('unknown-tag', text, `${text}: the registry ${host} has no tag ${manifest} for ${repository}. Fix: check the tag, or remove the image from the Dockerfile.`);
  }

  private unknownImage(): RegistryError {
    const { text, host, repository } = this.target;
    return new RegistryError('unknown-image', text, `${text}: the registry ${host} has no repository ${repository}. Fix: check the image name, or remove the image from the Dockerfile.`);
  }

  private unauthorized(status: number): RegistryError {
    const { text, host, repository } = this.target;
    const prefix = credentialVariablePrefix(host);
    const login = host === 'docker.io' ? 'docker login' : `docker login ${host}`;
    if (this.sentCredentials) {
      return new RegistryError('unauthorized', text,
        `${text}: the registry ${host} refused the credentials of ${this.sentCredentials.username} for ${repository} (HTTP ${status}). ` +
        `Fix: check the user name and password or token (${prefix}_USERNAME and ${prefix}_PASSWORD, or "${login}"), and that they may pull ${repository}.`);
    }
    return new RegistryError('unauthorized', text,
      `${text}: the registry ${host} refused anonymous access to ${repository} (HTTP ${status}): the repository is private or does not exist. ` +
      `Fix: check the image name; for a private image, set ${prefix}_USERNAME and ${prefix}_PASSWORD, or run "${login}".`);
  }

  private unreachable(url: string, attempts: number, answer: Answer | undefined, failure: string | undefined): RegistryError {
    const { text, host } = this.target;
    const where = new URL(url).origin;
    const tries = attempts === 1 ? 'once' : `${attempts} times`;
    if (answer) {
      const advice = answer.status === 429
        ? `try again later${host === 'docker.io' ? ', or log in ("docker login") for a higher pull limit' : ''}`
        : 'try again later, or check the registry\'s status';
      return new RegistryError('unreachable', text, `${text}: ${where} (for the registry ${host}) answered HTTP ${answer.status} ${answer.statusText}, asked ${tries}. Fix: ${advice}.`);
    }
    return new RegistryError('unreachable', text,
      `${text}: cannot reach ${where} (for the registry ${host}): ${failure}, tried ${tries}. ` +
      'Fix: check the network, proxy and firewall, and the endpoint (PND_REGISTRY_ENDPOINTS), then try again.');
  }

  private unexpected(answer: Answer, request: string): RegistryError {
    const codes = errorCodes(answer.body);
    return this.protocol(`HTTP ${answer.status} ${answer.statusText}${codes.length > 0 ? ` (${codes.join(', ')})` : ''} to ${request}`);
  }

  private protocol(what: string): RegistryError {
    const { text, host, baseUrl } = this.target;
    return new RegistryError('protocol', text,
      `${text}: the registry ${host} answered ${what}. Fix: check that ${baseUrl} is the registry's OCI Distribution API endpoint; if it is, report this answer to the registry.`);
  }
}

async function fetchAnswer(method: string, url: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  const response = await fetch(url, { method, headers, signal: AbortSignal.timeout(timeoutMs) });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, statusText: response.statusText, headers: response.headers, body };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`;
  }
  const code = err.cause?.code;
  if (code === 'ECONNREFUSED') {
    return 'connection refused';
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `the host name does not resolve (${code})`;
  }
  return err.cause?.message ?? err.message ?? String(error);
}

/** The wait a Retry-After header asks for: seconds or an HTTP date; 0 when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number {
  const text = value?.trim();
  if (!text) {
    return 0;
  }
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? 0 : Math.max(0, date - now);
}

/** The `code` of each entry in a registry's `{"errors": [...]}` body. */
function errorCodes(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf-8')) as { errors?: Array<{ code?: unknown }> };
    return (parsed.errors ?? []).map((error) => error.code).filter((code): code is string => typeof code === 'string');
  } catch {
    return [];
  }
}

function tokenOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf-8')) as { token?: unknown; access_token?: unknown };
    const token = parsed.token ?? parsed.access_token;
    return typeof token === 'string' && token.length > 0 ? token : undefined;
  } catch {
    return undefined;
  }
}

function basicAuthorization(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
