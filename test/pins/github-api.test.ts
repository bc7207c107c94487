import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub, shaOf, tagObjectOf } from './fake-github';
import { GitHubApi, GitHubApiError, RateLimitError, UnreachableError } from '../../projenrc/pins/github-api';
import { commitOf, UnknownRepositoryError, versionTags } from '../../projenrc/pins/release-tags';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const fakes: FakeGitHub[] = [];

async function fake(repositories: ConstructorParameters<typeof FakeGitHub>[0] = { 'octo/action': { tags: { 'v1.0.0': shaOf('one') } } }) {
  const github = await new FakeGitHub(repositories).start();
  fakes.push(github);
  const waits: number[] = [];
  const api = new GitHubApi({ baseUrl: github.url, sleep: async (milliseconds) => void waits.push(milliseconds), now: () => NOW });
  return { github, api, waits };
}

/** What a call rejected with. */
async function rejection(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((github) => github.stop()));
});

describe('the GitHub API client, against a fake API on loopback', () => {
  it('waits as long as retry-after says on a secondary rate limit (429), then asks again', async () => {
    const { github, api, waits } = await fake();
    github.failures.push({ path: /matching-refs/, times: 1, status: 429, headers: { 'retry-after': '3' } });
    expect([...(await versionTags(api, 'octo/action')).keys()]).toEqual(['v1.0.0']);
    expect(waits).toEqual([3000]);
    expect(github.requests).toHaveLength(2);
  });

  it('waits for x-ratelimit-reset when the primary limit is spent (403, x-ratelimit-remaining: 0)', async () => {
    const { github, api, waits } = await fake();
    const reset = String(NOW / 1000 + 20);
    github.failures.push({ path: /matching-refs/, times: 1, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    await versionTags(api, 'octo/action');
    expect(waits).toEqual([20_000]);
  });

  it('fails at once, saying when the limit resets and what to do, when the wait is longer than it may wait', async () => {
    const { github, api, waits } = await fake();
    const reset = String(NOW / 1000 + 3600);
    github.failures.push({ path: /matching-refs/, times: 5, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    const error = await rejection(versionTags(api, 'octo/action'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe('the GitHub API rate limit stopped the check at GET /repos/octo/action/git/matching-refs/tags/v (403): GitHub asks to wait '
      + '3600 s; it resets at 2026-12-01T13:00:00.000Z, longer than the 60 s this check waits. Without a token GitHub allows 60 requests an hour: '
      + 'set GITHUB_TOKEN (any token, no scopes needed) and run it again.');
    expect(waits).toEqual([]);
    expect(github.requests).toHaveLength(1);
  });

  it('gives up after two retries', async () => {
    const { github, api, waits } = await fake();
    github.failures.push({ path: /matching-refs/, times: 5, status: 429, headers: { 'retry-after': '0' } });
    const error = await rejection(versionTags(api, 'octo/action'));
    expect(error.message).toContain('(429): still limited after 2 retries.');
    expect(waits).toEqual([0, 0]);
    expect(github.requests).toHaveLength(3);
  });

  it('does not take a 403 that is no rate limit for one: it fails at once with GitHub\'s message', async () => {
    const { github, api, waits } = await fake();
    github.failures.push({ path: /matching-refs/, times: 1, status: 403, message: 'Resource not accessible by integration' });
    const error = await rejection(versionTags(api, 'octo/action'));
    expect(error).not.toBeInstanceOf(RateLimitError);
    expect(error.message).toBe('GET /repos/octo/action/git/matching-refs/tags/v answered 403 (Resource not accessible by integration).');
    expect(waits).toEqual([]);
    expect(github.requests).toHaveLength(1);
  });

  it('names the repository that GitHub does not know (404)', async () => {
    const { api } = await fake();
    const error = await rejection(versionTags(api, 'octo/no-such-action'));
    expect(error).toBeInstanceOf(UnknownRepositoryError);
    expect(error.message).toBe('GitHub has no repository octo/no-such-action (404): it was renamed or deleted, its name is mistyped, or it is private to the token.');
  });

  it('follows the pages of the Link header', async () => {
    const tags = Object.fromEntries(['v1.0.0', 'v1.1.0', 'v1.2.0', 'v2.0.0', 'v2.0.1'].map((tag) => [tag, shaOf(tag)]));
    const { github, api } = await fake({ 'octo/action': { tags } });
    github.pageSize = 2;
    expect([...(await versionTags(api, 'octo/action')).keys()]).toEqual(Object.keys(tags));
    expect(github.requests.map((request) => request.path)).toEqual([
      '/repos/octo/action/git/matching-refs/tags/v',
      '/repos/octo/action/git/matching-refs/tags/v?page=2',
      '/repos/octo/action/git/matching-refs/tags/v?page=3',
    ]);
  });

  it('reads an annotated tag\'s tag object to find its commit', async () => {
    const { github, api } = await fake({ 'octo/action': { tags: { 'v1.0.0': { annotated: shaOf('commit') } } } });
    const object = (await versionTags(api, 'octo/action')).get('v1.0.0')!;
    expect(object).toEqual({ type: 'tag', sha: tagObjectOf('octo/action', 'v1.0.0') });
    expect(await commitOf(api, 'octo/action', 'v1.0.0', object)).toBe(shaOf('commit'));
    expect(github.requests.at(-1)!.path).toBe(`/repos/octo/action/git/tags/${tagObjectOf('octo/action', 'v1.0.0')}`);
  });

  it('sends the token as a bearer token when there is one, and none otherwise', async () => {
    const { github } = await fake();
    await new GitHubApi({ baseUrl: github.url, token: 'test-token' }).get('/repos/octo/action');
    await new GitHubApi({ baseUrl: github.url }).get('/repos/octo/action');
    expect(github.requests.map((request) => request.authorization)).toEqual(['Bearer test-token', undefined]);
  });

  it('says so when the API cannot be reached', async () => {
    const { github } = await fake();
    const url = github.url;
    await github.stop();
    fakes.splice(0);
    const error = await rejection(new GitHubApi({ baseUrl: url }).get('/repos/octo/action'));
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.message).toMatch(/^cannot reach the GitHub API at http:\/\/127\.0\.0\.1:\d+ \(GET \/repos\/octo\/action\): /);
  });
});
