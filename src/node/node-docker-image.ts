import { posix } from 'path';
import { IConstruct } from 'constructs';
import { Component, Project } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import { pathInProject } from '../core/construct-path';
import { optionalProblem } from '../core/problem';
import { kebabCase, spawnFromAggregate } from '../core/tasks';
import { DistrolessStage } from '../distroless/distroless-stage';
import { CacheSharing, Dockerfile, IContainerImage, DockerfileStage, Duration, EnvInstruction, LabelInstruction, RunMount, StageBase } from '../dockerfile';
import { buildCommand, localImageName, runCommand } from './docker-tasks';
import { DockerIgnore, DockerIgnoreMode } from '../ignore';
import { ImageReference } from '../images';
import { HealthCheck } from './health-check';
import { projectExcludes } from './ignore-defaults';
import { imageInputProblems, projectPathInContext } from './image-problems';
import { activeLtsMajor, nodeMajorProblem } from '../images/node-release-lines';
import { manifestField, projectNodeMajor } from './project-manifest';
import { KNOWN_PACKAGE_MANAGERS, PackageManagerStrategy, packageManagerStrategy } from './package-managers';
import { Runtime } from './runtime';
import { installPackagesCommands, NATIVE_BUILD_PACKAGES } from './system-packages';
import { ImageLock } from '../pinning/image-lock';

/**
 * Options of a NodeDockerImage. Everything else is derived from the project.
 */
export interface NodeDockerImageProps {
  /**
   * Ports the service listens on.
   * @default [3000]
   */
  readonly ports?: number[];

  /**
   * How the image checks the service's health.
   * @default - no HEALTHCHECK
   */
  readonly healthCheck?: HealthCheck;

  /**
   * The image the service runs on.
   * @default Runtime.slim()
   */
  readonly runtime?: Runtime;

  /**
   * Node.js major version.
   * @default - the project's `minNodeVersion` or `engines.node`, else the newest LTS line the library knows
   */
  readonly nodeMajor?: number;

  /**
   * The script node runs, and its arguments (never `npm start`: npm as PID 1 does not pass signals on).
   * @default - the package's `main` entry point, or its first `bin`
   */
  readonly command?: string[];

  /**
   * Environment variables of the running service (`NODE_ENV=production` is always set).
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * Numeric uid the service runs as.
   * @default 1000 (65532 on distroless)
   */
  readonly uid?: number;

  /**
   * Numeric gid the service runs as.
   * @default 1000 (65532 on distroless)
   */
  readonly gid?: number;

  /**
   * Working directory of the build and the service.
   * @default "/app"
   */
  readonly workdir?: string;

  /**
   * Path of the Dockerfile, relative to the project.
   * @default "Dockerfile"
   */
  readonly dockerfilePath?: string;

  /**
   * How the .dockerignore lets files into the build context.
   * @default DockerIgnoreMode.DENY_LIST
   */
  readonly dockerIgnoreMode?: DockerIgnoreMode;

  /**
   * The build context, relative to the project; the Dockerfile's COPY paths are relative to it.
   * @default "."
   */
  readonly buildContext?: string;

  /**
   * Build arguments the build stage declares, with their defaults (pass others with `--build-arg`).
   * Never use them for secrets: see `npmrcSecret`.
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };

  /**
   * Mount the build secret `npmrc` as `/root/.npmrc` while dependencies install, so a
   * private registry token reaches npm, Yarn classic, pnpm or Bun and no layer keeps it
   * (`docker build --secret id=npmrc,src=$HOME/.npmrc`).
   * @default false
   */
  readonly npmrcSecret?: boolean;

  /**
   * System packages the build needs (installed with apt or apk in the stages that install and build).
   * @default - none
   */
  readonly buildPackages?: string[];

  /**
   * System packages the service needs at run time.
   * @default - none
   */
  readonly runtimePackages?: string[];

  /**
   * The project depends on native modules: their build tools (python3, make, g++) are
   * installed where dependencies install, never in the runtime; on alpine the runtime
   * also gets `libc6-compat`.
   * @default false
   */
  readonly nativeModules?: boolean;

  /**
   * Run the service under tini, which reaps zombie processes and passes signals on.
   * @default false
   */
  readonly init?: boolean;

  /**
   * More files or folders of the build context that the service reads at run time (`public`, `config`).
   * @default - none
   */
  readonly runtimeFiles?: string[];

  /**
   * Pin the base images by digest from the project's ImageLock (`docker-images.lock.json`,
   * filled by `npx projen docker:pin`), and label the image with its base's name and digest.
   * @default true
   */
  readonly pinBaseImages?: boolean;

  /**
   * A preset for a kind of application.
   * @default - none
   */
  readonly preset?: ImagePreset;
}

/**
 * Presets for kinds of Node.js applications.
 */
export enum ImagePreset {
  /** NestJS: starts `dist/main.js`; on alpine, adds `libc6-compat` as Nest's native dependencies need it. */
  NESTJS = 'nestjs',
}

/**
 * A production image for a projen Node.js project: a Dockerfile and its
 * .dockerignore derived from the project (package manager, Node version,
 * sources, output and entry point), in cache-friendly stages: base, production
 * dependencies, build, and a runtime with only what the service needs, run by a
 * numeric non-root user.
 */
export class NodeDockerImage extends Component implements IContainerImage {
  /** The generated Dockerfile; reach into it to add instructions. */
  public readonly dockerfile: Dockerfile;
  /** The generated .dockerignore. */
  public readonly dockerIgnore: DockerIgnore;
  /** The Node.js major of the image. */
  public readonly nodeMajor: number;
  /** The local image name and tag used by the docker tasks. */
  public readonly imageName: string;
  /** What the image's tasks are named with: `docker:build:<taskSuffix>`. */
  public readonly taskSuffix: string;
  /** The build context, relative to the project. */
  public readonly buildContext: string;
  /** Whether the build takes the `npmrc` build secret. */
  public readonly npmrcSecret: boolean;
  /** The stage the image is built from. */
  public readonly target = 'runtime';

  public constructor(scope: IConstruct, id: string, props: NodeDockerImageProps = {}) {
    super(scope, id);
    const project = Project.of(this);
    const where = pathInProject(this);
    if (!(project instanceof NodeProject)) {
      throw new Error(`${where}: NodeDockerImage needs a Node.js project (javascript.NodeProject or a subclass), not ${project.constructor.name}.`);
    }
    const today = new Date();
    this.nodeMajor = props.nodeMajor ?? projectNodeMajor(project) ?? activeLtsMajor(today);
    const runtime = props.runtime ?? Runtime.slim();
    const workdir = props.workdir ?? '/app';
    const ports = props.ports ?? [3000];
    const nestjs = props.preset === ImagePreset.NESTJS;
    const buildPackages = [...(props.buildPackages ?? []), ...(props.nativeModules ? NATIVE_BUILD_PACKAGES : [])];
    const runtimePackages = [
      ...(props.runtimePackages ?? []),
      ...(props.init ? ['tini'] : []),
      ...(runtime.family === 'alpine' && (runtime.nativeModules || props.nativeModules || nestjs) ? ['libc6-compat'] : []),
    ];
    const dockerfilePath = props.dockerfilePath ?? 'Dockerfile';
    const context = props.buildContext ?? '.';
    const projectInContext = projectPathInContext(project, context);
    // BuildKit reads .dockerignore only at the root of the context, and <Dockerfile>.dockerignore beside the Dockerfile.
    const dockerIgnorePath = dockerfilePath === 'Dockerfile' && projectInContext === '' ? '.dockerignore' : `${dockerfilePath}.dockerignore`;
    const manager = packageManagerStrategy(project);

    const problems = [
      ...optionalProblem(nodeMajorProblem(this.nodeMajor, today), (problem) =>
        `${problem}. Fix: set minNodeVersion on the project, or nodeMajor on the image, to a supported major.`),
      ...optionalProblem(manager ? undefined : project.package.packageManager, (name) =>
        `package manager "${name}" is not one NodeDockerImage knows (${KNOWN_PACKAGE_MANAGERS.join(', ')}). Fix: set packageManager on the project to a javascript.NodePackageManager value.`),
      ...imageInputProblems({
        ports,
        healthCheck: props.healthCheck,
        command: props.command,
        uid: props.uid,
        gid: props.gid,
        runtimeFiles: props.runtimeFiles ?? [],
        systemPackages: [...buildPackages, ...runtimePackages],
      }),
      ...optionalProblem(projectInContext === undefined ? context : undefined, (folder) =>
        `buildContext "${folder}" does not contain the project, so the Dockerfile could not copy its package.json. Fix: use "." (the project folder) or a folder above it, such as a monorepo root ("../..").`),
      ...(nestjs && !(project instanceof TypeScriptProject)
        ? ['the NestJS preset runs the compiled dist/main.js, and this project compiles no TypeScript. Fix: use a typescript.TypeScriptAppProject, or leave out the preset and set command.']
        : []),
      ...entryPointProblems(project, props.command ?? (nestjs ? [] : undefined)),
      ...distrolessProblems(runtime, this.nodeMajor, props.runtimePackages ?? [], props.init ?? false),
      ...[dockerfilePath, dockerIgnorePath].flatMap((path) => optionalProblem(project.tryFindFile(path), (file) =>
        `${path} is already written by ${pathInProject(file)}. Fix: give each image its own dockerfilePath, such as "${id.toLowerCase()}.Dockerfile".`)),
    ];
    if (problems.length === 1) {
      throw new Error(`${where}: ${problems[0]}`);
    } else if (problems.length > 1) {
      throw new Error([`${where}: ${problems.length} problems found.`, ...problems.map((problem) => `  - ${problem}`)].join('\n'));
    }
    this.buildContext = context;
    this.npmrcSecret = props.npmrcSecret ?? false;
    const strategy = manager!;
    const fromContext = (path: string) => (projectInContext ? posix.join(projectInContext, path) : path);
    const installMounts = [
      RunMount.cache({ target: strategy.cacheTarget, id: strategy.name, sharing: CacheSharing.LOCKED }),
      ...(this.npmrcSecret ? [RunMount.secret({ id: 'npmrc', target: '/root/.npmrc' })] : []),
    ];

    const pins = props.pinBaseImages ?? true ? ImageLock.of(project) : undefined;
    this.dockerfile = new Dockerfile(this, { path: dockerfilePath, imagePins: pins });

    const base = this.dockerfile.addStage('base', { from: StageBase.image(runtime.image(this.nodeMajor)) });
    base.addWorkdir(workdir);

    // Build tools and the package manager are needed to install, never at run time.
    let installer = base;
    if (strategy.toolInstall || buildPackages.length > 0) {
      installer = this.dockerfile.addStage('installer', { from: StageBase.stage(base), comment: 'Tools that install and build, kept out of the runtime' });
      if (buildPackages.length > 0) {
        installer.addRunCommands(installPackagesCommands(runtime, buildPackages));
      }
      if (strategy.toolEnvironment) {
        installer.addEnv(strategy.toolEnvironment);
      }
      if (strategy.toolInstall) {
        installer.addRun(strategy.toolInstall, { mounts: [RunMount.cache({ target: '/root/.npm', id: 'npm', sharing: CacheSharing.LOCKED })] });
      }
    }

    const deps = this.dockerfile.addStage('deps', { from: StageBase.stage(installer), comment: 'Production dependencies only' });
    copyManifest(deps, strategy, fromContext);
    // A project without production dependencies gets no node_modules, which the runtime copies.
    deps.addRunCommands([strategy.installProduction, 'mkdir -p node_modules'], { mounts: installMounts });

    const output = this.addBuildStage(project, installer, workdir, strategy, fromContext, installMounts, props.buildArgs ?? {});
    if (!output.stage) {
      addArgs(deps, props.buildArgs ?? {});
    }

    const distroless = runtime.distrolessImage;
    const runtimeStage = distroless
      ? new DistrolessStage(this.dockerfile, 'runtime', { image: distroless, nodeMajor: this.nodeMajor, buildStage: base, workdir, uid: props.uid, gid: props.gid })
      : this.dockerfile.addStage('runtime', { from: StageBase.stage(base) });
    if (runtimePackages.length > 0) {
      runtimeStage.addRunCommands(installPackagesCommands(runtime, runtimePackages));
    }
    runtimeStage.addEnv({ NODE_ENV: 'production', ...props.environment });
    runtimeStage.addLabels({ ...ociLabels(project), ...baseImageLabels(runtimeStage.baseImage!, pins) });
    runtimeStage.addArg('REVISION', 'unknown');
    runtimeStage.addArg('CREATED', 'unknown');
    runtimeStage.addInstruction(new LabelInstruction({
      labels: { 'org.opencontainers.image.revision': '${REVISION}', 'org.opencontainers.image.created': '${CREATED}' },
      expandVariables: true,
    }));
    runtimeStage.addCopy([`${workdir}/node_modules`], './node_modules', { fromStage: deps });
    for (const path of output.paths) {
      runtimeStage.addCopy(output.stage ? [`${workdir}/${path}`] : [fromContext(path)], `./${path}`, output.stage ? { fromStage: output.stage } : {});
    }
    for (const path of props.runtimeFiles ?? []) {
      runtimeStage.addCopy([fromContext(path)], `./${posix.normalize(path)}`);
    }
    runtimeStage.addCopy([fromContext('package.json')], './');
    if (!distroless) {
      runtimeStage.addUser(String(props.uid ?? 1000), String(props.gid ?? 1000));
    }
    for (const port of ports) {
      runtimeStage.addExpose(port);
    }
    this.addHealthcheck(runtimeStage, props.healthCheck, distroless?.nodeBinary ?? 'node', ports[0]);
    runtimeStage.addStopSignal('SIGTERM');
    if (props.init) {
      runtimeStage.addEntrypoint([runtime.family === 'alpine' ? '/sbin/tini' : '/usr/bin/tini', '--']);
    }
    const entry = nestjs && !props.command ? `${output.stage ? output.paths[0] : 'dist'}/main.js` : entryPoint(project, output.stage ? output.paths[0] : undefined);
    // Distroless images run node as their entrypoint: CMD is what node runs.
    runtimeStage.addCmd([...(distroless ? [] : ['node']), ...(props.command ?? [entry])]);

    this.dockerIgnore = new DockerIgnore(this, {
      dockerfile: this.dockerfile, path: dockerIgnorePath, mode: props.dockerIgnoreMode, projectPath: projectInContext || undefined,
      defaultExcludes: projectExcludes(project),
    });

    this.imageName = localImageName(project, this.dockerfile.path === 'Dockerfile' ? undefined : id.toLowerCase());
    this.taskSuffix = kebabCase(id);
    this.addTasks(project, id, context, ports[0]);
  }

  /** Path of the image's ignore file, relative to the project. */
  public get ignoreFilePath(): string {
    return this.dockerIgnore.path;
  }

  /** Ids of the build secrets the build mounts. */
  public get buildSecrets(): string[] {
    return this.npmrcSecret ? ['npmrc'] : [];
  }

  /** A stage of the image's Dockerfile: base, installer, deps, build or runtime. */
  public stage(name: string): DockerfileStage {
    const stage = this.dockerfile.tryFindStage(name);
    if (!stage) {
      throw new Error(`${pathInProject(this)}: the image has no stage "${name}"; it has ${this.dockerfile.stages.map((candidate) => candidate.name).join(', ')}.`);
    }
    return stage;
  }

  private addHealthcheck(stage: DockerfileStage, healthCheck: HealthCheck | undefined, node: string, port: number | undefined): void {
    const check = healthCheck?.checkArgv(node, port);
    if (check) {
      const timing = healthCheck!.options;
      stage.addHealthcheck({
        command: check,
        interval: timing.interval ?? Duration.seconds(30),
        timeout: timing.timeout ?? Duration.seconds(5),
        startPeriod: timing.startPeriod ?? Duration.seconds(10),
        retries: timing.retries ?? 3,
      });
    } else if (healthCheck?.kind === 'none') {
      stage.disableHealthcheck();
    }
  }

  /** `docker:build` and `docker:run` for this image, and for all images together. */
  private addTasks(project: NodeProject, id: string, context: string, port: number | undefined): void {
    const build = project.addTask(`docker:build:${this.taskSuffix}`, {
      description: `Build the ${id} image (${this.imageName}) with docker, podman or buildah`,
      exec: buildCommand(this.dockerfile.path, this.dockerIgnore.path, context, this.imageName),
    });
    project.addTask(`docker:run:${this.taskSuffix}`, {
      description: port === undefined ? `Run the ${id} image` : `Run the ${id} image, publishing port ${port} on loopback`,
      exec: runCommand(this.imageName, port),
    });
    spawnFromAggregate(project, 'docker:build', 'Build every image of the project', build);
    if (!project.tasks.tryFind('docker:run')) {
      project.addTask('docker:run', { description: `Run the ${id} image`, exec: runCommand(this.imageName, port) });
    }
  }

  /**
   * The build stage, when the project compiles: all dependencies, then the
   * inputs of the compile task, then the compile task's commands (never synth,
   * test or package). Returns what the runtime copies and where from.
   */
  private addBuildStage(project: NodeProject, installer: DockerfileStage, workdir: string, strategy: PackageManagerStrategy,
    fromContext: (path: string) => string, mounts: RunMount[], buildArgs: { [name: string]: string }) {
    if (!(project instanceof TypeScriptProject)) {
      // Plain JavaScript runs from its sources: the folder of the entry point.
      return { stage: undefined, paths: [entryPoint(project).split('/')[0]] };
    }
    const build = this.dockerfile.addStage('build', { from: StageBase.stage(installer), comment: 'Build: all dependencies, then sources, then compile' });
    copyManifest(build, strategy, fromContext);
    build.addRun(strategy.installAll, { mounts });
    addArgs(build, buildArgs);
    build.addInstruction(new EnvInstruction({ variables: { PATH: `${workdir}/node_modules/.bin:$PATH` }, expandVariables: true }));
    // The compile task's own commands when they are plain commands; otherwise projen runs the task.
    const steps = project.compileTask.steps.map((step) => step.exec ?? (step.execArgs ? shellWords(step.execArgs) : undefined));
    const commands = steps.length > 0 && steps.every((step) => step !== undefined) ? (steps as string[]) : undefined;
    const tsconfigs = [project.tsconfig?.fileName, project.tsconfigDev?.fileName].filter((file): file is string => file !== undefined);
    for (const input of [...new Set([...(commands ? [] : ['.projen']), ...tsconfigs.slice(0, 1), project.srcdir])]) {
      build.addCopy([fromContext(input)], `./${input}`);
    }
    if (commands) {
      build.addRunCommands(commands);
    } else {
      build.addRun('npx projen compile');
    }
    return { stage: build, paths: [project.libdir] };
  }
}

/** Copies what decides the installed dependencies, so the install layer is cached until it changes. */
function copyManifest(stage: DockerfileStage, strategy: PackageManagerStrategy, fromContext: (path: string) => string): void {
  stage.addCopy(strategy.manifestFiles.map(fromContext), './');
  for (const folder of strategy.manifestFolders ?? []) {
    stage.addCopy([fromContext(folder)], `./${folder}/`);
  }
}

/** Declares build arguments in a stage. */
function addArgs(stage: DockerfileStage, args: { [name: string]: string }): void {
  for (const [name, value] of Object.entries(args)) {
    stage.addArg(name, value);
  }
}

/** What a distroless runtime cannot do. */
function distrolessProblems(runtime: Runtime, nodeMajor: number, runtimePackages: string[], init: boolean): string[] {
  const image = runtime.distrolessImage;
  if (!image) {
    return [];
  }
  return [
    ...optionalProblem(image.problemWith(nodeMajor), (problem) => problem),
    ...(runtimePackages.length > 0
      ? [`runtimePackages (${runtimePackages.join(', ')}) cannot be installed on distroless, which has no package manager. Fix: use Runtime.slim(), or copy what the service needs from the build stage (image.stage('runtime').addCopy(...)).`]
      : []),
    ...(init
      ? ['init (tini) cannot be installed on distroless, which has no package manager. Fix: leave init out and start the container with an init process (docker run --init, or your orchestrator\'s equivalent).']
      : []),
  ];
}

/**
 * A compiled project's runtime gets only the compiled output folder: an entry
 * point outside it would not be in the image.
 */
function entryPointProblems(project: NodeProject, command: string[] | undefined): string[] {
  if (command !== undefined || !(project instanceof TypeScriptProject)) {
    return [];
  }
  const entry = entryPoint(project, project.libdir);
  if (entry.startsWith(`${project.libdir.replace(/\/+$/, '')}/`)) {
    return [];
  }
  return [`the entry point "${entry}" is not in the compiled output folder "${project.libdir}", the only folder of the build the runtime gets. Fix: set entrypoint on the project to a compiled file, such as "${project.libdir}/index.js", or set command.`];
}

/** Arguments as one shell command, each quoted when it needs to be. */
function shellWords(args: string[]): string {
  return args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`)).join(' ');
}

/** What node runs: the package's `main`, or its first `bin`, or `index.js` of the compiled output. */
function entryPoint(project: NodeProject, outputFolder?: string): string {
  const bin = manifestField(project, 'bin');
  const firstBin = typeof bin === 'string' ? bin : bin && typeof bin === 'object' ? Object.values(bin as Record<string, string>)[0] : undefined;
  const fallback = outputFolder ? `${outputFolder}/index.js` : 'index.js';
  return (project.package.entrypoint || firstBin || fallback).replace(/^\.\//, '');
}

/** The OCI labels naming the image the runtime is based on, and its digest when pinned. */
function baseImageLabels(reference: string, pins: ImageLock | undefined): { [key: string]: string } {
  const parsed = ImageReference.parse(reference);
  const digest = pins?.digestOf(reference);
  return {
    'org.opencontainers.image.base.name': `${parsed.canonicalName}${parsed.tag ? `:${parsed.tag}` : ''}`,
    ...(digest ? { 'org.opencontainers.image.base.digest': digest } : {}),
  };
}

/** OCI labels from package.json. */
function ociLabels(project: NodeProject): { [key: string]: string } {
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
