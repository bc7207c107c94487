import { IConstruct } from 'constructs';
import { Component, ObjectFile } from 'projen';
import { GitHub } from 'projen/lib/github';
import { Release } from 'projen/lib/release';
import { pinnedVersion, TRIVY_VERSION } from './action-pins';
import { CommentedYamlFile } from './commented-yaml-file';
import { cronProblem } from './cron';
import { imageJob } from './image-job';
import { RegistryPushOptions } from './registry-push-options';
import { addScanTask } from './scan-task';
import { TrivyIgnore } from './trivy-ignore';
import { TrivySeverity } from './trivy-severity';
import { renderJob, WorkflowJob } from './workflow-model';
import { inputPaths, inRepository, workflowTriggers } from './workflow-triggers';
import { pathInProject } from '../core/construct-path';
import { optionalProblem } from '../core/problem';
import { kebabCase } from '../core/tasks';
import { NodeDockerImage } from '../node/node-docker-image';

/**
 * Options of a TrivyWorkflow.
 */
export interface TrivyWorkflowProps {
  /** The images to build and scan, all of this project. */
  readonly images: NodeDockerImage[];

  /**
   * Name of the workflow (and of its file under `.github/workflows`).
   * @default "container-images"
   */
  readonly workflowName?: string;

  /**
   * Severities that fail the scan; the SARIF report lists the same.
   * @default [TrivySeverity.HIGH, TrivySeverity.CRITICAL]
   */
  readonly severities?: TrivySeverity[];

  /**
   * Leave out vulnerabilities that have no fix yet.
   * @default true
   */
  readonly ignoreUnfixed?: boolean;

  /**
   * When to scan again without a change, as a cron expression (UTC): new vulnerabilities are published every day.
   * @default "23 4 * * 1" (Mondays, 04:23)
   */
  readonly schedule?: string;

  /**
   * Platforms the pushed images are built for (the scanned image is built for the runner's, linux/amd64).
   * More than one, or another than linux/amd64, sets up QEMU.
   * @default ["linux/amd64"]
   */
  readonly platforms?: string[];

  /**
   * Push the scanned images from the default branch (never from pull requests).
   * @default - images are built and scanned, not pushed
   */
  readonly push?: RegistryPushOptions;

  /**
   * The Trivy release the action runs.
   * @default - the release the library pins (v0.70.0)
   */
  readonly trivyVersion?: string;

  /**
   * Findings Trivy ignores, each with a reason: written to `.trivyignore`.
   * @default - no .trivyignore
   */
  readonly trivyIgnore?: TrivyIgnore;

  /**
   * The runner's labels.
   * @default ["ubuntu-24.04"]
   */
  readonly runsOn?: string[];

  /**
   * The repository is private: SARIF uploads then also need `actions: read`.
   * @default false
   */
  readonly privateRepository?: boolean;

  /**
   * The repository secret that holds the `.npmrc` of images with `npmrcSecret` (passed as the `npmrc` build secret).
   * @default "NPMRC"
   */
  readonly npmrcSecret?: string;

}

const DEFAULT_SCHEDULE = '23 4 * * 1';
const SEVERITIES = Object.values(TrivySeverity) as string[];

/**
 * A GitHub workflow that builds every image with BuildKit and scans it with
 * Trivy: on pushes to the default branch and pull requests that change what
 * the images are built from, weekly, and on demand. Each image has its own job
 * with the least permissions it needs; every action is pinned to a commit, with
 * its release tag beside it. A table-format run fails the job on the chosen
 * severities, and a SARIF run of the same severities is uploaded to code
 * scanning even when the gate fails.
 *
 * Also adds a local `docker:scan` task per image, which runs Trivy when it is installed.
 */
export class TrivyWorkflow extends Component {
  /**
   * The workflow file, `.github/workflows/<workflowName>.yml`, for overrides
   * (`file.addOverride('jobs.image-api.timeout-minutes', 30)`).
   */
  public readonly file: ObjectFile;
  /** The name of the workflow. */
  public readonly workflowName: string;

  private readonly github: GitHub;
  private readonly triggers: object;
  private readonly jobs: Array<[string, WorkflowJob]>;

  public constructor(scope: IConstruct, id: string, props: TrivyWorkflowProps) {
    super(scope, id);
    const project = this.project;
    const where = pathInProject(this);
    const github = GitHub.of(project.root);
    const severities = props.severities ?? [TrivySeverity.HIGH, TrivySeverity.CRITICAL];
    const schedule = props.schedule ?? DEFAULT_SCHEDULE;
    const platforms = props.platforms ?? ['linux/amd64'];
    const registry = props.push ? props.push.registry ?? 'ghcr.io' : undefined;

    const problems = [
      ...(props.images.length === 0 ? ['no images to build. Fix: pass the NodeDockerImage objects of this project in images.'] : []),
      ...props.images.filter((image) => image.project !== project).map((image) =>
        `image ${image.node.id} belongs to project "${image.project.name}", not "${project.name}". Fix: give each project its own TrivyWorkflow, with its own images.`),
      ...(github ? [] : [`project "${project.root.name}" has no GitHub configuration, so there is no workflow to write. Fix: enable github on the root project (github: true), or leave out the TrivyWorkflow.`]),
      ...(github && !github.workflowsEnabled
        ? [`project "${project.root.name}" has GitHub workflows turned off (githubOptions.workflows is false), so the workflow would not be written. Fix: set githubOptions.workflows to true on the root project, or leave out the TrivyWorkflow.`]
        : []),
      ...optionalProblem(cronProblem(schedule), (problem) => `schedule "${schedule}" ${problem}. Fix: give five fields, such as "${DEFAULT_SCHEDULE}" (Mondays, 04:23 UTC).`),
      ...(severities.length === 0 ? ['severities is empty, so the scan could never fail. Fix: list at least one, such as TrivySeverity.CRITICAL.'] : []),
      ...severities.filter((severity) => !SEVERITIES.includes(severity)).map((severity) =>
        `"${severity}" is not a Trivy severity. Fix: use ${SEVERITIES.join(', ')} (TrivySeverity).`),
      ...platforms.filter((platform) => !/^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/.test(platform)).map((platform) =>
        `platform "${platform}" is not os/arch[/variant]. Fix: use platforms such as "linux/amd64" or "linux/arm64".`),
      ...(props.push ? pushProblems(props.push, registry!) : []),
      ...(props.trivyVersion !== undefined && !/^v\d+\.\d+\.\d+$/.test(props.trivyVersion)
        ? [`trivyVersion "${props.trivyVersion}" is not a release such as "${TRIVY_VERSION}". Fix: pin an exact Trivy release.`] : []),
    ];
    if (problems.length > 0) {
      throw new Error([`${where}: TrivyWorkflow was not created: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`} found.`,
        ...problems.map((problem) => `  - ${problem}`)].join('\n'));
    }

    this.github = github!;
    this.workflowName = props.workflowName ?? 'container-images';
    // Named as projen names workflow files.
    const workflowPath = `.github/workflows/${this.workflowName.toLocaleLowerCase()}.yml`;
    // Under this construct, unless the workflow belongs to a subproject: workflows live at the root.
    const owner = project === this.github.project ? this : this.github.project;
    this.file = new CommentedYamlFile(owner, workflowPath, {
      obj: () => this.renderWorkflow(),
      // GitHub reads the workflow from the repository.
      committed: true,
      // Reviewers see the release beside each pinned commit.
      commentOf: (key, value) => (key === 'uses' && typeof value === 'string' ? pinnedVersion(value) : undefined),
    });

    const trivyIgnore = props.trivyIgnore ? inRepository(project, props.trivyIgnore.path) : undefined;
    const branch = Release.of(project)?.branches[0] ?? 'main';
    this.triggers = workflowTriggers(branch, inputPaths(project, props.images, workflowPath, trivyIgnore), schedule);
    this.jobs = props.images.map((image) => {
      const jobId = `image-${kebabCase(image.node.id)}`;
      return [jobId, imageJob(image, jobId, {
        context: inRepository(project, image.buildContext),
        dockerfile: inRepository(project, image.dockerfile.path),
        severities,
        ignoreUnfixed: props.ignoreUnfixed ?? true,
        trivyVersion: props.trivyVersion ?? TRIVY_VERSION,
        trivyIgnore,
        platforms,
        push: props.push,
        registry,
        runsOn: props.runsOn ?? ['ubuntu-24.04'],
        privateRepository: props.privateRepository ?? false,
        buildSecrets: { npmrc: props.npmrcSecret ?? 'NPMRC' },
      })];
    });
    for (const image of props.images) {
      addScanTask(project, image, severities, props.ignoreUnfixed ?? true);
    }
  }

  /** The workflow as its file writes it. */
  private renderWorkflow(): object {
    return {
      name: this.workflowName,
      on: this.triggers,
      jobs: Object.fromEntries(this.jobs.map(([jobId, job]) => [jobId, renderJob(job, this.github.actions)])),
      // Only pull requests are cancelled by a newer run: pushes and scheduled scans always finish.
      concurrency: {
        'group': '${{ github.workflow }}-${{ github.ref }}',
        'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
      },
      // Jobs ask for what they need; nothing else gets more than reading the code.
      permissions: { contents: 'read' },
    };
  }
}

function pushProblems(push: RegistryPushOptions, registry: string): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9.-]+(?::\d+)?$/i.test(registry)) {
    problems.push(`push registry "${registry}" is not a registry host. Fix: give a host such as "ghcr.io" or "registry.example.com:5000", or leave it out for GHCR.`);
  } else if (registry !== 'ghcr.io' && (push.usernameSecret === undefined || push.passwordSecret === undefined)) {
    problems.push(`pushing to ${registry} needs credentials, and usernameSecret and passwordSecret are not both given. Fix: store them as repository secrets and name them here (GHCR alone works with GITHUB_TOKEN).`);
  }
  for (const secret of [push.usernameSecret, push.passwordSecret].filter((name): name is string => name !== undefined)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(secret) || /^GITHUB_/i.test(secret)) {
      problems.push(`"${secret}" is not a name a repository secret can have. Fix: use letters, digits and underscores, not starting with GITHUB_.`);
    }
  }
  if (push.repository !== undefined && !/^[a-z0-9${}. _/-]+$/i.test(push.repository)) {
    problems.push(`push repository "${push.repository}" is not a repository path. Fix: give a path such as "my-org/services".`);
  }
  return problems;
}
