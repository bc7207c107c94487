import { NodeProject } from 'projen/lib/javascript';
import { IImagePins } from '../dockerfile';
import { ImageReference } from '../images';
import { manifestField } from './project-manifest';

/** OCI labels from package.json. */
export function ociLabels(project: NodeProject): { [key: string]: string } {
  const repository = manifestField(project, 'repository') as { url?: string } | string | undefined;
  const labels: { [key: string]: string } = { 'org.opencontainers.image.title': project.package.packageName };
  const optional: Array<[string, unknown]> = [
    ['org.opencontainers.image.description', manifestField(project, 'description')],
    ['org.opencontainers.image.version', manifestField(project, 'version')],
    ['org.opencontainers.image.licenses', project.package.license],
    ['org.opencontainers.image.source', typeof repository === 'string' ? repository : repository?.url],
  ];
  for (const [key, value] of optional) {
    if (typeof value === 'string' && value !== '') {
      labels[key] = value;
    }
  }
  return labels;
}

/** The OCI labels naming the image the runtime is based on, and its digest when pinned. */
export function baseImageLabels(reference: ImageReference, pins: IImagePins | undefined): { [key: string]: string } {
  const digest = pins?.digestOf(reference.toString());
  return {
    'org.opencontainers.image.base.name': `${reference.canonicalName}${reference.tag ? `:${reference.tag}` : ''}`,
    ...(digest ? { 'org.opencontainers.image.base.digest': digest } : {}),
  };
}
