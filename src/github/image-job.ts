import { JobPermission } from 'projen/lib/github/workflows-model';
import { pinnedAction } from './action-pins';
import { commitTimeStep, CREATED_OUTPUT, SOURCE_DATE_EPOCH_ENV } from './commit-time';
import { JobOptions } from './job-options';
import { pushSteps } from './push-steps';
import { namedStep as named, WorkflowJob, WorkflowStep } from './workflow-model';
import { IContainerImage } from '../dockerfile/container-image';

/**
 * Not a pull request from another repository. GitHub gives a pull request from a
 * fork a read-only GITHUB_TOKEN whatever the workflow declares, so its SARIF
 * upload would fail with "Resource not accessible by integration" (403).
 */
const SAME_REPOSITORY = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";
/** A pull request from another repository (a fork; a deleted fork has no head repository, and counts too). */
const FROM_FORK = "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository";

/**
 * The job of one image: build it with Buildx at the time of the commit
 * (`SOURCE_DATE_EPOCH`) and load it, fail on the chosen
 * severities with a table run, upload a SARIF run of the same severities even
 * when the gate fails (except on pull requests from forks, whose job summary
 * says why), then (with push) push it from the default branch.
 */
export function imageJob(image: IContainerImage, jobId: string, options: JobOptions): WorkflowJob {
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
  const secrets = image.buildSecrets.map((id) => `${id}=\${{ secrets.${options.buildSecrets[id]} }}`);
  const secretFiles = Object.entries(options.buildSecretFiles).map(([id, file]) => `${id}=${file}`);
  const buildInputs = {
    'context': options.context,
    'file': options.dockerfile,
    ...(image.target !== undefined ? { target: image.target } : {}),
    // Per commit: a Dockerfile that declares them after its last COPY and RUN (as NodeDockerImage does) keeps every cached layer.
    'build-args': `REVISION=\${{ github.sha }}\nCREATED=${CREATED_OUTPUT}`,
    'cache-from': `type=gha,scope=${jobId}`,
    'cache-to': `type=gha,mode=max,scope=${jobId}`,
    ...(secrets.length > 0 ? { secrets: secrets.join('\n') } : {}),
    ...(secretFiles.length > 0 ? { 'secret-files': secretFiles.join('\n') } : {}),
  };
  const gate = `Scan: fail on ${options.severities.join(', ')}`;
  const steps: WorkflowStep[] = [
    named('Check out', { uses: pinnedAction('actions/checkout'), with: { 'persist-credentials': false } }),
    commitTimeStep(),
    ...(options.push && crossPlatform ? [named('Set up QEMU', { uses: pinnedAction('docker/setup-qemu-action') })] : []),
    named('Set up Buildx', { uses: pinnedAction('docker/setup-buildx-action') }),
    named('Build the image', {
      uses: pinnedAction('docker/build-push-action'),
      env: SOURCE_DATE_EPOCH_ENV,
      with: { ...buildInputs, load: true, push: false, tags: scanned },
    }),
    named(gate, { uses: pinnedAction('aquasecurity/trivy-action'), with: { ...trivy, 'format': 'table', 'exit-code': '1', 'cache': true } }),
    named('Scan: SARIF report', {
      if: `always() && (${SAME_REPOSITORY})`,
      uses: pinnedAction('aquasecurity/trivy-action'),
      with: { ...trivy, 'format': 'sarif', 'output': sarif, 'limit-severities-for-sarif': true, 'skip-setup-trivy': true, 'cache': true },
    }),
    named('Upload the report to code scanning', {
      if: `always() && (${SAME_REPOSITORY})`,
      uses: pinnedAction('github/codeql-action/upload-sarif'),
      with: { sarif_file: sarif, category: jobId },
    }),
    forkSummary(gate),
    ...(options.push ? pushSteps(image, options, buildInputs) : []),
  ];
  const permissions: { [scope: string]: JobPermission } = {
    'contents': JobPermission.READ,
    'security-events': JobPermission.WRITE,
    ...(options.privateRepository ? { actions: JobPermission.READ } : {}),
    ...(options.push ? { packages: JobPermission.WRITE } : {}),
    ...(options.push && (options.push.attestations ?? true) ? { 'id-token': JobPermission.WRITE, 'attestations': JobPermission.WRITE } : {}),
  };
  return { name: `Build and scan ${image.node.id}`, runsOn: options.runsOn, permissions, steps };
}

/** On a pull request from a fork: a job summary that says why there is no report, and where the gate's findings are. */
function forkSummary(gate: string): WorkflowStep {
  return named('Say why there is no report (pull request from a fork)', {
    if: `always() && ${FROM_FORK}`,
    // Values from the event go through the environment, never into the script.
    env: { HEAD_REPOSITORY: '${{ github.event.pull_request.head.repo.full_name }}', GATE: gate },
    run: [
      '{',
      '  echo "### Code scanning report skipped"',
      '  echo',
      '  echo "This pull request comes from another repository (${HEAD_REPOSITORY:-a deleted fork}). GitHub gives pull requests from forks a read-only token, so code scanning would refuse the SARIF upload: the report and its upload were skipped."',
      '  echo',
      '  echo "The image was built and the gate ran as on any pull request: its findings are the table output of the step \\"${GATE}\\" in the log of this job."',
      '  echo',
      '  echo "Code scanning gets the report from the default branch once the change is merged, and from the scheduled scan."',
      '} >> "$GITHUB_STEP_SUMMARY"',
    ].join('\n'),
  });
}
