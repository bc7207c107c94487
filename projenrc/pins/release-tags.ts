import { compare, valid } from 'semver';
import { GitHubApi, GitHubApiError, NotFoundError } from './github-api';

/** A git object a ref points to: a commit, or (annotated tags) a tag object that points further. */
export interface GitObject {
  readonly type: string;
  readonly sha: string;
}

/** A repository that the API does not know (renamed, deleted, mistyped, or private to the token). */
export class UnknownRepositoryError extends GitHubApiError {
  public constructor(public readonly repository: string) {
    super(`GitHub has no repository ${repository} (404): it was renamed or deleted, its name is mistyped, or it is private to the token.`, 404);
  }
}

/** A release tag, as the library pins them and ../shared/data picks them: `vX.Y.Z`, no pre-releases. */
export function isReleaseTag(tag: string): boolean {
  return /^v\d+\.\d+\.\d+$/.test(tag) && valid(tag) !== null;
}

/** The repository's tags that start with `v`, by name (the git refs API, one request per page). */
export async function versionTags(api: GitHubApi, repository: string): Promise<Map<string, GitObject>> {
  const refs = await inRepository(repository, () =>
    api.getAll<{ ref: string; object: GitObject }>(`/repos/${repository}/git/matching-refs/tags/v`));
  return new Map(refs.map(({ ref, object }) => [ref.replace(/^refs\/tags\//, ''), { type: object.type, sha: object.sha }]));
}

/** The newest release tag by version, or undefined when there is none. */
export function newestRelease(tags: Iterable<string>): string | undefined {
  return [...tags].filter(isReleaseTag).sort(compare).pop();
}

/** The commit a tag points to: an annotated tag's tag object is read (and read again if it tags a tag). */
export async function commitOf(api: GitHubApi, repository: string, tag: string, object: GitObject): Promise<string> {
  let current = object;
  for (let depth = 0; current.type === 'tag' && depth < 5; depth++) {
    current = (await api.get<{ object: GitObject }>(`/repos/${repository}/git/tags/${current.sha}`)).object;
  }
  if (current.type !== 'commit') {
    throw new GitHubApiError(`tag ${tag} of ${repository} points to a ${current.type} (${current.sha}), not a commit.`);
  }
  return current.sha;
}

/**
 * Whether the commit is in the history of the repository's default branch. A release
 * is; a tag pushed onto a commit of no branch is what a compromised repository looks
 * like (trivy-action's tags, March 2026), so such a tag is never pinned unread.
 */
export async function onDefaultBranch(api: GitHubApi, repository: string, commit: string): Promise<boolean> {
  const { default_branch: branch } = await inRepository(repository, () => api.get<{ default_branch: string }>(`/repos/${repository}`));
  const { status } = await api.get<{ status: string }>(`/repos/${repository}/compare/${commit}...${encodeURIComponent(branch)}?per_page=1`);
  return status === 'ahead' || status === 'identical';
}

/** Runs a request of a repository, and names the repository when the API does not know it. */
async function inRepository<T>(repository: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw error instanceof NotFoundError ? new UnknownRepositoryError(repository) : error;
  }
}
