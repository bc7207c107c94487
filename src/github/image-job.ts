import { JobPermission } from 'projen/lib/github/workflows-model';
import { pinnedAction } from './action-pins';
import { commitTimeStep, CREATED_OUTPUT, SOURCE_DATE_EPOCH_ENV } from './commit-time';
import { JobOptions } from './job-options';
import { pushSteps } from './push-steps';
import { namedStep as named, WorkflowJob, WorkflowStep } from './workflow-model';
import { IContainerImage } from '../dockerfile/container-image';

/**
 * The job of one image: build it with Buildx at the time of the commit
 * (`SOURCE_DATE_EPOCH`) and load it, fail on the chosen severities with a table
 * run, upload a SARIF run of the same severities even when the gate fails, then
 * (with push) push it from the default branch.
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
  const buildInputs = {
    'context': options.context,
    'file': options.dockerfile,
    ...(image.target !== undefined ? { target: image.target } : {}),
    // Per commit: a Dockerfile that declares them after its last COPY and RUN (as NodeDockerImage does) keeps every cached layer.
    'build-args': `REVISION=\${{ github.sha }}\nCREATED=${CREATED_OUTPUT}`,
    'cache-from': `type=gha,scope=${jobId}`,
    'cache-to': `type=gha,mode=max,scope=${jobId}`,
    ...(secrets.length > 0 ? { secrets: secrets.join('\n') } : {}),
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
      if: 'always()',
      uses: pinnedAction('aquasecurity/trivy-action'),
      with: { ...trivy, 'format': 'sarif', 'output': sarif, 'limit-severities-for-sarif': true, 'skip-setup-trivy': true, 'cache': true },
    }),
    named('Upload the report to code scanning', {
      if: 'always()',
      uses: pinnedAction('github/codeql-action/upload-sarif'),
      with: { sarif_file: sarif, category: jobId },
    }),
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
