import { posix } from 'path';
import { DependencyType } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { DockerfileStage, RunMount } from '../dockerfile';
import { npmCacheMount } from './install-steps';
import { PACKAGE_MANAGER_SETTINGS } from './package-managers';
import { RuntimePayload } from './runtime-payload';
import { TRACE_PROGRAM } from './trace-program';

/** The file tracer Next.js's standalone output is built on, at the version the images install. */
export const TRACER = { name: '@vercel/nft', version: '1.11.5' };
/** The tracer's own dependencies as they were published by this time: the same tree in every build, whenever it runs. */
const TRACER_DEPENDENCIES_BEFORE = '2026-11-28T00:00:00Z';
const TRACER_HOME = '/opt/tracer';
const PAYLOAD = '/payload';

/** What a traced build traces, as the trace stage finds it. */
export interface TraceSettings {
  /** Files Node.js starts, relative to the folder the service starts in. */
  readonly entries: string[];
  /** The names of the service's production dependencies. */
  readonly dependencies: string[];
  /** Glob patterns of more files, relative to the folder the service starts in. */
  readonly include: string[];
  /** Files the trace deletes before it traces, relative to the WORKDIR: no include pattern can take them into the payload. */
  readonly settingsFiles: string[];
  /** The image's WORKDIR, which every path of the payload is relative to. */
  readonly workdir: string;
}

/** What to trace for a project whose service node starts with these arguments. */
export function traceSettings(payload: RuntimePayload, project: NodeProject, argv: string[], runtimeFiles: string[], workdir: string): TraceSettings {
  const { include, entryPoints } = payload.options;
  return {
    entries: [...entriesOf(argv), ...entryPoints ?? []],
    dependencies: project.deps.all.filter((dep) => dep.type === DependencyType.RUNTIME).map((dep) => dep.name),
    // The service's package.json says whether its files are ES modules; runtime files are read, not loaded.
    include: ['package.json', ...runtimeFiles, ...include ?? []],
    settingsFiles: PACKAGE_MANAGER_SETTINGS,
    workdir,
  };
}

/** Installs the tracer where it traces: a layer that the next install of the dependencies alone makes again. */
function addTracerInstall(stage: DockerfileStage, npmrcSecret: boolean): void {
  stage.addRun(
    `npm install --prefix ${TRACER_HOME} --no-save --no-audit --no-fund --ignore-scripts --before=${TRACER_DEPENDENCIES_BEFORE} ${TRACER.name}@${TRACER.version}`,
    {
      mounts: [
        npmCacheMount(),
        ...(npmrcSecret ? [RunMount.secret({ id: 'npmrc', target: '/root/.npmrc' })] : []),
      ],
    },
  );
}

/**
 * Traces the service in a stage built on the production dependencies: the tracer, then
 * (`addServiceFiles`) the rest of what the untraced runtime would hold, then the trace, which
 * writes the payload. Nothing is copied in that a source edit leaves as it was, so that, on
 * builders that hash what they copy to find it in their cache (buildah), a rebuild costs the
 * trace and the service's own files only.
 */
export function addTrace(stage: DockerfileStage, settings: TraceSettings, npmrcSecret: boolean, addServiceFiles: () => void): void {
  const { workdir, ...traced } = settings;
  const program = { tracer: TRACER_HOME, base: workdir, out: PAYLOAD, ...traced };
  addTracerInstall(stage, npmrcSecret);
  addServiceFiles();
  stage.addRunExec(['node', '-e', TRACE_PROGRAM, JSON.stringify(program)]);
}

/** The runtime's files: the traced dependencies, then the service's own, which change with every edit. */
export function addTracedPayload(runtime: DockerfileStage, trace: DockerfileStage, workdir: string, serviceDirectory?: string): void {
  runtime.addCopy([`${PAYLOAD}/dependencies/`], `${workdir}/`, { fromStage: trace });
  runtime.addCopy([`${PAYLOAD}/service/`], `${workdir}/`, { fromStage: trace });
  if (serviceDirectory !== undefined) {
    runtime.addWorkdir(posix.join(workdir, serviceDirectory));
  }
}

/** The files a command starts Node.js with: its `.js`, `.cjs` and `.mjs` arguments that are not options. */
export function entriesOf(argv: string[]): string[] {
  return argv.filter((arg) => !arg.startsWith('-') && /\.(c|m)?js$/.test(arg));
}
