import { describe, expect, it } from 'vitest';
import { ExpressionContext, runs } from './expression';
import { REPORT_CONDITION, Step, synthWorkflow } from './workflow-kit';

// What each event runs, read from the workflow's own conditions (the README's table says the same).

const REPOSITORY = 'octo-org/api';
const repository = { default_branch: 'main' };

/** The `github` context of each kind of run. */
const EVENTS: Record<string, object> = {
  'push to main': { event_name: 'push', ref: 'refs/heads/main', repository: REPOSITORY, event: { repository } },
  'pull request': pullRequest(REPOSITORY),
  'pull request from a fork': pullRequest('someone/api'),
  'pull request from a deleted fork': { ...pullRequest(REPOSITORY), event: { repository, pull_request: { head: { repo: null } } } },
  'schedule': { event_name: 'schedule', ref: 'refs/heads/main', repository: REPOSITORY, event: { repository } },
};

function pullRequest(head: string): object {
  return { event_name: 'pull_request', ref: 'refs/pull/7/merge', repository: REPOSITORY, event: { repository, pull_request: { head: { repo: { full_name: head } } } } };
}

const BUILD = ['Check out', 'Record the build time', 'Set up Buildx', 'Build the image', 'Scan: fail on HIGH, CRITICAL'];
const REPORT = ['Scan: SARIF report', 'Upload the report to code scanning'];
const SAY_WHY = 'Say why there is no report (pull request from a fork)';
const PUSH = ['Name the image (registries want lowercase)', 'Log in to ghcr.io', 'Tag the image', 'Push the image (linux/amd64)', 'Attest the build'];

/** The names of the steps that run, in order. */
const ran = (steps: Step[], context: ExpressionContext) => steps.filter((step) => runs(step.if, context)).map((step) => step.name);

describe('TrivyWorkflow on each event', () => {
  const { parsed } = synthWorkflow({ push: {} });
  const steps = parsed.jobs['image-api'].steps;

  it.each([
    ['push to main', [...BUILD, ...REPORT, ...PUSH]],
    ['pull request', [...BUILD, ...REPORT]],
    ['pull request from a fork', [...BUILD, SAY_WHY]],
    ['pull request from a deleted fork', [...BUILD, SAY_WHY]],
    ['schedule', [...BUILD, ...REPORT, ...PUSH]],
  ])('on a %s, runs the steps it should', (event, expected) => {
    expect(ran(steps, { github: EVENTS[event] })).toEqual(expected);
  });

  it.each([
    ['push to main', REPORT],
    ['pull request', REPORT],
    ['pull request from a fork', [SAY_WHY]],
  ])('on a %s whose gate failed, still runs what explains the failure', (event, expected) => {
    expect(ran(steps, { github: EVENTS[event], failed: true })).toEqual(expected);
  });

  it('gives the report and the upload the condition on the head repository, and the gate and the build none', () => {
    const named = (name: string) => steps.find((step) => step.name === name)!;
    expect(named('Scan: SARIF report').if).toBe(REPORT_CONDITION);
    expect(named('Upload the report to code scanning').if).toBe(REPORT_CONDITION);
    expect(named('Scan: fail on HIGH, CRITICAL').if).toBeUndefined();
    expect(named('Build the image').if).toBeUndefined();
  });

  it('says in the job summary of a fork\'s pull request why there is no report, and where the table is', () => {
    const say = steps.find((step) => step.name === SAY_WHY)!;
    expect(say.if).toBe("always() && github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository");
    expect(say.env).toEqual({ HEAD_REPOSITORY: '${{ github.event.pull_request.head.repo.full_name }}', GATE: 'Scan: fail on HIGH, CRITICAL' });
    // The fork's name reaches the script through the environment only.
    expect(say.run).not.toContain('${{');
    expect(say.run).toMatch(/>> "\$GITHUB_STEP_SUMMARY"$/);
    expect(say.run).toContain('read-only token');
    expect(say.run).toContain('the table output of the step \\"${GATE}\\" in the log of this job');
  });
});
