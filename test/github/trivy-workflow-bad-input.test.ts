import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { TextFile, typescript } from 'projen';
import { describe, expect, it } from 'vitest';
import { NodeDockerImage, TrivyIgnore, TrivySeverity, TrivyWorkflow, TrivyWorkflowProps } from '../../src';
import { messageOf, typescriptTestProject } from '../util';
import { githubProject, nothingWritten, WORKFLOW } from './workflow-kit';

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
    findings: ['[InvalidRepository] Scan: push repository "team/services:latest" is not a repository path (lowercase letters and digits, separated by ".", "_", "-" or "/"). Fix: Give a path such as "my-org/services", or leave it out for the GitHub repository\'s own.'],
  },
  {
    name: 'a platform that is not os/arch',
    props: (_project, api) => ({ images: [api], platforms: ['arm64'] }),
    findings: ['[InvalidPlatform] Scan: platform "arm64" is not os/arch[/variant]. Fix: Use platforms such as "linux/amd64" or "linux/arm64".'],
  },
  {
    name: 'a Trivy version that is not a release',
    props: (_project, api) => ({ images: [api], trivyVersion: 'latest' }),
    findings: ['[InvalidTrivyVersion] Scan: trivyVersion "latest" is not a release such as "v0.74.0". Fix: Pin an exact Trivy release.'],
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
      '[InvalidTrivyVersion] Scan: trivyVersion "0.70" is not a release such as "v0.74.0". Fix: Pin an exact Trivy release.',
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
