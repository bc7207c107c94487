import { NodeProject } from 'projen/lib/javascript';
import type { InstallSecret } from './registry-auth';

/** The local image name and tag from package.json: `localhost/<name>:<version>`. */
export function localImageName(project: NodeProject, suffix?: string): string {
  const name = project.package.packageName.replace(/^@/, '').replace(/[^a-z0-9._/-]+/gi, '-').replace('/', '-').toLowerCase();
  const version = String((project.package.manifest as { version?: unknown }).version ?? 'latest').replace(/[^\w.-]/g, '-');
  return `localhost/${name}${suffix ? `-${suffix}` : ''}:${version}`;
}

// Picks the first container tool that works here: docker (with a daemon), podman, buildah.
// BuildKit finds <Dockerfile>.dockerignore by itself; podman and buildah are told where it is.
const PICK_BUILDER = [
  'if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then build="docker build"; run=docker; ignorefile="";',
  'elif command -v podman >/dev/null 2>&1; then build="podman build --format docker"; run=podman; ignorefile=yes;',
  'elif command -v buildah >/dev/null 2>&1; then build="buildah bud --format docker"; run=""; ignorefile=yes;',
  'else echo "docker:build needs docker, podman or buildah" >&2; exit 1; fi;',
].join(' ');

/**
 * `docker:build` command: the image's build args for revision and creation time come from git and the clock;
 * each registry token secret comes from the variable of its name (docker, podman and buildah all take
 * `--secret id=...,env=...`), which must be set.
 */
export function buildCommand(dockerfile: string, dockerIgnore: string, context: string, image: string, secrets: InstallSecret[] = []): string {
  return [
    PICK_BUILDER,
    ...secrets.map(({ id, variable }) => `: "\${${variable}:?docker:build passes ${variable} as the build secret ${id}: set it}";`),
    'revision=$(git rev-parse HEAD 2>/dev/null || echo unknown);',
    'created=$(date -u +%Y-%m-%dT%H:%M:%SZ);',
    [
      `$build \${ignorefile:+--ignorefile ${dockerIgnore}}`,
      ...secrets.map(({ id, variable }) => `--secret id=${id},env=${variable}`),
      `--build-arg REVISION="$revision" --build-arg CREATED="$created" -f ${dockerfile} -t ${image} ${context}`,
    ].join(' '),
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

