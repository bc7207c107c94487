import { readFileSync } from 'fs';
import { join } from 'path';
import { Component, Project, typescript } from 'projen';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { Dockerfile, HealthCheck, IContainerImage, NodeDockerImage, StageBase, TrivyWorkflow, TrivyWorkflowProps } from '../../src';
import { typescriptTestProject } from '../util';
import { lintWorkflow } from '../workflow-lint';

// What the workflow tests share: the project they build, the workflow as parsed, and the checks every workflow must pass.

export const WORKFLOW = '.github/workflows/container-images.yml';
/** The condition of the SARIF report and its upload. */
export const REPORT_CONDITION = "always() && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)";

/** The verified pins, from the shared data beside the checkout (see ../shared/data/README.md). */
export const PINS = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'shared', 'data', 'github-actions.json'), 'utf-8')).actions as
  Record<string, { tag: string; sha: string }>;

export interface Step {
  name: string; id?: string; uses?: string; if?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown>;
}
export interface Job { 'permissions': Record<string, string>; 'steps': Step[]; 'runs-on': string }
export interface Workflow { on: any; concurrency: Record<string, string>; permissions: Record<string, string>; jobs: Record<string, Job> }

/** An image of the project that is not a NodeDockerImage: a hand-written Dockerfile that copies one folder. */
export class HandMadeImage extends Component implements IContainerImage {
  public readonly dockerfile: Dockerfile;
  public readonly ignoreFilePath = 'tools.Dockerfile.dockerignore';
  public readonly buildContext = '.';
  public readonly imageName = 'localhost/tools:1';
  public readonly buildSecretFiles = {};

  public constructor(scope: Project, id: string, public readonly buildSecrets: string[]) {
    super(scope, id);
    this.dockerfile = new Dockerfile(this, { path: 'tools.Dockerfile' });
    const stage = this.dockerfile.addStage('tools', { from: StageBase.image('node:24-trixie-slim') });
    stage.addCopy(['tools'], './tools');
    stage.addUser('1000', '1000');
  }
}

export function githubProject(options: Partial<typescript.TypeScriptProjectOptions> = {}) {
  return typescriptTestProject({ github: true, buildWorkflow: false, release: false, depsUpgrade: false, pullRequestTemplate: false, ...options });
}

/** The project with an Api image and a workflow for it (or for the images `more` returns). */
export function synthWorkflow(
  props: Partial<TrivyWorkflowProps> = {},
  more: (project: typescript.TypeScriptAppProject) => NodeDockerImage[] = () => [],
) {
  const project = githubProject();
  const api = new NodeDockerImage(project, 'Api', { healthCheck: HealthCheck.http('/health') });
  const workflow = new TrivyWorkflow(project, 'Scan', { images: [api, ...more(project)], ...props });
  project.synth();
  const text = readFileSync(join(project.outdir, WORKFLOW), 'utf-8');
  return { project, workflow, text, parsed: parse(text) as Workflow };
}

export const allSteps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
export const writes = (job: Job) => Object.entries(job.permissions).filter(([, access]) => access === 'write').map(([scope]) => scope).sort();

/** The assertions every workflow must pass, whatever its options. */
export async function expectSafeWorkflow(text: string, parsed: Workflow) {
  expect(await lintWorkflow(text, WORKFLOW)).toEqual([]);
  for (const step of allSteps(parsed).filter((candidate) => candidate.uses)) {
    const [action, ref] = step.uses!.split('@');
    expect(ref, step.uses).toMatch(/^[0-9a-f]{40}$/);
    // The pin is the commit of the release tag listed in the shared data, and the tag is beside it.
    expect(ref).toBe(PINS[action.split('/').slice(0, 2).join('/')].sha);
    expect(text).toContain(`uses: ${step.uses} # ${PINS[action.split('/').slice(0, 2).join('/')].tag}`);
  }
  expect(parsed.permissions).toEqual({ contents: 'read' });
  for (const job of Object.values(parsed.jobs)) {
    const uses = (prefix: string) => job.steps.some((step) => step.uses?.startsWith(prefix));
    // Each write permission is there for a step that needs it.
    const needed = [
      'security-events',
      ...(uses('docker/login-action') ? ['packages'] : []),
      ...(uses('actions/attest') ? ['attestations', 'id-token'] : []),
    ].sort();
    expect(writes(job)).toEqual(needed);
    expect(job.permissions.contents).toBe('read');
    const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    const report = job.steps.find((step) => step.with?.format === 'sarif')!;
    // Even when the gate fails; never on a pull request from a fork, whose token cannot upload.
    expect(upload.if).toBe(REPORT_CONDITION);
    expect(report.if).toBe(REPORT_CONDITION);
    expect(report.with).toMatchObject({ 'limit-severities-for-sarif': true, 'skip-setup-trivy': true });
    expect(upload.with?.sarif_file).toBe(report.with?.output);
    const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout'))!;
    expect(checkout.with).toEqual({ 'persist-credentials': false });
    expectCommitTime(job);
  }
}

/** Every build is stamped with the time of the commit, never the clock's: two builds of one commit carry the same times. */
function expectCommitTime(job: Job) {
  const read = job.steps.findIndex((step) => step.id === 'commit-time');
  expect(job.steps[read].run).toContain('git log -1 --format=%ct');
  expect(job.steps.filter((step) => /\bdate\b(?!.*-d "@)/.test(step.run ?? ''))).toEqual([]);
  const builds = job.steps.filter((step) => step.uses?.startsWith('docker/build-push-action'));
  expect(builds.length).toBeGreaterThan(0);
  for (const build of builds) {
    expect(job.steps.indexOf(build)).toBeGreaterThan(read);
    expect(build.env).toEqual({ SOURCE_DATE_EPOCH: '${{ steps.commit-time.outputs.epoch }}' });
    expect(build.with?.['build-args']).toBe('REVISION=${{ github.sha }}\nCREATED=${{ steps.commit-time.outputs.created }}');
  }
  // docker/metadata-action's labels win over the Dockerfile's; its own created label would be the clock's.
  for (const meta of job.steps.filter((step) => step.uses?.startsWith('docker/metadata-action'))) {
    expect(meta.with?.labels).toBe('org.opencontainers.image.created=${{ steps.commit-time.outputs.created }}');
  }
}

/** The error a synthesis stops with, listing the findings. */
export function nothingWritten(findings: string[]): string {
  return [`Nothing was written: ${findings.length === 1 ? '1 problem' : `${findings.length} problems`} found.`, ...findings.map((finding) => `  ${finding}`)].join('\n');
}
