import { IConstruct } from 'constructs';
import { Component, ObjectFile } from 'projen';
import { GitHub } from 'projen/lib/github';
import { Release } from 'projen/lib/release';
import { pinnedVersion, TRIVY_VERSION } from './action-pins';
import { CommentedYamlFile } from './commented-yaml-file';
import { imageJob } from './image-job';
import { RegistryPushOptions } from './registry-push-options';
import { addScanTask } from './scan-task';
import { TrivyIgnore } from './trivy-ignore';
import { TrivySeverity } from './trivy-severity';
import { renderJob, WorkflowJob } from './workflow-model';
import { DEFAULT_SCHEDULE, workflowProblems } from './workflow-problems';
import { inputPaths, inRepository, workflowTriggers } from './workflow-triggers';
import { claimId, pathInProject } from '../core/construct-path';
import { findingsOf, Problem } from '../core/problem';
import { SynthesisChecks } from '../core/synthesis-checks';
import { kebabCase } from '../core/tasks';
import { IContainerImage } from '../dockerfile/container-image';

/**
 * Options of a TrivyWorkflow.
 */
export interface TrivyWorkflowProps {
  /** The images to build and scan, all of this project (such as NodeDockerImage objects). */
  readonly images: IContainerImage[];

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
   * @default - the release this version of the library pins
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

  /**
   * The repository secret passed as each build secret the images mount, by build secret id
   * (`{ npmrc: 'NPMRC' }`); it wins over `npmrcSecret`.
   * @default - `npmrc` from `npmrcSecret`; any other id from the secret of its name in upper case, `-` and `.` as `_` (`pip-conf` from `PIP_CONF`)
   */
  readonly buildSecrets?: { [id: string]: string };
}

/**
 * A GitHub workflow that builds every image with BuildKit and scans it with
 * Trivy: on pushes to the default branch and pull requests that change what
 * the images are built from, in merge queues, weekly, and on demand. Each image
 * has its own job with the least permissions it needs; every action is pinned
 * to a commit, with its release tag beside it. A table-format run fails the job on the chosen
 * severities, and a SARIF run of the same severities is uploaded to code
 * scanning even when the gate fails (not from pull requests from forks, whose
 * token cannot upload: their job summary says so).
 *
 * The images are read at synthesis, after they have read the project, so the
 * path filters follow what their Dockerfiles copy then. Also adds a local
 * `docker:scan` task per image, which runs Trivy when it is installed.
 */
export class TrivyWorkflow extends Component {
  /**
   * The workflow file, `.github/workflows/<workflowName>.yml`, for overrides
   * (`file.addOverride('jobs.image-api.timeout-minutes', 30)`); undefined when
   * the root project writes no GitHub workflows, which synthesis reports.
   */
  public readonly file?: ObjectFile;
  /** The name of the workflow. */
  public readonly workflowName: string;

  private readonly props: TrivyWorkflowProps;
  private readonly github?: GitHub;
  private readonly workflowPath: string;
  private readonly workflowPathTakenBy?: string;
  private problems: Problem[] = [];
  private triggers: object = {};
  private jobs: Array<[string, WorkflowJob]> = [];

  public constructor(scope: IConstruct, id: string, props: TrivyWorkflowProps) {
    super(scope, claimId(scope, id, 'TrivyWorkflow'));
    this.props = props;
    this.workflowName = props.workflowName ?? 'container-images';
    // Named as projen names workflow files.
    this.workflowPath = `.github/workflows/${this.workflowName.toLocaleLowerCase()}.yml`;
    this.github = GitHub.of(this.project.root);
    if (this.github?.workflowsEnabled) {
      const taken = this.github.project.tryFindFile(this.workflowPath);
      if (taken) {
        this.workflowPathTakenBy = pathInProject(taken);
      } else {
        // Under this construct, unless the workflow belongs to a subproject: workflows live at the root.
        const owner = this.project === this.github.project ? this : this.github.project;
        this.file = new CommentedYamlFile(owner, this.workflowPath, {
          obj: () => this.renderWorkflow(),
          // GitHub reads the workflow from the repository.
          committed: true,
          // Reviewers see the release beside each pinned commit.
          commentOf: (key, value) => (key === 'uses' && typeof value === 'string' ? pinnedVersion(value) : undefined),
        });
      }
    }
    SynthesisChecks.of(this.project).register({ prepare: () => this.prepare(), findings: () => findingsOf(this, this.problems) });
  }

  public preSynthesize(): void {
    SynthesisChecks.of(this.project).run();
  }

  /** Checks the options, then reads the images as they are now into the triggers, the jobs and the scan tasks. */
  private prepare(): void {
    const { props, project } = this;
    const severities = props.severities ?? [TrivySeverity.HIGH, TrivySeverity.CRITICAL];
    const schedule = props.schedule ?? DEFAULT_SCHEDULE;
    const platforms = props.platforms ?? ['linux/amd64'];
    const registry = props.push ? props.push.registry ?? 'ghcr.io' : undefined;
    const buildSecrets = this.buildSecretNames();
    this.problems = workflowProblems({
      project,
      images: props.images,
      github: this.github,
      workflowPath: this.workflowPath,
      workflowPathTakenBy: this.workflowPathTakenBy,
      schedule,
      severities,
      platforms,
      push: props.push,
      registry,
      trivyVersion: props.trivyVersion,
      // Every name given is checked, used or not: each may reach a `secrets.` expression.
      buildSecretNames: [...new Set([
        ...Object.values(buildSecrets), ...Object.values(props.buildSecrets ?? {}), ...(props.npmrcSecret !== undefined ? [props.npmrcSecret] : []),
      ])],
      workflowName: this.workflowName,
      runsOn: props.runsOn ?? ['ubuntu-24.04'],
    });
    if (this.problems.length > 0 || !this.file) {
      return;
    }
    const trivyIgnore = props.trivyIgnore ? inRepository(project, props.trivyIgnore.path) : undefined;
    const branch = Release.of(project)?.branches[0] ?? 'main';
    this.triggers = workflowTriggers(branch, inputPaths(project, props.images, this.workflowPath, trivyIgnore), schedule);
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
        buildSecrets,
        buildSecretFiles: Object.fromEntries(Object.entries(image.buildSecretFiles)
          .map(([secret, file]) => [secret, inRepository(project, file)])),
      })];
    });
    for (const image of props.images) {
      addScanTask(project, image, severities, props.ignoreUnfixed ?? true);
    }
  }

  /** The repository secret of each build secret the images mount. */
  private buildSecretNames(): { [id: string]: string } {
    const names: { [id: string]: string } = {};
    for (const id of new Set(this.props.images.flatMap((image) => image.buildSecrets))) {
      names[id] = this.props.buildSecrets?.[id]
        ?? (id === 'npmrc' ? this.props.npmrcSecret ?? 'NPMRC' : id.toUpperCase().replace(/[-.]/g, '_'));
    }
    return names;
  }

  /** The workflow as its file writes it. */
  private renderWorkflow(): object {
    SynthesisChecks.of(this.project).prepare();
    return {
      name: this.workflowName,
      on: this.triggers,
      jobs: Object.fromEntries(this.jobs.map(([jobId, job]) => [jobId, renderJob(job, this.github!.actions)])),
      // Only a pull request's run is cancelled by a newer one: pushes and scheduled scans finish once started.
      // Each merge-queue run is a group of its own, so that no later run can cancel it, even
      // pending: a cancelled required check removes the pull request from the queue.
      concurrency: {
        'group': "${{ github.workflow }}-${{ github.event_name == 'merge_group' && github.run_id || github.ref }}",
        'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
      },
      // Jobs ask for what they need; nothing else gets more than reading the code.
      permissions: { contents: 'read' },
    };
  }
}
