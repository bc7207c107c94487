import { GitHubActionsProvider } from 'projen/lib/github';
import { JobPermission } from 'projen/lib/github/workflows-model';

/** A step of a job, with the keys the workflow file writes. */
export interface WorkflowStep {
  readonly name: string;
  readonly id: string;
  readonly if?: string;
  readonly uses?: string;
  readonly env?: { [name: string]: string };
  readonly run?: string;
  readonly with?: { [input: string]: unknown };
}

/** A job of the workflow. */
export interface WorkflowJob {
  readonly name: string;
  readonly runsOn: string[];
  /** Scopes as the workflow file names them (`security-events`). */
  readonly permissions: { [scope: string]: JobPermission };
  readonly steps: WorkflowStep[];
}

/**
 * A step id from the step's name, as projen derives ids for steps without one:
 * workflows keep the ids they had when projen named their steps.
 */
export function stepId(name: string): string {
  return name.replace(/\s+/g, '_').toLowerCase().replace(/[^a-z0-9_-]/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
}

/** A step whose id is derived from its name. */
export function namedStep(name: string, step: Omit<WorkflowStep, 'name' | 'id'>): WorkflowStep {
  return { name, id: stepId(name), ...step };
}

/** A job as the workflow file writes it, each action resolved through projen's overrides (`project.github.actions.set()`). */
export function renderJob(job: WorkflowJob, actions: GitHubActionsProvider): object {
  return {
    'name': job.name,
    'runs-on': job.runsOn.length === 1 ? job.runsOn[0] : job.runsOn,
    'permissions': job.permissions,
    'steps': job.steps.map((step) => ({
      name: step.name,
      id: step.id,
      if: step.if,
      uses: step.uses === undefined ? undefined : actions.get(step.uses),
      env: step.env,
      run: step.run,
      with: step.with,
    })),
  };
}
