import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { ExpressionContext, interpolate, runs } from './expression';
import { REPORT_CONDITION, Step, synthWorkflow } from './workflow-kit';
import { repositoryRoot } from '../util';

// What each event runs, read from the workflow's own conditions (the README's table says the same).

const REPOSITORY = 'octo-org/api';
const repository = { default_branch: 'main' };

/** The `github` context of each kind of run. */
const EVENTS: Record<string, object> = {
  'push to main': { event_name: 'push', ref: 'refs/heads/main', repository: REPOSITORY, event: { repository } },
  'pull request': pullRequest(REPOSITORY),
  'pull request from a fork': pullRequest('someone/api'),
  'pull request from a deleted fork': { ...pullRequest(REPOSITORY), event: { repository, pull_request: { head: { repo: null } } } },
  'merge group': mergeGroup(101, 'refs/heads/gh-readonly-queue/main/pr-7-0123456789abcdef0123456789abcdef01234567'),
  'schedule': { event_name: 'schedule', ref: 'refs/heads/main', repository: REPOSITORY, event: { repository } },
};

function mergeGroup(runId: number, ref: string): object {
  return { event_name: 'merge_group', ref, run_id: runId, repository: REPOSITORY, event: { repository, merge_group: { head_ref: ref } } };
}

function pullRequest(head: string): object {
  return { event_name: 'pull_request', ref: 'refs/pull/7/merge', repository: REPOSITORY, event: { repository, pull_request: { head: { repo: { full_name: head } } } } };
}

const BUILD = ['Check out', 'Read the commit time', 'Set up Buildx', 'Build the image', 'Scan: fail on HIGH, CRITICAL'];
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
    // A merge group is checked, with its report, and never pushed: its ref is the queue's, not the default branch.
    ['merge group', [...BUILD, ...REPORT]],
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

describe('TrivyWorkflow in a merge queue', () => {
  const { parsed } = synthWorkflow();

  it('runs on every merge group: merge_group takes only types, no path filters, in the workflow schema', () => {
    expect(parsed.on.merge_group).toEqual({ types: ['checks_requested'] });
    const schema = JSON.parse(readFileSync(join(repositoryRoot, '..', 'shared', 'data', 'github-workflow.schema.json'), 'utf-8'));
    const forms = schema.properties.on.oneOf as Array<{ properties?: Record<string, { properties?: object }> }>;
    const events = forms.find((form) => form.properties?.merge_group)!;
    expect(Object.keys(events.properties!.merge_group.properties!)).toEqual(['types']);
    // Pull requests and pushes keep their path filters.
    expect(parsed.on.pull_request.paths.length).toBeGreaterThan(0);
  });

  it('never cancels a merge-queue run: each is a group of its own, and no run cancels one in progress', () => {
    const { group, 'cancel-in-progress': cancel } = parsed.concurrency;
    const ref = 'refs/heads/gh-readonly-queue/main/pr-7-0123456789abcdef0123456789abcdef01234567';
    const groupOf = (github: object) => interpolate(group, { github: { workflow: 'container-images', ...github } });
    const [first, again] = [groupOf(mergeGroup(101, ref)), groupOf(mergeGroup(102, ref))];
    expect(first).not.toBe(again);
    expect(interpolate(cancel, { github: EVENTS['merge group'] })).toBe('false');
  });

  it('cancels only an older run of the same pull request', () => {
    const { group, 'cancel-in-progress': cancel } = parsed.concurrency;
    const groupOf = (event: string) => interpolate(group, { github: { workflow: 'container-images', ...EVENTS[event] } });
    expect(groupOf('pull request')).toBe('container-images-refs/pull/7/merge');
    expect(groupOf('push to main')).toBe('container-images-refs/heads/main');
    expect(Object.keys(EVENTS).filter((event) => interpolate(cancel, { github: EVENTS[event] }) === 'true'))
      .toEqual(['pull request', 'pull request from a fork', 'pull request from a deleted fork']);
  });
});
