import { IConstruct } from 'constructs';
import { Project, Task } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { BUILD_METADATA_ARGS, BUILD_METADATA_LABELS } from './build-metadata';
import { PICK_BUILDER, READ_COMMIT, recommit } from './builder-choice';
import { NodeImageRule } from './node-image-rule';
import type { InstallSecret } from './registry-auth';
import type { SettingsSecret } from './settings-secrets';
import { findingsError, findingsOf } from '../core/problem';
import { shellCommand, shellQuote } from '../core/shell';
import { kebabCase, spawnFromAggregate } from '../core/tasks';

/** The local image name and tag from package.json: `localhost/<name>:<version>`. */
export function localImageName(project: NodeProject, suffix?: string): string {
  // An image name allows lowercase letters, digits and separators; a tag letters, digits, "_", "." and "-" (128 at most).
  const name = project.package.packageName.replace(/^@/, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, '') || 'image';
  const version = String((project.package.manifest as { version?: unknown }).version ?? 'latest').replace(/[^\w.-]/g, '-').replace(/^[.-]+/, '').slice(0, 128) || 'latest';
  return `localhost/${name}${suffix ? `-${suffix}` : ''}:${version}`;
}

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
 * `docker:build` command: builds with a builder that can (see PICK_BUILDER), stamped with the commit
 * (READ_COMMIT): its id and time as build args and, because buildah's layer cache reuses a
 * LABEL step whatever the build args are, also as `--label`, which always wins. buildah's
 * image is then committed again without its history (see recommit). Each registry token
 * secret comes from the variable of its name (docker, podman and buildah all take
 * `--secret id=...,env=...`), which must be set; each settings file is passed as a secret
 * from its file. Every argument is quoted: paths and names reach the shell as the words they are.
 */
export function buildCommand(inputs: BuildCommandInputs): string {
  const secrets = inputs.secrets ?? [];
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
      `$build \${ignorefile:+--ignorefile ${shellQuote(inputs.dockerIgnore)}} $stamp`,
      ...secrets.map(({ id, variable }) => shellCommand(['--secret', `id=${id},env=${variable}`])),
      ...(inputs.settings ?? []).map(({ id, file }) => shellCommand(['--secret', `id=${id},src=${file}`])),
      metadata,
      shellCommand(['-f', inputs.dockerfile, '-t', inputs.image, inputs.context]),
      '&&',
    ].join(' '),
    recommit(inputs.image),
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

/** An image's tasks; their commands are set at synthesis. */
export interface ImageTasks {
  readonly build: Task;
  readonly run: Task;
  /** `docker:run`, for the first image of the project only. */
  readonly aggregateRun?: Task;
}

/** Declares `docker:build:<id>` (spawned by `docker:build`) and `docker:run:<id>` for an image, refusing an id whose tasks exist. */
export function addImageTasks(image: IConstruct, id: string, imageName: string): ImageTasks {
  const project = Project.of(image);
  const suffix = kebabCase(id);
  if (project.tasks.tryFind(`docker:build:${suffix}`)) {
    throw findingsError(findingsOf(image, [{
      rule: NodeImageRule.DUPLICATE_ID,
      message: `the tasks of this image, docker:build:${suffix} and docker:run:${suffix}, already exist (another image's id differs from "${id}" only in case or punctuation).`,
      fix: 'Give each image an id that differs in its letters or digits, such as "Api" and "Worker".',
    }]));
  }
  const build = project.addTask(`docker:build:${suffix}`, { description: `Build the ${id} image (${imageName}) with docker, podman or buildah` });
  const run = project.addTask(`docker:run:${suffix}`, { description: `Run the ${id} image` });
  spawnFromAggregate(project, 'docker:build', 'Build every image of the project', build);
  const aggregateRun = project.tasks.tryFind('docker:run') ? undefined : project.addTask('docker:run', { description: `Run the ${id} image` });
  return { build, run, aggregateRun };
}

/** The image's tasks as synthesis writes them: the build command, and the run commands on the first port. */
export function resetImageTasks(tasks: ImageTasks, id: string, build: BuildCommandInputs, port: number | undefined): void {
  tasks.build.reset(buildCommand(build));
  for (const task of [tasks.run, tasks.aggregateRun]) {
    task?.reset(runCommand(build.image, port));
  }
  if (port !== undefined) {
    tasks.run.description = `Run the ${id} image, publishing port ${port} on loopback`;
  }
}
