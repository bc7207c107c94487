/**
 * A small client of the GitHub API (REST, JSON) for the pins check: GET only, with the
 * token when one is given, following pages, and waiting out a rate limit a bounded time.
 */

/** GitHub's public API; GITHUB_API_URL (GitHub Enterprise Server) and the tests give another. */
export const DEFAULT_API_URL = 'https://api.github.com';

export interface GitHubApiOptions {
  /** @default DEFAULT_API_URL */
  readonly baseUrl?: string;
  /** Sent as a bearer token (GITHUB_TOKEN): 1,000 requests an hour or more instead of 60. */
  readonly token?: string;
  /** How many times a rate-limited request is sent again. @default 2 */
  readonly retries?: number;
  /** The longest the client waits for a rate limit to pass, in seconds; a longer wait fails at once. @default 60 */
  readonly maxWaitSeconds?: number;
  /** Waits this many milliseconds (the tests record the waits instead). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** The time now, in milliseconds, to read x-ratelimit-reset against. */
  readonly now?: () => number;
}

/** A request the API answered with an error, or could not answer. */
export class GitHubApiError extends Error {
  public constructor(message: string, public readonly status?: number) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

/** The API said 404: the repository (or what was asked of it) does not exist, or the token cannot see it. */
export class NotFoundError extends GitHubApiError {}

/** The rate limit stopped the check, after waiting what it may. */
export class RateLimitError extends GitHubApiError {}

/** No answer at all: the API could not be reached. */
export class UnreachableError extends GitHubApiError {}

const PAGE_LIMIT = 20;

export class GitHubApi {
  /** How many requests were sent, retries included. */
  public requests = 0;
  public readonly baseUrl: string;
  private readonly token?: string;
  private readonly retries: number;
  private readonly maxWaitSeconds: number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly now: () => number;

  public constructor(options: GitHubApiOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
    this.token = options.token || undefined;
    this.retries = options.retries ?? 2;
    this.maxWaitSeconds = options.maxWaitSeconds ?? 60;
    this.sleep = options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
    this.now = options.now ?? Date.now;
  }

  /** The JSON the API answers for a path (`/repos/{owner}/{repo}/...`). */
  public async get<T>(path: string): Promise<T> {
    return (await this.request(`${this.baseUrl}${path}`, path)).body as T;
  }

  /** Every item of a listed resource, page after page (the Link header's `next`). */
  public async getAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = `${this.baseUrl}${path}`;
    for (let page = 0; url !== undefined && page < PAGE_LIMIT; page++) {
      const { body, next }: { body: unknown; next?: string } = await this.request(url, path);
      if (!Array.isArray(body)) {
        throw new GitHubApiError(`GET ${path} answered ${typeof body === 'object' ? 'an object' : typeof body}, not a list.`);
      }
      items.push(...(body as T[]));
      // Only pages of the same API: a Link elsewhere is not followed with the token.
      url = next?.startsWith(`${this.baseUrl}/`) ? next : undefined;
    }
    return items;
  }

  private async request(url: string, path: string): Promise<{ body: unknown; next?: string }> {
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      let response: Response;
      try {
        response = await fetch(url, { headers: this.headers() });
      } catch (error) {
        const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
        throw new UnreachableError(`cannot reach the GitHub API at ${this.baseUrl} (GET ${path}): ${cause}.`);
      }
      if (response.ok) {
        return { body: await response.json(), next: /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1] };
      }
      const message = await errorMessage(response);
      if (response.status === 404) {
        throw new NotFoundError(`GET ${path} answered 404 (${message}).`, 404);
      }
      if (!isRateLimited(response, message)) {
        throw new GitHubApiError(`GET ${path} answered ${response.status} (${message}).`, response.status);
      }
      const wait = this.waitSeconds(response);
      if (attempt >= this.retries || wait > this.maxWaitSeconds) {
        throw new RateLimitError(this.rateLimitMessage(path, response, wait, attempt), response.status);
      }
      await this.sleep(wait * 1000);
    }
  }

  private headers(): Record<string, string> {
    return {
      'accept': 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'projen-node-docker-pins-check',
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
    };
  }

  /** How long GitHub asks to wait: retry-after, else until x-ratelimit-reset, else a minute (its advice for secondary limits). */
  private waitSeconds(response: Response): number {
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) {
      return Number(retryAfter);
    }
    const reset = response.headers.get('x-ratelimit-reset');
    if (response.headers.get('x-ratelimit-remaining') === '0' && reset !== null && /^\d+$/.test(reset.trim())) {
      return Math.max(0, Math.ceil(Number(reset) - this.now() / 1000));
    }
    return 60;
  }

  private rateLimitMessage(path: string, response: Response, wait: number, attempt: number): string {
    const reset = response.headers.get('x-ratelimit-reset');
    const when = reset !== null && /^\d+$/.test(reset) ? `; it resets at ${new Date(Number(reset) * 1000).toISOString()}` : '';
    const why = wait > this.maxWaitSeconds
      ? `GitHub asks to wait ${wait} s${when}, longer than the ${this.maxWaitSeconds} s this check waits`
      : `still limited after ${attempt} ${attempt === 1 ? 'retry' : 'retries'}${when}`;
    const fix = this.token
      ? 'Run it again once the limit has reset.'
      : 'Without a token GitHub allows 60 requests an hour: set GITHUB_TOKEN (any token, no scopes needed) and run it again.';
    return `the GitHub API rate limit stopped the check at GET ${path} (${response.status}): ${why}. ${fix}`;
  }
}

/** A primary limit (x-ratelimit-remaining: 0) or a secondary one (429, retry-after, or its message). */
function isRateLimited(response: Response, message: string): boolean {
  if (response.status !== 403 && response.status !== 429) {
    return false;
  }
  return response.status === 429 || response.headers.get('x-ratelimit-remaining') === '0'
    || response.headers.has('retry-after') || /rate limit/i.test(message);
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string') {
      return message;
    }
  } catch {
    // Not JSON: the status text says enough.
  }
  return response.statusText || text.slice(0, 200) || 'no message';
}
