import { WorkflowStep } from './workflow-model';

/** The id of the step that reads the commit time, for `steps.<id>.outputs.epoch` and `.created`. */
export const COMMIT_TIME_STEP = 'commit-time';

/**
 * Reads the time of the checked-out commit: `epoch` (Unix seconds) for `SOURCE_DATE_EPOCH`,
 * and `created` (ISO 8601, UTC) for the created label. From the commit, never the clock, so
 * that every build of one commit carries the same times (a shallow checkout has the commit).
 */
export function commitTimeStep(): WorkflowStep {
  return {
    name: 'Read the commit time',
    id: COMMIT_TIME_STEP,
    run: [
      'epoch=$(git log -1 --format=%ct)',
      'echo "epoch=$epoch" >> "$GITHUB_OUTPUT"',
      'echo "created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)" >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  };
}

/** The commit time as a build step's environment: Buildx passes `SOURCE_DATE_EPOCH` to BuildKit as the build arg of that name. */
export const SOURCE_DATE_EPOCH_ENV = { SOURCE_DATE_EPOCH: `\${{ steps.${COMMIT_TIME_STEP}.outputs.epoch }}` };

/** The created time as the workflow writes it. */
export const CREATED_OUTPUT = `\${{ steps.${COMMIT_TIME_STEP}.outputs.created }}`;
