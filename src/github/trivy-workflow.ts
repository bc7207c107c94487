import { posix, relative } from 'path';
import { IConstruct } from 'constructs';
import { Component, Project } from 'projen';
import { GitHub, GithubWorkflow } from 'projen/lib/github';
import { Job, JobPermission, JobPermissions, JobStep } from 'projen/lib/github/workflows-model';
import { pathInProject } from '../core/construct-path';
import { optionalProblem } from '../core/problem';
import { spawnFromAggregate } from '../core/tasks';
import { commentVersions, pinnedAction, TRIVY_VERSION } from './action-pins';
import { cronProblem } from './cron';
import { TrivyIgnore } from './trivy-ignore';
import { TrivySeverity } from './trivy-severity';
import { contextCopies } from '../dockerfile/context-copies';
import { NodeDockerImage } from '../node/node-docker-image';

/**
 * Where and how TrivyWorkflow pushes the images it has scanned.
 */
export interface RegistryPushOptions {
  /**
   * The registry host.
   * @default "ghcr.io"
   */
  readonly registry?: string;

  /**
   * The repository path of the images in the registry; each image is pushed as `<registry>/<repository>/<image>`.
   * @default "${{ github.repository }}"
   */
  readonly repository?: string;

  /**
   * Repository secrets with the registry's user name and password or token (not needed for GHCR, which uses `GITHUB_TOKEN`).
   * @default - GHCR: `github.actor` and `GITHUB_TOKEN`; other registries: none, which is an error
   */
  readonly usernameSecret?: string;

  /**
   * Repository secret with the registry password or token.
   * @default - GHCR: `GITHUB_TOKEN`
   */
  readonly passwordSecret?: string;

  /**
   * Attach SBOM and provenance to the image and attest its build with `actions/attest`.
   * @default true
   */
  readonly attestations?: boolean;
}

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
 * with the least permissions it needs; every action is pinned to a commit.
 * A table-format run fails the job on the chosen severities, and a SARIF run of
 * the same severities is uploaded to code scanning even when the gate fails.
 *
 * Also adds a local `docker:scan` task per image, which runs Trivy when it is installed.
 */
export class TrivyWorkflow extends Component {
  /** The workflow. */
  public readonly workflow: GithubWorkflow;

  public constructor(scope: IConstruct, id: string, props: TrivyWorkflowProps) {
    super(scope, id);
    const project = Project.of(this);
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

    const name = props.workflowName ?? 'container-images';
    this.workflow = new GithubWorkflow(github!, name);
    // Only pull requests are cancelled by a newer run: pushes and scheduled scans always finish.
    this.workflow.file!.addOverride('concurrency', {
      'group': '${{ github.workflow }}-${{ github.ref }}',
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    });
    // Jobs ask for what they need; nothing else gets more than reading the code.
    this.workflow.file!.addOverride('permissions', { contents: 'read' });
    const file = this.workflow.file! as unknown as { synthesizeContent(resolver: unknown): string | undefined };
    const render = file.synthesizeContent.bind(file);
    // projen writes YAML without comments; the pins get their release tag beside them for reviewers.
    file.synthesizeContent = (resolver) => {
      const text = render(resolver);
      return text === undefined ? undefined : commentVersions(text);
    };

    const inRepository = (path: string) => posix.normalize(posix.join(relative(project.root.outdir, project.outdir).split('\\').join('/'), path));
    const workflowPath = `.github/workflows/${name}.yml`;
    const paths = new Set<string>([workflowPath, ...(props.trivyIgnore ? [inRepository(props.trivyIgnore.path)] : [])]);
    for (const image of props.images) {
      paths.add(inRepository(image.dockerfile.path));
      paths.add(inRepository(image.dockerIgnore.path));
      for (const path of copiedPaths(image).map(inRepository)) {
        // A name without an extension may be a folder (src, lib): its files are inputs too.
        paths.add(path);
        if (!/[*?[]/.test(path) && !posix.basename(path).includes('.')) {
          paths.add(`${path}/**`);
        }
      }
    }
    const branches = [defaultBranchOf(project)];
    this.workflow.on({
      push: { branches, paths: [...paths] },
      pullRequest: { paths: [...paths] },
      schedule: [{ cron: schedule }],
      workflowDispatch: {},
    });

    for (const image of props.images) {
      const jobId = `image-${image.taskSuffix}`;
      this.workflow.addJob(jobId, this.imageJob(image, jobId, {
        context: inRepository(image.buildContext),
        dockerfile: inRepository(image.dockerfile.path),
        severities,
        ignoreUnfixed: props.ignoreUnfixed ?? true,
        trivyVersion: props.trivyVersion ?? TRIVY_VERSION,
        trivyIgnore: props.trivyIgnore ? inRepository(props.trivyIgnore.path) : undefined,
        platforms,
        push: props.push,
        registry,
        runsOn: props.runsOn ?? ['ubuntu-24.04'],
        privateRepository: props.privateRepository ?? false,
        npmrcSecret: props.npmrcSecret ?? 'NPMRC',
      }));
      addScanTask(project, image, severities, props.ignoreUnfixed ?? true);
    }
  }

  private imageJob(image: NodeDockerImage, jobId: string, options: JobOptions): Job {
    const scanned = image.imageName;
    const trivy = {
      'image-ref': scanned,
      'severity': options.severities.join(','),
      'ignore-unfixed': options.ignoreUnfixed,
      'version': options.trivyVersion,
      ...(options.trivyIgnore ? { trivyignores: options.trivyIgnore } : {}),
    };
    const sarif = `trivy-${jobId}.sarif`;
    const crossPlatform = options.platforms.length > 1 || options.platforms[0] !== 'linux/amd64';
    const buildInputs = {
      'context': options.context,
      'file': options.dockerfile,
      'target': 'runtime',
      'build-args': 'REVISION=${{ github.sha }}\nCREATED=${{ steps.created.outputs.created }}',
      'cache-from': `type=gha,scope=${jobId}`,
      'cache-to': `type=gha,mode=max,scope=${jobId}`,
      ...(image.npmrcSecret ? { secrets: `npmrc=\${{ secrets.${options.npmrcSecret} }}` } : {}),
    };
    const steps: JobStep[] = [
      { name: 'Check out', uses: pinnedAction('actions/checkout'), with: { 'persist-credentials': false } },
      { name: 'Record the build time', id: 'created', run: 'echo "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$GITHUB_OUTPUT"' },
      ...(options.push && crossPlatform ? [{ name: 'Set up QEMU', uses: pinnedAction('docker/setup-qemu-action') }] : []),
      { name: 'Set up Buildx', uses: pinnedAction('docker/setup-buildx-action') },
      { name: 'Build the image', uses: pinnedAction('docker/build-push-action'), with: { ...buildInputs, load: true, push: false, tags: scanned } },
      {
        name: `Scan: fail on ${options.severities.join(', ')}`,
        uses: pinnedAction('aquasecurity/trivy-action'),
        with: { ...trivy, 'format': 'table', 'exit-code': '1', 'cache': true },
      },
      {
        name: 'Scan: SARIF report',
        if: 'always()',
        uses: pinnedAction('aquasecurity/trivy-action'),
        with: { ...trivy, 'format': 'sarif', 'output': sarif, 'limit-severities-for-sarif': true, 'skip-setup-trivy': true, 'cache': true },
      },
      {
        name: 'Upload the report to code scanning',
        if: 'always()',
        uses: pinnedAction('github/codeql-action/upload-sarif'),
        with: { sarif_file: sarif, category: jobId },
      },
      ...(options.push ? pushSteps(image, options, buildInputs) : []),
    ];
    const permissions: JobPermissions = {
      contents: JobPermission.READ,
      securityEvents: JobPermission.WRITE,
      ...(options.privateRepository ? { actions: JobPermission.READ } : {}),
      ...(options.push ? { packages: JobPermission.WRITE } : {}),
      ...(options.push && (options.push.attestations ?? true) ? { idToken: JobPermission.WRITE, attestations: JobPermission.WRITE } : {}),
    };
    return {
      name: `Build and scan ${image.node.id}`,
      runsOn: options.runsOn,
      permissions,
      steps,
    };
  }
}

interface JobOptions {
  readonly context: string;
  readonly dockerfile: string;
  readonly severities: TrivySeverity[];
  readonly ignoreUnfixed: boolean;
  readonly trivyVersion: string;
  readonly trivyIgnore?: string;
  readonly platforms: string[];
  readonly push?: RegistryPushOptions;
  readonly registry?: string;
  readonly runsOn: string[];
  readonly privateRepository: boolean;
  readonly npmrcSecret: string;
}

/** Steps that push a scanned image from the default branch, with its tags, SBOM, provenance and attestation. */
function pushSteps(image: NodeDockerImage, options: JobOptions, buildInputs: object): JobStep[] {
  const push = options.push!;
  const attest = push.attestations ?? true;
  const onDefaultBranch = "github.event_name != 'pull_request' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";
  const ghcr = options.registry === 'ghcr.io' && push.usernameSecret === undefined;
  const repositoryName = imageRepositoryName(image);
  return [
    {
      name: 'Name the image (registries want lowercase)',
      id: 'name',
      if: onDefaultBranch,
      env: { IMAGE: `${options.registry}/${push.repository ?? '${{ github.repository }}'}/${repositoryName}` },
      run: 'echo "image=${IMAGE,,}" >> "$GITHUB_OUTPUT"',
    },
    {
      name: `Log in to ${options.registry}`,
      if: onDefaultBranch,
      uses: pinnedAction('docker/login-action'),
      with: {
        registry: options.registry,
        username: ghcr ? '${{ github.actor }}' : `\${{ secrets.${push.usernameSecret} }}`,
        password: ghcr ? '${{ secrets.GITHUB_TOKEN }}' : `\${{ secrets.${push.passwordSecret} }}`,
      },
    },
    {
      name: 'Tag the image',
      id: 'meta',
      if: onDefaultBranch,
      uses: pinnedAction('docker/metadata-action'),
      with: {
        images: '${{ steps.name.outputs.image }}',
        tags: 'type=sha,format=long\ntype=raw,value=latest,enable={{is_default_branch}}',
      },
    },
    {
      name: `Push the image (${options.platforms.join(', ')})`,
      id: 'push',
      if: onDefaultBranch,
      uses: pinnedAction('docker/build-push-action'),
      with: {
        ...buildInputs,
        platforms: options.platforms.join(','),
        push: true,
        tags: '${{ steps.meta.outputs.tags }}',
        labels: '${{ steps.meta.outputs.labels }}',
        ...(attest ? { provenance: 'mode=max', sbom: true } : { provenance: false }),
      },
    },
    ...(attest ? [{
      name: 'Attest the build',
      if: onDefaultBranch,
      uses: pinnedAction('actions/attest'),
      with: {
        'subject-name': '${{ steps.name.outputs.image }}',
        'subject-digest': '${{ steps.push.outputs.digest }}',
        'push-to-registry': true,
      },
    }] : []),
  ];
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

/** What the image's Dockerfile copies from the build context, relative to the project. */
function copiedPaths(image: NodeDockerImage): string[] {
  return contextCopies(image.dockerfile).map(({ source }) => posix.join(image.buildContext, source));
}

/** `docker:scan` (and `docker:scan:<id>`): Trivy on the locally built image, when Trivy is installed. */
function addScanTask(project: Project, image: NodeDockerImage, severities: TrivySeverity[], ignoreUnfixed: boolean): void {
  const exec = [
    'if ! command -v trivy >/dev/null 2>&1; then',
    'echo "docker:scan needs Trivy: install it with your package manager (brew install trivy; apt or rpm packages from Aqua Security),',
    `or run it in a container: docker run --rm -v /var/run/docker.sock:/var/run/docker.sock aquasec/trivy:${TRIVY_VERSION.slice(1)} image ${image.imageName}" >&2;`,
    'exit 1; fi;',
    `trivy image --severity ${severities.join(',')}${ignoreUnfixed ? ' --ignore-unfixed' : ''} --exit-code 1 ${image.imageName}`,
  ].join(' ');
  const task = project.addTask(`docker:scan:${image.taskSuffix}`, {
    description: `Scan the ${image.node.id} image (${image.imageName}) with Trivy; build it first with docker:build:${image.taskSuffix}`,
    exec,
  });
  spawnFromAggregate(project, 'docker:scan', 'Scan every image of the project with Trivy', task);
}

function defaultBranchOf(project: Project): string {
  const branch = (project as { release?: { branches?: string[] } }).release?.branches?.[0];
  const options = (project.root as unknown as { defaultReleaseBranch?: string }).defaultReleaseBranch;
  return branch ?? options ?? 'main';
}

/** The image's name without the local registry and tag. */
function imageRepositoryName(image: NodeDockerImage): string {
  return image.imageName.replace(/^localhost\//, '').replace(/:[^:/]+$/, '');
}
