import { pinnedAction } from './action-pins';
import { CREATED_OUTPUT, SOURCE_DATE_EPOCH_ENV } from './commit-time';
import { JobOptions } from './job-options';
import { namedStep, WorkflowStep } from './workflow-model';
import { IContainerImage } from '../dockerfile/container-image';

const ON_DEFAULT_BRANCH = "github.event_name != 'pull_request' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";

/** Steps that push a scanned image from the default branch, with its tags, SBOM, provenance and attestation. */
export function pushSteps(image: IContainerImage, options: JobOptions, buildInputs: { [input: string]: unknown }): WorkflowStep[] {
  const push = options.push!;
  const attest = push.attestations ?? true;
  const ghcr = options.registry === 'ghcr.io' && push.usernameSecret === undefined;
  return [
    {
      name: 'Name the image (registries want lowercase)',
      id: 'name',
      if: ON_DEFAULT_BRANCH,
      env: { IMAGE: `${options.registry}/${push.repository ?? '${{ github.repository }}'}/${imageRepositoryName(image)}` },
      run: 'echo "image=${IMAGE,,}" >> "$GITHUB_OUTPUT"',
    },
    namedStep(`Log in to ${options.registry}`, {
      if: ON_DEFAULT_BRANCH,
      uses: pinnedAction('docker/login-action'),
      with: {
        registry: options.registry,
        username: ghcr ? '${{ github.actor }}' : `\${{ secrets.${push.usernameSecret} }}`,
        password: ghcr ? '${{ secrets.GITHUB_TOKEN }}' : `\${{ secrets.${push.passwordSecret} }}`,
      },
    }),
    {
      name: 'Tag the image',
      id: 'meta',
      if: ON_DEFAULT_BRANCH,
      uses: pinnedAction('docker/metadata-action'),
      with: {
        images: '${{ steps.name.outputs.image }}',
        tags: 'type=sha,format=long\ntype=raw,value=latest,enable={{is_default_branch}}',
        // Its labels win over the Dockerfile's: its own created label is the clock's.
        labels: `org.opencontainers.image.created=${CREATED_OUTPUT}`,
      },
    },
    {
      name: `Push the image (${options.platforms.join(', ')})`,
      id: 'push',
      if: ON_DEFAULT_BRANCH,
      uses: pinnedAction('docker/build-push-action'),
      env: SOURCE_DATE_EPOCH_ENV,
      with: {
        ...buildInputs,
        platforms: options.platforms.join(','),
        push: true,
        tags: '${{ steps.meta.outputs.tags }}',
        labels: '${{ steps.meta.outputs.labels }}',
        ...(attest ? { provenance: 'mode=max', sbom: true } : { provenance: false }),
      },
    },
    ...(attest ? [namedStep('Attest the build', {
      if: ON_DEFAULT_BRANCH,
      uses: pinnedAction('actions/attest'),
      with: {
        'subject-name': '${{ steps.name.outputs.image }}',
        'subject-digest': '${{ steps.push.outputs.digest }}',
        'push-to-registry': true,
      },
    })] : []),
  ];
}

/** The image's name without the local registry and tag. */
function imageRepositoryName(image: IContainerImage): string {
  return image.imageName.replace(/^localhost\//, '').replace(/:[^:/]+$/, '');
}
