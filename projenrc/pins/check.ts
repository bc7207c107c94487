import { compare } from 'semver';
import { GitHubApi, GitHubApiError, RateLimitError, UnreachableError } from './github-api';
import { compareNodeLines, fetchSchedule, NodeLineDifference, TableLine } from './node-lines';
import { Pin, PinTable } from './pin-table';
import { commitOf, GitObject, newestRelease, onDefaultBranch, versionTags } from './release-tags';

/** The repository whose releases are Trivy's. */
export const TRIVY_REPOSITORY = 'aquasecurity/trivy';

/**
 * How a pin stands: current; behind a newer release (which can be written); or a finding
 * that a person must look into before anything is pinned: its tag moved or is gone, or
 * the newer release's commit is on no branch. `error` when the repository could not be read.
 */
export enum PinStatus {
  CURRENT = 'current',
  BEHIND = 'behind',
  MOVED = 'MOVED',
  GONE = 'GONE',
  OFF_BRANCH = 'OFF-BRANCH',
  ERROR = 'error',
}

/** Statuses that are security findings: never written by --update. */
export const SECURITY_STATUSES = [PinStatus.MOVED, PinStatus.GONE, PinStatus.OFF_BRANCH];

export interface PinRow {
  /** The action (`github/codeql-action/upload-sarif`), or the Trivy release. */
  readonly name: string;
  readonly repository: string;
  readonly pinned: Pin;
  /** The newest release and its commit (no commit for Trivy, whose release is pinned by its version). */
  readonly newest?: Pin;
  readonly status: PinStatus;
  /** What a finding or an error is, in words. */
  readonly detail?: string;
}

export interface PinsReport {
  readonly actions: PinRow[];
  readonly trivy: PinRow;
  readonly nodeLines: NodeLineDifference[];
  /** Why the Node.js lines could not be compared, if they could not. */
  readonly nodeError?: string;
}

/** Asks GitHub about every pin of the table, Trivy's newest release and the Node.js schedule. */
export async function checkPins(api: GitHubApi, table: PinTable, nodeLines: readonly TableLine[], today: string): Promise<PinsReport> {
  const actions: PinRow[] = [];
  for (const [name, pinned] of Object.entries(table.actions)) {
    actions.push(await guarded(name, pinned, () => checkAction(api, name, pinned)));
  }
  const trivyPin = { version: table.trivyVersion, sha: '' };
  const trivy = await guarded('Trivy', trivyPin, () => checkTrivy(api, table.trivyVersion));
  let differences: NodeLineDifference[] = [];
  let nodeError: string | undefined;
  try {
    differences = compareNodeLines(nodeLines, await fetchSchedule(api), today);
  } catch (error) {
    nodeError = recoverable(error);
  }
  return { actions, trivy, nodeLines: differences, nodeError };
}

/** `owner/repo` of an action, which may name a folder of its repository. */
export function repositoryOf(action: string): string {
  return action.split('/').slice(0, 2).join('/');
}

async function checkAction(api: GitHubApi, name: string, pinned: Pin): Promise<PinRow> {
  const repository = repositoryOf(name);
  const tags = await versionTags(api, repository);
  const row = { name, repository, pinned };
  const newestTag = newestRelease(tags.keys());
  const pinnedObject = tags.get(pinned.version);
  if (!pinnedObject) {
    return { ...row, status: PinStatus.GONE, detail: `its tag ${pinned.version} no longer exists in ${repository}: find out why before pinning another release.` };
  }
  const pinnedCommit = await commitOf(api, repository, pinned.version, pinnedObject);
  if (pinnedCommit !== pinned.sha) {
    return {
      ...row,
      // What the tag says now.
      newest: { version: pinned.version, sha: pinnedCommit },
      status: PinStatus.MOVED,
      detail: `its tag ${pinned.version} now points to ${pinnedCommit}, not to the pinned ${pinned.sha}. A release tag that moves is how trivy-action's tags `
        + 'were turned into malware in March 2026: keep the pinned commit, and compare the two on GitHub before pinning anything of this repository.',
    };
  }
  if (newestTag === undefined || compare(newestTag, pinned.version) <= 0) {
    return { ...row, newest: pinned, status: PinStatus.CURRENT };
  }
  const newest = { version: newestTag, sha: await commitOf(api, repository, newestTag, tags.get(newestTag) as GitObject) };
  if (!(await onDefaultBranch(api, repository, newest.sha))) {
    return {
      ...row,
      newest,
      status: PinStatus.OFF_BRANCH,
      detail: `its newest tag ${newest.version} points to ${newest.sha}, which is not in the history of the default branch: a release is; find out why before pinning it.`,
    };
  }
  return { ...row, newest, status: PinStatus.BEHIND };
}

async function checkTrivy(api: GitHubApi, version: string): Promise<PinRow> {
  const tags = await versionTags(api, TRIVY_REPOSITORY);
  const row = { name: 'Trivy', repository: TRIVY_REPOSITORY, pinned: { version, sha: '' } };
  if (!tags.has(version)) {
    return { ...row, status: PinStatus.GONE, detail: `its release ${version} no longer exists in ${TRIVY_REPOSITORY}: a withdrawn release? Find out why before running another.` };
  }
  const newest = newestRelease(tags.keys()) ?? version;
  return { ...row, newest: { version: newest, sha: '' }, status: compare(newest, version) > 0 ? PinStatus.BEHIND : PinStatus.CURRENT };
}

/** The row of a pin whose repository could not be read; a rate limit or an unreachable API stops the whole check. */
async function guarded(name: string, pinned: Pin, check: () => Promise<PinRow>): Promise<PinRow> {
  try {
    return await check();
  } catch (error) {
    return { name, repository: repositoryOf(name), pinned, status: PinStatus.ERROR, detail: recoverable(error) };
  }
}

/** The message of an API error about one repository; a rate limit, an unreachable API or any other error stops the check. */
function recoverable(error: unknown): string {
  if (error instanceof GitHubApiError && !(error instanceof RateLimitError) && !(error instanceof UnreachableError)) {
    return error.message;
  }
  throw error;
}
