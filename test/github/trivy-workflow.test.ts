import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { javascript, typescript } from 'projen';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { HealthCheck, NodeDockerImage, TrivyIgnore, TrivySeverity, TrivyWorkflow, TrivyWorkflowProps } from '../../src';
import { messageOf, temporaryOutdir, typescriptTestProject } from '../util';
import { lintWorkflow } from '../workflow-lint';

const WORKFLOW = '.github/workflows/container-images.yml';
const PINS = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'shared', 'data', 'github-actions.json'), 'utf-8')).actions as
  Record<string, { tag: string; sha: string }>;

interface Step { name: string; id?: string; uses?: string; if?: string; run?: string; with?: Record<string, unknown> }
interface Job { 'permissions': Record<string, string>; 'steps': Step[]; 'runs-on': string }
interface Workflow { on: any; concurrency: Record<string, string>; permissions: Record<string, string>; jobs: Record<string, Job> }

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
  readonly problems: string[];
}

const badWorkflows: BadWorkflow[] = [
  {
    name: 'no images',
    props: () => ({ images: [] }),
    problems: ['no images to build. Fix: pass the NodeDockerImage objects of this project in images.'],
  },
  {
    name: 'an image from another project',
    props: () => {
      const other = typescriptTestProject({ name: 'other' });
      return { images: [new NodeDockerImage(other, 'Other')] };
    },
    problems: ['image Other belongs to project "other", not "api". Fix: give each project its own TrivyWorkflow, with its own images.'],
  },
  {
    name: 'a project without GitHub',
    project: () => typescriptTestProject({ github: false }),
    props: (_project, api) => ({ images: [api] }),
    problems: ['project "api" has no GitHub configuration, so there is no workflow to write. Fix: enable github on the root project (github: true), or leave out the TrivyWorkflow.'],
  },
  {
    // Once a TypeError: the workflow had no file to override.
    name: 'a project whose GitHub workflows are turned off',
    project: () => githubProject({ githubOptions: { workflows: false } }),
    props: (_project, api) => ({ images: [api] }),
    problems: ['project "api" has GitHub workflows turned off (githubOptions.workflows is false), so the workflow would not be written. Fix: set githubOptions.workflows to true on the root project, or leave out the TrivyWorkflow.'],
  },
  {
    name: 'a cron with six fields',
    props: (_project, api) => ({ images: [api], schedule: '0 0 4 * * 1' }),
    problems: ['schedule "0 0 4 * * 1" has 6 fields, and a schedule needs 5 (minute hour day-of-month month day-of-week). Fix: give five fields, such as "23 4 * * 1" (Mondays, 04:23 UTC).'],
  },
  {
    name: 'a cron hour of 24',
    props: (_project, api) => ({ images: [api], schedule: '0 24 * * 1' }),
    problems: ['schedule "0 24 * * 1" has "24" as its hour, which is not a value from 0 to 23, a range, a list or a step. Fix: give five fields, such as "23 4 * * 1" (Mondays, 04:23 UTC).'],
  },
  {
    name: 'an unknown severity',
    props: (_project, api) => ({ images: [api], severities: ['SEVERE' as TrivySeverity] }),
    problems: ['"SEVERE" is not a Trivy severity. Fix: use UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL (TrivySeverity).'],
  },
  {
    name: 'no severities',
    props: (_project, api) => ({ images: [api], severities: [] }),
    problems: ['severities is empty, so the scan could never fail. Fix: list at least one, such as TrivySeverity.CRITICAL.'],
  },
  {
    name: 'a push without a registry',
    props: (_project, api) => ({ images: [api], push: { registry: '' } }),
    problems: ['push registry "" is not a registry host. Fix: give a host such as "ghcr.io" or "registry.example.com:5000", or leave it out for GHCR.'],
  },
  {
    name: 'a push to another registry without credentials',
    props: (_project, api) => ({ images: [api], push: { registry: 'docker.io' } }),
    problems: ['pushing to docker.io needs credentials, and usernameSecret and passwordSecret are not both given. Fix: store them as repository secrets and name them here (GHCR alone works with GITHUB_TOKEN).'],
  },
  {
    name: 'a secret name GitHub reserves',
    props: (_project, api) => ({ images: [api], push: { registry: 'docker.io', usernameSecret: 'DOCKER_USER', passwordSecret: 'GITHUB_TOKEN' } }),
    problems: ['"GITHUB_TOKEN" is not a name a repository secret can have. Fix: use letters, digits and underscores, not starting with GITHUB_.'],
  },
  {
    name: 'a platform that is not os/arch',
    props: (_project, api) => ({ images: [api], platforms: ['arm64'] }),
    problems: ['platform "arm64" is not os/arch[/variant]. Fix: use platforms such as "linux/amd64" or "linux/arm64".'],
  },
  {
    name: 'a Trivy version that is not a release',
    props: (_project, api) => ({ images: [api], trivyVersion: 'latest' }),
    problems: ['trivyVersion "latest" is not a release such as "v0.70.0". Fix: pin an exact Trivy release.'],
  },
];

/** The error a synthesis stops with, listing the findings. */
function nothingWritten(findings: string[]): string {
  return [`Nothing was written: ${findings.length === 1 ? '1 problem' : `${findings.length} problems`} found.`, ...findings.map((finding) => `  ${finding}`)].join('\n');
}

describe('TrivyWorkflow bad input', () => {
  it.each(badWorkflows)('refuses $name, and writes no workflow', (bad) => {
    const project = bad.project?.() ?? githubProject();
    const api = new NodeDockerImage(project, 'Api');
    const message = messageOf(() => new TrivyWorkflow(project, 'Scan', bad.props(project, api)));
    const count = bad.problems.length === 1 ? '1 problem' : `${bad.problems.length} problems`;
    expect(message).toBe([`Scan: TrivyWorkflow was not created: ${count} found.`, ...bad.problems.map((problem) => `  - ${problem}`)].join('\n'));
    expect(existsSync(join(project.outdir, WORKFLOW))).toBe(false);
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
