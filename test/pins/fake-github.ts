import { createHash } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';

/**
 * A fake of the parts of the GitHub API the pins check reads, served over HTTP on
 * loopback: repositories, their tags (lightweight or annotated), tag objects, compare,
 * file contents, pages, rate limits and 404s, as GitHub answers them.
 */

/** A tag: the commit of a lightweight tag, or an annotated tag's commit (its tag object gets a SHA of its own). */
export type FakeTag = string | { readonly annotated: string };

export interface FakeRepository {
  /** @default "main" */
  readonly defaultBranch?: string;
  readonly tags: Record<string, FakeTag>;
  /** Commits that are not in the default branch's history (every other commit is). */
  readonly offBranch?: string[];
  /** Files by path, for the contents endpoint. */
  readonly files?: Record<string, string>;
}

/** Answers the next `times` requests whose path matches with an error, such as a rate limit. */
export interface FakeFailure {
  readonly path: RegExp;
  times: number;
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** @default GitHub's message of a rate limit */
  readonly message?: string;
}

type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** A SHA that stands for a name in the tests. */
export const shaOf = (name: string) => createHash('sha1').update(name).digest('hex');
/** The SHA of an annotated tag's tag object. */
export const tagObjectOf = (repository: string, tag: string) => shaOf(`tag object ${repository} ${tag}`);

export class FakeGitHub {
  public readonly requests: Array<{ path: string; authorization?: string }> = [];
  public readonly failures: FakeFailure[] = [];
  /** Refs per page of matching-refs (GitHub's pages are larger; small ones test the Link header). */
  public pageSize = 100;
  private server?: Server;

  public constructor(public readonly repositories: Record<string, FakeRepository>) {}

  public get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  public async start(): Promise<this> {
    this.server = createServer((request, response) => this.answer(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url);
    this.requests.push({ path: `${url.pathname}${url.search}`, authorization: request.headers.authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const failure = this.failures.find((candidate) => candidate.times > 0 && candidate.path.test(url.pathname));
    if (failure) {
      failure.times--;
      send(failure.status, { message: failure.message ?? (failure.status === 429 ? 'Too many requests' : 'API rate limit exceeded for 127.0.0.1.') }, failure.headers);
      return;
    }
    const match = /^\/repos\/([^/]+\/[^/]+)(?:\/(.*))?$/.exec(url.pathname);
    const name = match?.[1];
    const repository = name ? this.repositories[name] : undefined;
    if (!repository || !name) {
      send(404, { message: 'Not Found', status: '404' });
      return;
    }
    const rest = match![2] ?? '';
    const body = this.route(name, repository, rest, url, send);
    if (body !== undefined) {
      send(200, body);
    }
  }

  private route(name: string, repository: FakeRepository, rest: string, url: URL, send: Send): unknown {
    const commitOf = (tag: FakeTag) => (typeof tag === 'string' ? tag : tag.annotated);
    if (rest === '') {
      return { full_name: name, default_branch: repository.defaultBranch ?? 'main' };
    }
    const refs = /^git\/matching-refs\/tags\/(.*)$/.exec(rest);
    if (refs) {
      const all = Object.entries(repository.tags).filter(([tag]) => tag.startsWith(refs[1])).map(([tag, target]) => ({
        ref: `refs/tags/${tag}`,
        object: typeof target === 'string' ? { type: 'commit', sha: target } : { type: 'tag', sha: tagObjectOf(name, tag) },
      }));
      const page = Number(url.searchParams.get('page') ?? '1');
      const pages = Math.max(1, Math.ceil(all.length / this.pageSize));
      const headers: Record<string, string> = page < pages ? { link: `<${this.url}${url.pathname}?page=${page + 1}>; rel="next"` } : {};
      send(200, all.slice((page - 1) * this.pageSize, page * this.pageSize), headers);
      return undefined;
    }
    const tagObject = /^git\/tags\/([0-9a-f]{40})$/.exec(rest);
    const annotated = tagObject && Object.entries(repository.tags).find(([tag, target]) => typeof target !== 'string' && tagObjectOf(name, tag) === tagObject[1]);
    if (annotated) {
      return { sha: tagObject![1], tag: annotated[0], object: { type: 'commit', sha: commitOf(annotated[1]) } };
    }
    const comparison = /^compare\/([0-9a-f]{40})\.\.\.(.+)$/.exec(rest);
    if (comparison && decodeURIComponent(comparison[2]) === (repository.defaultBranch ?? 'main')) {
      return { status: repository.offBranch?.includes(comparison[1]) ? 'diverged' : 'ahead', ahead_by: 3, behind_by: 0 };
    }
    const contents = /^contents\/(.+)$/.exec(rest);
    if (contents && repository.files?.[contents[1]] !== undefined) {
      return { type: 'file', path: contents[1], encoding: 'base64', content: Buffer.from(repository.files[contents[1]]).toString('base64').replace(/(.{60})/g, '$1\n') };
    }
    send(404, { message: 'Not Found', status: '404' });
    return undefined;
  }
}
