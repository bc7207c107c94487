import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Component, javascript, Project, TextFile, typescript } from 'projen';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { Dockerfile, HealthCheck, IContainerImage, NodeDockerImage, StageBase, TrivyIgnore, TrivySeverity, TrivyWorkflow, TrivyWorkflowProps } from '../../src';
import { messageOf, temporaryOutdir, typescriptTestProject } from '../util';
import { lintWorkflow } from '../workflow-lint';

const WORKFLOW = '.github/workflows/container-images.yml';
const PINS = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'shared', 'data', 'github-actions.json'), 'utf-8')).actions as
  Record<string, { tag: string; sha: string }>;

interface Step { name: string; id?: string; uses?: string; if?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Job { 'permissions': Record<string, string>; 'steps': Step[]; 'runs-on': string }
interface Workflow { on: any; concurrency: Record<string, string>; permissions: Record<string, string>; jobs: Record<string, Job> }

/** An image of the project that is not a NodeDockerImage: a hand-written Dockerfile that copies one folder. */
class HandMadeImage extends Component implements IContainerImage {
  public readonly dockerfile: Dockerfile;
  public readonly ignoreFilePath = 'tools.Dockerfile.dockerignore';
  public readonly buildContext = '.';
  public readonly imageName = 'localhost/tools:1';

  public constructor(scope: Project, id: string, public readonly buildSecrets: string[]) {
    super(scope, id);
    this.dockerfile = new Dockerfile(this, { path: 'tools.Dockerfile' });
    const stage = this.dockerfile.addStage('tools', { from: StageBase.image('node:24-trixie-slim') });
    stage.addCopy(['tools'], './tools');
    stage.addUser('1000', '1000');
  }
}

function githubProject(options: Partial<typescript.TypeScriptProjectOptions> = {}) {
  return typescriptTestProject({ github: true, buildWorkflow: false, release: false, depsUpgrade: false, pullRequestTemplate: false, ...options });
}

/** The project with an Api image and a workflow for it (or for the images `more` returns). */
function synthWorkflow(props: Partial<TrivyWorkflowProps> = {}, more: (project: typescript.TypeScriptAppProject) => NodeDockerImage[] = () => []) {
  const project = githubProject();
  const api = new NodeDockerImage(project, 'Api', { healthCheck: HealthCheck.http('/health') });
  const workflow = new TrivyWorkflow(project, 'Scan', { images: [api, ...more(project)], ...props });
  project.synth();
  const text = readFileSync(join(project.outdir, WORKFLOW), 'utf-8');
  return { project, workflow, text, parsed: parse(text) as Workflow };
}

const allSteps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const writes = (job: Job) => Object.entries(job.permissions).filter(([, access]) => access === 'write').map(([scope]) => scope).sort();

/** The assertions every workflow must pass, whatever its options. */
async function expectSafeWorkflow(text: string, parsed: Workflow) {
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
    expect(upload.if).toBe('always()');
    expect(report.if).toBe('always()');
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

describe('TrivyWorkflow', () => {
  it('builds, gates and reports one image on pushes, pull requests, a weekly schedule and on demand', async () => {
    const { text, parsed } = synthWorkflow();
    expect(text).toMatchSnapshot();
    await expectSafeWorkflow(text, parsed);
    expect(Object.keys(parsed.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(parsed.on.push.branches).toEqual(['main']);
    expect(parsed.on.schedule).toEqual([{ cron: '23 4 * * 1' }]);
    expect(parsed.on.pull_request.paths).toEqual(expect.arrayContaining([WORKFLOW, 'Dockerfile', '.dockerignore', 'package.json', 'package-lock.json', 'src', 'src/**', 'tsconfig.json']));
    expect(parsed.on.pull_request.paths).not.toContain('package.json/**');
    expect(parsed.concurrency).toEqual({ 'group': '${{ github.workflow }}-${{ github.ref }}', 'cancel-in-progress': "${{ github.event_name == 'pull_request' }}" });
    const job = parsed.jobs['image-api'];
    expect(job['runs-on']).toBe('ubuntu-24.04');
    const build = job.steps.find((step) => step.uses?.startsWith('docker/build-push-action'))!;
    expect(build.with).toMatchObject({ 'load': true, 'push': false, 'file': 'Dockerfile', 'context': '.', 'target': 'runtime', 'cache-from': 'type=gha,scope=image-api', 'cache-to': 'type=gha,mode=max,scope=image-api' });
    expect(job.steps.some((step) => step.uses?.startsWith('docker/setup-buildx-action'))).toBe(true);
    expect(job.steps.some((step) => step.uses?.startsWith('docker/setup-qemu-action'))).toBe(false);
  });

  it('is checked by linters that do find problems: a broken copy of the workflow has findings from both', async () => {
    const { text } = synthWorkflow();
    const broken = await lintWorkflow(text.replace('contents: read', 'contents: admin'), WORKFLOW);
    expect(broken.filter((finding) => finding.tool === 'actionlint').map((finding) => finding.message)).toEqual([
      expect.stringContaining('"admin" is invalid for permission of scope "contents"'),
    ]);
    expect(broken.some((finding) => finding.tool === 'schema' && finding.message.includes('/permissions/contents '))).toBe(true);
  });

  it('fails the gate on the chosen severities only, with the pinned Trivy release and the DB cache on', () => {
    const { parsed } = synthWorkflow({ severities: [TrivySeverity.CRITICAL], ignoreUnfixed: false });
    const scans = parsed.jobs['image-api'].steps.filter((step) => step.uses?.startsWith('aquasecurity/trivy-action'));
    expect(scans).toHaveLength(2);
    const [gate, report] = scans;
    expect(gate.if).toBeUndefined();
    expect(gate.with).toMatchObject({ 'format': 'table', 'exit-code': '1', 'severity': 'CRITICAL', 'ignore-unfixed': false, 'version': 'v0.70.0', 'cache': true });
    expect(report.with).toMatchObject({ format: 'sarif', severity: 'CRITICAL' });
    expect(report.with!['exit-code']).toBeUndefined();
    // Nothing else in the job can fail it on a finding.
    expect(parsed.jobs['image-api'].steps.filter((step) => step.with?.['exit-code'] !== undefined)).toEqual([gate]);
  });

  it('gives several images a job each, with their own Dockerfile, cache scope and report', async () => {
    const { text, parsed } = synthWorkflow({}, (project) => [
      new NodeDockerImage(project, 'Worker', { dockerfilePath: 'worker.Dockerfile', ports: [], command: ['lib/worker.js'], npmrcSecret: true }),
    ]);
    expect(text).toMatchSnapshot();
    await expectSafeWorkflow(text, parsed);
    expect(Object.keys(parsed.jobs)).toEqual(['image-api', 'image-worker']);
    const worker = parsed.jobs['image-worker'].steps;
    expect(worker.find((step) => step.uses?.startsWith('docker/build-push-action'))!.with).toMatchObject({
      'file': 'worker.Dockerfile',
      'tags': 'localhost/api-worker:0.0.0',
      'cache-from': 'type=gha,scope=image-worker',
      'secrets': 'npmrc=${{ secrets.NPMRC }}',
    });
    expect(worker.find((step) => step.uses?.startsWith('github/codeql-action'))!.with).toEqual({ sarif_file: 'trivy-image-worker.sarif', category: 'image-worker' });
    expect(parsed.on.push.paths).toEqual(expect.arrayContaining(['worker.Dockerfile', 'worker.Dockerfile.dockerignore']));
  });

  it('pushes from the default branch only, with tags, SBOM, provenance and an attestation', async () => {
    const { text, parsed } = synthWorkflow({ push: {} });
    expect(text).toMatchSnapshot();
    await expectSafeWorkflow(text, parsed);
    const steps = parsed.jobs['image-api'].steps;
    const pushing = steps.slice(steps.findIndex((step) => step.uses?.startsWith('github/codeql-action')) + 1);
    expect(pushing.map((step) => step.uses?.split('@')[0] ?? 'run')).toEqual(['run', 'docker/login-action', 'docker/metadata-action', 'docker/build-push-action', 'actions/attest']);
    for (const step of pushing) {
      expect(step.if).toBe("github.event_name != 'pull_request' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    }
    expect(pushing[1].with).toEqual({ registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' });
    expect(pushing[2].with?.tags).toContain('enable={{is_default_branch}}');
    expect(pushing[3].with).toMatchObject({ push: true, provenance: 'mode=max', sbom: true, platforms: 'linux/amd64' });
    expect(writes(parsed.jobs['image-api'])).toEqual(['attestations', 'id-token', 'packages', 'security-events']);
    // The name comes from an environment variable, never pasted into the script.
    expect(pushing[0].run).toBe('echo "image=${IMAGE,,}" >> "$GITHUB_OUTPUT"');
  });

  it('builds multi-arch pushes with QEMU, and scans the runner\'s platform', async () => {
    const { text, parsed } = synthWorkflow({ push: { attestations: false }, platforms: ['linux/amd64', 'linux/arm64'] });
    expect(text).toMatchSnapshot();
    await expectSafeWorkflow(text, parsed);
    const steps = parsed.jobs['image-api'].steps;
    expect(steps.some((step) => step.uses?.startsWith('docker/setup-qemu-action'))).toBe(true);
    const [scan, push] = steps.filter((step) => step.uses?.startsWith('docker/build-push-action'));
    expect(scan.with?.platforms).toBeUndefined();
    expect(push.with).toMatchObject({ platforms: 'linux/amd64,linux/arm64', provenance: false });
    expect(writes(parsed.jobs['image-api'])).toEqual(['packages', 'security-events']);
  });

  it('pushes to another registry with the credentials named, and adds actions: read for private repositories', async () => {
    const { text, parsed } = synthWorkflow({ push: { registry: 'registry.example.com', repository: 'team/services', usernameSecret: 'REGISTRY_USER', passwordSecret: 'REGISTRY_TOKEN' }, privateRepository: true });
    await expectSafeWorkflow(text, parsed);
    const steps = parsed.jobs['image-api'].steps;
    expect(steps.find((step) => step.uses?.startsWith('docker/login-action'))!.with).toEqual({
      registry: 'registry.example.com', username: '${{ secrets.REGISTRY_USER }}', password: '${{ secrets.REGISTRY_TOKEN }}',
    });
    expect(steps.find((step) => step.id === 'name')!).toMatchObject({ env: { IMAGE: 'registry.example.com/team/services/api' } });
    expect(parsed.jobs['image-api'].permissions.actions).toBe('read');
  });

  it('lets projen\'s action overrides replace a pin, and then writes no version beside it', () => {
    const project = githubProject();
    const api = new NodeDockerImage(project, 'Api');
    new TrivyWorkflow(project, 'Scan', { images: [api] });
    project.github!.actions.set('aquasecurity/trivy-action', `aquasecurity/trivy-action@${'b'.repeat(40)}`);
    project.synth();
    const text = readFileSync(join(project.outdir, WORKFLOW), 'utf-8');
    expect(text).toContain(`uses: aquasecurity/trivy-action@${'b'.repeat(40)}\n`);
    expect(text).not.toContain('trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25');
  });

  it('lets overrides on its file change the workflow, and still writes the versions beside the pins', () => {
    const project = githubProject();
    const api = new NodeDockerImage(project, 'Api');
    const scan = new TrivyWorkflow(project, 'Scan', { images: [api] });
    scan.file!.addOverride('jobs.image-api.timeout-minutes', 30);
    project.synth();
    const text = readFileSync(join(project.outdir, WORKFLOW), 'utf-8');
    expect((parse(text) as { jobs: Record<string, Record<string, unknown>> }).jobs['image-api']['timeout-minutes']).toBe(30);
    expect(text).toContain(`uses: actions/checkout@${PINS['actions/checkout'].sha} # ${PINS['actions/checkout'].tag}\n`);
  });

  it('passes a managed .trivyignore to both scans, and watches it', () => {
    const project = githubProject();
    const api = new NodeDockerImage(project, 'Api');
    const trivyIgnore = new TrivyIgnore(project, { entries: [{ id: 'CVE-2026-12345', reason: 'The vulnerable parser is never called.', expires: '2027-03-31' }] });
    new TrivyWorkflow(project, 'Scan', { images: [api], trivyIgnore });
    project.synth();
    const parsed = parse(readFileSync(join(project.outdir, WORKFLOW), 'utf-8')) as Workflow;
    const scans = parsed.jobs['image-api'].steps.filter((step) => step.uses?.startsWith('aquasecurity/trivy-action'));
    expect(scans.map((step) => step.with?.trivyignores)).toEqual(['.trivyignore', '.trivyignore']);
    expect(parsed.on.push.paths).toContain('.trivyignore');
    expect(readFileSync(join(project.outdir, '.trivyignore'), 'utf-8')).toContain('\n# The vulnerable parser is never called.\nCVE-2026-12345 exp:2027-03-31\n');
  });

  it('reads the images at synthesis: a COPY added after the workflow is declared is in the path filters', () => {
    const project = githubProject();
    const api = new NodeDockerImage(project, 'Api');
    new TrivyWorkflow(project, 'Scan', { images: [api] });
    api.stage('runtime').addCopy(['config'], './config');
    project.synth();
    const parsed = parse(readFileSync(join(project.outdir, WORKFLOW), 'utf-8')) as Workflow;
    expect(parsed.on.push.paths).toEqual(expect.arrayContaining(['config', 'config/**']));
    expect(parsed.on.pull_request.paths).toEqual(parsed.on.push.paths);
  });

  it('builds any IContainerImage: no target when it has none, and each build secret from its repository secret', async () => {
    const project = githubProject();
    const api = new NodeDockerImage(project, 'Api');
    const tool = new HandMadeImage(project, 'ToolBox', ['npmrc', 'pip-conf']);
    new TrivyWorkflow(project, 'Scan', { images: [api, tool], npmrcSecret: 'PRIVATE_NPMRC', buildSecrets: { 'pip-conf': 'PIP_CONFIG' } });
    project.synth();
    const text = readFileSync(join(project.outdir, WORKFLOW), 'utf-8');
    const parsed = parse(text) as Workflow;
    await expectSafeWorkflow(text, parsed);
    const build = parsed.jobs['image-tool-box'].steps.find((step) => step.uses?.startsWith('docker/build-push-action'))!;
    expect(build.with).toMatchObject({ file: 'tools.Dockerfile', tags: 'localhost/tools:1', secrets: 'npmrc=${{ secrets.PRIVATE_NPMRC }}\npip-conf=${{ secrets.PIP_CONFIG }}' });
    expect(build.with!.target).toBeUndefined();
    expect(parsed.jobs['image-tool-box']).toMatchObject({ name: 'Build and scan ToolBox' });
    expect(parsed.on.push.paths).toEqual(expect.arrayContaining(['tools.Dockerfile', 'tools.Dockerfile.dockerignore', 'tools', 'tools/**']));
    // The image has no docker:build task to point to.
    expect(project.tasks.tryFind('docker:scan:tool-box')!.description).toBe('Scan the ToolBox image (localhost/tools:1) with Trivy; build it first');
    expect(project.tasks.tryFind('docker:scan')!.steps.map((step) => step.spawn)).toEqual(['docker:scan:api', 'docker:scan:tool-box']);
  });

  it('names other build secrets after their id by default', () => {
    const project = githubProject();
    new TrivyWorkflow(project, 'Scan', { images: [new HandMadeImage(project, 'Tools', ['pip-conf', 'npmrc'])] });
    project.synth();
    const parsed = parse(readFileSync(join(project.outdir, WORKFLOW), 'utf-8')) as Workflow;
    const build = parsed.jobs['image-tools'].steps.find((step) => step.uses?.startsWith('docker/build-push-action'))!;
    expect(build.with?.secrets).toBe('pip-conf=${{ secrets.PIP_CONF }}\nnpmrc=${{ secrets.NPMRC }}');
  });

  it('adds docker:scan tasks that run Trivy, or say how to get it', () => {
    const { project } = synthWorkflow();
    const scan = project.tasks.tryFind('docker:scan:api')!.steps[0].exec!;
    expect(scan).toContain('trivy image --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 localhost/api:0.0.0');
    expect(scan).toContain('if ! command -v trivy >/dev/null 2>&1; then echo "docker:scan needs Trivy');
    expect(project.tasks.tryFind('docker:scan')!.steps.map((step) => step.spawn)).toEqual(['docker:scan:api']);
  });
});

interface BadWorkflow {
  readonly name: string;
  readonly project?: () => typescript.TypeScriptAppProject;
  readonly props: (project: typescript.TypeScriptAppProject, api: NodeDockerImage) => TrivyWorkflowProps;
  /** Each finding as the error lists it: `[Rule] path: message Fix: fix`. */
  readonly findings: string[];
}

const badWorkflows: BadWorkflow[] = [
  {
    name: 'no images',
    props: () => ({ images: [] }),
    findings: ['[NoImages] Scan: images is empty, so there is nothing to build. Fix: Pass the images of this project (such as NodeDockerImage objects) in images.'],
  },
  {
    name: 'an image from another project',
    props: () => {
      const other = typescriptTestProject({ name: 'other' });
      return { images: [new NodeDockerImage(other, 'Other')] };
    },
    findings: ['[ForeignImage] Scan: image Other belongs to project "other", not "api". Fix: Give each project its own TrivyWorkflow, with its own images.'],
  },
  {
    name: 'an image listed twice',
    props: (_project, api) => ({ images: [api, api] }),
    findings: ['[DuplicateImage] Scan: image Api is listed twice in images. Fix: List each image once.'],
  },
  {
    name: 'a workflow file another construct writes',
    project: () => {
      const project = githubProject();
      new TextFile(project, WORKFLOW, { lines: ['name: mine'] });
      return project;
    },
    props: (_project, api) => ({ images: [api] }),
    findings: [`[WorkflowFileTaken] Scan: ${WORKFLOW} is already written by TextFile@${WORKFLOW.replace(/\//g, '--')}. Fix: Give this TrivyWorkflow its own workflowName.`],
  },
  {
    name: 'a cron with six fields',
    props: (_project, api) => ({ images: [api], schedule: '0 0 4 * * 1' }),
    findings: ['[InvalidSchedule] Scan: schedule "0 0 4 * * 1" has 6 fields, and a schedule needs 5 (minute hour day-of-month month day-of-week). Fix: Give five fields, such as "23 4 * * 1" (Mondays, 04:23 UTC).'],
  },
  {
    name: 'a cron hour of 24',
    props: (_project, api) => ({ images: [api], schedule: '0 24 * * 1' }),
    findings: ['[InvalidSchedule] Scan: schedule "0 24 * * 1" has "24" as its hour, which is not a value from 0 to 23, a range, a list or a step. Fix: Give five fields, such as "23 4 * * 1" (Mondays, 04:23 UTC).'],
  },
  {
    name: 'an unknown severity',
    props: (_project, api) => ({ images: [api], severities: ['SEVERE' as TrivySeverity] }),
    findings: ['[InvalidSeverity] Scan: "SEVERE" is not a Trivy severity. Fix: Use UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL (TrivySeverity).'],
  },
  {
    name: 'no severities',
    props: (_project, api) => ({ images: [api], severities: [] }),
    findings: ['[NoSeverities] Scan: severities is empty, so the scan could never fail. Fix: List at least one, such as TrivySeverity.CRITICAL.'],
  },
  {
    name: 'a push without a registry',
    props: (_project, api) => ({ images: [api], push: { registry: '' } }),
    findings: ['[InvalidRegistry] Scan: push registry "" is not a registry host. Fix: Give a host such as "ghcr.io" or "registry.example.com:5000", or leave it out for GHCR.'],
  },
  {
    name: 'a push to another registry without credentials',
    props: (_project, api) => ({ images: [api], push: { registry: 'docker.io' } }),
    findings: ['[MissingCredentials] Scan: pushing to docker.io needs credentials, and usernameSecret and passwordSecret are not both given. Fix: Store them as repository secrets and name them here (GHCR alone works with GITHUB_TOKEN).'],
  },
  {
    name: 'a secret name GitHub reserves',
    props: (_project, api) => ({ images: [api], push: { registry: 'docker.io', usernameSecret: 'DOCKER_USER', passwordSecret: 'GITHUB_TOKEN' } }),
    findings: ['[InvalidSecretName] Scan: "GITHUB_TOKEN" is not a name a repository secret can have. Fix: Use letters, digits and underscores, not starting with GITHUB_.'],
  },
  {
    name: 'an npmrc secret name with a dash',
    props: (project) => ({ images: [new NodeDockerImage(project, 'Worker', { dockerfilePath: 'worker.Dockerfile', npmrcSecret: true })], npmrcSecret: 'MY-NPMRC' }),
    findings: ['[InvalidSecretName] Scan: "MY-NPMRC" is not a name a repository secret can have. Fix: Use letters, digits and underscores, not starting with GITHUB_.'],
  },
  {
    name: 'a push repository that is not a path',
    props: (_project, api) => ({ images: [api], push: { repository: 'team/services:latest' } }),
    findings: ['[InvalidRepository] Scan: push repository "team/services:latest" is not a repository path. Fix: Give a path such as "my-org/services".'],
  },
  {
    name: 'a platform that is not os/arch',
    props: (_project, api) => ({ images: [api], platforms: ['arm64'] }),
    findings: ['[InvalidPlatform] Scan: platform "arm64" is not os/arch[/variant]. Fix: Use platforms such as "linux/amd64" or "linux/arm64".'],
  },
  {
    name: 'a Trivy version that is not a release',
    props: (_project, api) => ({ images: [api], trivyVersion: 'latest' }),
    findings: ['[InvalidTrivyVersion] Scan: trivyVersion "latest" is not a release such as "v0.70.0". Fix: Pin an exact Trivy release.'],
  },
  {
    name: 'several problems at once',
    props: (_project, api) => ({ images: [api], schedule: 'weekly', severities: [], platforms: ['linux'] }),
    findings: [
      '[InvalidSchedule] Scan: schedule "weekly" has 1 field, and a schedule needs 5 (minute hour day-of-month month day-of-week). Fix: Give five fields, such as "23 4 * * 1" (Mondays, 04:23 UTC).',
      '[NoSeverities] Scan: severities is empty, so the scan could never fail. Fix: List at least one, such as TrivySeverity.CRITICAL.',
      '[InvalidPlatform] Scan: platform "linux" is not os/arch[/variant]. Fix: Use platforms such as "linux/amd64" or "linux/arm64".',
    ],
  },
];

/** The error a synthesis stops with, listing the findings. */
function nothingWritten(findings: string[]): string {
  return [`Nothing was written: ${findings.length === 1 ? '1 problem' : `${findings.length} problems`} found.`, ...findings.map((finding) => `  ${finding}`)].join('\n');
}

describe('TrivyWorkflow bad input', () => {
  it.each(badWorkflows)('is declared with $name, then refused at synthesis, and nothing is written', (bad) => {
    const project = bad.project?.() ?? githubProject();
    const api = new NodeDockerImage(project, 'Api');
    // Declaring never throws: every problem is reported together, at synthesis.
    new TrivyWorkflow(project, 'Scan', bad.props(project, api));
    expect(messageOf(() => project.synth())).toBe(nothingWritten(bad.findings));
    expect(readdirSync(project.outdir)).toEqual([]);
  });

  it('reports its problems together with those of the other constructs', () => {
    const project = githubProject();
    const api = new NodeDockerImage(project, 'Api');
    const trivyIgnore = new TrivyIgnore(project, { entries: [{ id: 'CVE-2026-0001', reason: '' }] });
    new TrivyWorkflow(project, 'Scan', { images: [api], trivyIgnore, trivyVersion: '0.70' });
    expect(messageOf(() => project.synth())).toBe(nothingWritten([
      '[MissingReason] TrivyIgnore@.trivyignore: the ignore of CVE-2026-0001 has no reason. Fix: Say why it is safe to ignore (not reachable, no fix yet, ...), for whoever reviews it.',
      '[InvalidTrivyVersion] Scan: trivyVersion "0.70" is not a release such as "v0.70.0". Fix: Pin an exact Trivy release.',
    ]));
    expect(readdirSync(project.outdir)).toEqual([]);
  });
});

// Regressions: with GitHub's workflows turned off the workflow has no file, which once
// failed with "TypeError: Cannot read properties of undefined (reading 'addOverride')".
describe('TrivyWorkflow on a project that writes no GitHub workflows', () => {
  const cases = [
    {
      name: 'GitHub with its workflows turned off',
      options: { githubOptions: { workflows: false } },
      finding: '[WorkflowsDisabled] Scan: project "api" has GitHub workflows turned off (githubOptions.workflows is false), so the workflow would not be written. Fix: Set githubOptions.workflows to true on the root project, or leave out the TrivyWorkflow.',
    },
    {
      name: 'no GitHub at all',
      options: { github: false },
      finding: '[NoGitHub] Scan: project "api" has no GitHub configuration, so there is no workflow to write. Fix: Enable GitHub on the root project (github: true), or leave out the TrivyWorkflow.',
    },
  ];

  it.each(cases)('is refused at synthesis with $name, naming the path, the rule and the fix, and nothing is written', ({ options, finding }) => {
    const project = githubProject(options);
    const api = new NodeDockerImage(project, 'Api');
    const trivyIgnore = new TrivyIgnore(project, { entries: [{ id: 'CVE-2026-12345', reason: 'never called' }] });
    const scan = new TrivyWorkflow(project, 'Scan', { images: [api], trivyIgnore });
    expect(scan.file).toBeUndefined();
    expect(messageOf(() => project.synth())).toBe(nothingWritten([finding]));
    expect(existsSync(join(project.outdir, '.github', 'workflows'))).toBe(false);
    for (const file of ['.trivyignore', 'Dockerfile', '.dockerignore', 'package.json', '.projen']) {
      expect(existsSync(join(project.outdir, file)), file).toBe(false);
    }
    expect(readdirSync(project.outdir)).toEqual([]);
  });
});

describe('TrivyIgnore', () => {
  const project = () => new javascript.NodeProject({ name: 'p', defaultReleaseBranch: 'main', outdir: temporaryOutdir(), github: false, jest: false });

  it('writes each id with its reason above it and its expiry as Trivy reads it', () => {
    const p = project();
    const ignore = new TrivyIgnore(p);
    ignore.addIgnore({ id: 'GHSA-abcd-efgh-ijkl', reason: 'Dev-only tool,\nnot in the image.' });
    ignore.addIgnore({ id: 'CVE-2026-0001', reason: 'No fix yet.', expires: '2027-01-31' });
    p.synth();
    const text = readFileSync(join(p.outdir, '.trivyignore'), 'utf-8');
    expect(text.split('\n').slice(1)).toEqual(['', '# Dev-only tool,', '# not in the image.', 'GHSA-abcd-efgh-ijkl', '', '# No fix yet.', 'CVE-2026-0001 exp:2027-01-31', '']);
    expect(ignore.ids).toEqual(['GHSA-abcd-efgh-ijkl', 'CVE-2026-0001']);
  });

  it('refuses an ignore without a reason, a bad id, a day that does not exist, and a duplicate', () => {
    const p = project();
    new TrivyIgnore(p, {
      entries: [
        { id: 'CVE-2026-0001', reason: ' ' },
        { id: 'CVE-26-1', reason: 'typo' },
        { id: 'CVE-2026-0002', reason: 'later', expires: '2027-02-30' },
        { id: 'CVE-2026-0002', reason: 'again' },
      ],
    });
    expect(messageOf(() => p.synth())).toBe(nothingWritten([
      '[MissingReason] TrivyIgnore@.trivyignore: the ignore of CVE-2026-0001 has no reason. Fix: Say why it is safe to ignore (not reachable, no fix yet, ...), for whoever reviews it.',
      '[InvalidFindingId] TrivyIgnore@.trivyignore: "CVE-26-1" is not a finding id. Fix: Give the id Trivy reports, such as "CVE-2026-12345" or "GHSA-abcd-efgh-ijkl".',
      '[InvalidExpiry] TrivyIgnore@.trivyignore: the ignore of CVE-2026-0002 expires on "2027-02-30", which is not a day. Fix: Write it as YYYY-MM-DD, such as "2027-01-31".',
      '[DuplicateIgnore] TrivyIgnore@.trivyignore: CVE-2026-0002 is ignored twice. Fix: Keep one entry, with one reason.',
    ]));
    expect(readdirSync(p.outdir)).toEqual([]);
  });

  it('writes an expired ignore, and warns that Trivy reports the finding again', () => {
    const p = project();
    new TrivyIgnore(p, { entries: [{ id: 'CVE-2020-0001', reason: 'No fix yet.', expires: '2020-01-31' }] });
    const warn = vi.spyOn(p.logger, 'warn');
    p.synth();
    expect(warn.mock.calls.map((call) => call.join(' '))).toEqual([
      '[ExpiredIgnore] TrivyIgnore@.trivyignore: the ignore of CVE-2020-0001 expired on 2020-01-31, so Trivy reports it again. Fix: Fix the finding and remove the entry, or renew the expiry with a reason.',
    ]);
    expect(readFileSync(join(p.outdir, '.trivyignore'), 'utf-8')).toContain('\nCVE-2020-0001 exp:2020-01-31\n');
  });
});
