import { NodeProject } from 'projen/lib/javascript';
import { BUILD_METADATA_ARGS, BUILD_METADATA_LABELS } from './build-metadata';
import { PICK_BUILDER, READ_COMMIT, recommit } from './builder-choice';
import type { InstallSecret } from './registry-auth';

/** The local image name and tag from package.json: `localhost/<name>:<version>`. */
export function localImageName(project: NodeProject, suffix?: string): string {
  const name = project.package.packageName.replace(/^@/, '').replace(/[^a-z0-9._/-]+/gi, '-').replace('/', '-').toLowerCase();
  const version = String((project.package.manifest as { version?: unknown }).version ?? 'latest').replace(/[^\w.-]/g, '-');
  return `localhost/${name}${suffix ? `-${suffix}` : ''}:${version}`;
}

/**
 * `docker:build` command: builds with a builder that can (see PICK_BUILDER), stamped with the commit
 * (READ_COMMIT): its id and time as build args and, because buildah's layer cache reuses a
 * LABEL step whatever the build args are, also as `--label`, which always wins. buildah's
 * image is then committed again without its history (see recommit). Each registry token
 * secret comes from the variable of its name (docker, podman and buildah all take
 * `--secret id=...,env=...`), which must be set.
 */
export function buildCommand(dockerfile: string, dockerIgnore: string, context: string, image: string, secrets: InstallSecret[] = []): string {
  const metadata = [
    `--build-arg ${BUILD_METADATA_ARGS.revision}="$revision" --build-arg ${BUILD_METADATA_ARGS.created}="$created"`,
    `--label ${BUILD_METADATA_LABELS.revision}="$revision" --label ${BUILD_METADATA_LABELS.created}="$created"`,
  ].join(' ');
  return [
    PICK_BUILDER,
    ...secrets.map(({ id, variable }) => `: "\${${variable}:?docker:build passes ${variable} as the build secret ${id}: set it}";`),
    READ_COMMIT,
    // BuildKit finds <Dockerfile>.dockerignore by itself; podman and buildah are told where it is.
    'if [ "$builder" = docker ]; then ignorefile=""; else ignorefile=yes; fi;',
    [
      `$build \${ignorefile:+--ignorefile ${dockerIgnore}} $stamp`,
      ...secrets.map(({ id, variable }) => `--secret id=${id},env=${variable}`),
      `${metadata} -f ${dockerfile} -t ${image} ${context} &&`,
    ].join(' '),
    recommit(image),
  ].join(' ');
}

/** `docker:run` command: runs the image in the foreground with its first port, if any, published on loopback. */
export function runCommand(image: string, port: number | undefined): string {
  return [
    PICK_BUILDER,
    'if [ -z "$run" ]; then echo "docker:run needs docker or podman" >&2; exit 1; fi;',
    `$run run --rm -it${port === undefined ? '' : ` -p 127.0.0.1:${port}:${port}`} ${image}`,
  ].join(' ');
}
