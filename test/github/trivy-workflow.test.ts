import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NodeDockerImage, TrivyIgnore, TrivySeverity, TrivyWorkflow } from '../../src';
import { lintWorkflow } from '../workflow-lint';
import { expectSafeWorkflow, githubProject, HandMadeImage, PINS, synthWorkflow, Workflow, WORKFLOW, writes } from './workflow-kit';

describe('TrivyWorkflow', () => {
  it('builds, gates and reports one image on pushes, pull requests, merge queues, a weekly schedule and on demand', async () => {
    const { text, parsed } = synthWorkflow();
    expect(text).toMatchSnapshot();
    await expectSafeWorkflow(text, parsed);
    expect(Object.keys(parsed.on).sort()).toEqual(['merge_group', 'pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(parsed.on.push.branches).toEqual(['main']);
    expect(parsed.on.schedule).toEqual([{ cron: '23 4 * * 1' }]);
    expect(parsed.on.pull_request.paths).toEqual(expect.arrayContaining([WORKFLOW, 'Dockerfile', '.dockerignore', 'package.json', 'package-lock.json', 'src', 'src/**', 'tsconfig.json']));
    expect(parsed.on.pull_request.paths).not.toContain('package.json/**');
    expect(parsed.concurrency).toEqual({
      'group': "${{ github.workflow }}-${{ github.event_name == 'merge_group' && github.run_id || github.ref }}",
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    });
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
    expect(gate.with).toMatchObject({ 'format': 'table', 'exit-code': '1', 'severity': 'CRITICAL', 'ignore-unfixed': false, 'version': 'v0.74.0', 'cache': true });
    expect(report.with).toMatchObject({ format: 'sarif', severity: 'CRITICAL' });
    expect(report.with!['exit-code']).toBeUndefined();
    // Nothing else in the job can fail it on a finding.
    expect(parsed.jobs['image-api'].steps.filter((step) => step.with?.['exit-code'] !== undefined)).toEqual([gate]);
  });

  it('lets two workflows scan one image, sharing its scan task', async () => {
    const project = githubProject();
    const api = new NodeDockerImage(project, 'Api');
    new TrivyWorkflow(project, 'Scan', { images: [api] });
    new TrivyWorkflow(project, 'Nightly', { images: [api], workflowName: 'nightly', schedule: '0 2 * * *' });
    project.synth();
    for (const file of ['container-images.yml', 'nightly.yml']) {
      const text = readFileSync(join(project.outdir, '.github', 'workflows', file), 'utf-8');
      expect(Object.keys((parse(text) as Workflow).jobs)).toEqual(['image-api']);
      expect(await lintWorkflow(text, `.github/workflows/${file}`)).toEqual([]);
    }
    const tasks = JSON.parse(readFileSync(join(project.outdir, '.projen', 'tasks.json'), 'utf-8')).tasks;
    expect(tasks['docker:scan'].steps).toEqual([{ spawn: 'docker:scan:api' }]);
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
    const pushing = steps.slice(steps.findIndex((step) => step.name.startsWith('Say why there is no report')) + 1);
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
