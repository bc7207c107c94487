import { NodeProject } from 'projen/lib/javascript';
import type { InstallSecret } from './registry-auth';
import type { SettingsSecret } from './settings-secrets';
import { shellCommand, shellQuote } from '../core/shell';

/** The local image name and tag from package.json: `localhost/<name>:<version>`. */
export function localImageName(project: NodeProject, suffix?: string): string {
  // An image name allows lowercase letters, digits and separators; a tag letters, digits, "_", "." and "-" (128 at most).
  const name = project.package.packageName.replace(/^@/, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, '') || 'image';
  const version = String((project.package.manifest as { version?: unknown }).version ?? 'latest').replace(/[^\w.-]/g, '-').replace(/^[.-]+/, '').slice(0, 128) || 'latest';
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

/** What `docker:build` passes to the builder. */
export interface BuildCommandInputs {
  readonly dockerfile: string;
  readonly dockerIgnore: string;
  readonly context: string;
  readonly image: string;
  /** Registry tokens, each from the variable of its name. @default - none */
  readonly secrets?: InstallSecret[];
  /** The package manager's settings files, each from its file. @default - none */
  readonly settings?: SettingsSecret[];
}

/**
 * `docker:build` command: the image's build args for revision and creation time come from git and the clock;
 * each registry token secret comes from the variable of its name (docker, podman and buildah all take
 * `--secret id=...,env=...`), which must be set; each settings file is passed as a secret from its file.
 * Every argument is quoted: paths and names reach the shell as the words they are.
 */
export function buildCommand(inputs: BuildCommandInputs): string {
  const secrets = inputs.secrets ?? [];
  return [
    PICK_BUILDER,
    ...secrets.map(({ id, variable }) => `: "\${${variable}:?docker:build passes ${variable} as the build secret ${id}: set it}";`),
    'revision=$(git rev-parse HEAD 2>/dev/null || echo unknown);',
    'created=$(date -u +%Y-%m-%dT%H:%M:%SZ);',
    [
      `$build \${ignorefile:+--ignorefile ${shellQuote(inputs.dockerIgnore)}}`,
      ...secrets.map(({ id, variable }) => shellCommand(['--secret', `id=${id},env=${variable}`])),
      ...(inputs.settings ?? []).map(({ id, file }) => shellCommand(['--secret', `id=${id},src=${file}`])),
      '--build-arg REVISION="$revision" --build-arg CREATED="$created"',
      shellCommand(['-f', inputs.dockerfile, '-t', inputs.image, inputs.context]),
    ].join(' '),
  ].join(' ');
}

/** `docker:run` command: runs the image in the foreground with its first port, if any, published on loopback. */
export function runCommand(image: string, port: number | undefined): string {
  return [
    PICK_BUILDER,
    'if [ -z "$run" ]; then echo "docker:run needs docker or podman" >&2; exit 1; fi;',
    `$run ${shellCommand(['run', '--rm', '-it', ...(port === undefined ? [] : ['-p', `127.0.0.1:${port}:${port}`]), image])}`,
  ].join(' ');
}

