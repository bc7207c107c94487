import { posix } from 'path';
import { IConstruct } from 'constructs';
import { Component, Project, Task } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import { FindingSeverity } from '../core/finding';
import { findingsError, findingsOf, Problem } from '../core/problem';
import { SynthesisChecks } from '../core/synthesis-checks';
import { kebabCase, spawnFromAggregate } from '../core/tasks';
import { DistrolessStage } from '../distroless/distroless-stage';
import {
  CacheSharing, Dockerfile, DockerfileStage, Duration, IContainerImage, Instruction, LabelInstruction, RunMount, StageBase, EnvInstruction,
} from '../dockerfile';
import { DockerIgnore } from '../ignore';
import { ImageReference } from '../images';
import { buildCommand, localImageName, runCommand } from './docker-tasks';
import { HealthCheck, HealthCheckKind } from './health-check';
import { projectExcludes } from './ignore-defaults';
import { imageInputProblems, projectPathInContext } from './image-problems';
import { installScriptProblems, withBindingChecks } from './install-scripts';
import { ImagePreset, NodeDockerImageProps } from './node-docker-image-props';
import { NodeImageRule } from './node-image-rule';
import { projectNodeConstraints } from './node-version-constraints';
import { KNOWN_PACKAGE_MANAGERS, PackageManagerStrategy, packageManagerStrategy } from './package-managers';
import { compileSteps, entryPoint, ociLabels } from './project-build';
import { Runtime, RuntimeFamily } from './runtime';
import { installPackagesCommands, NATIVE_BUILD_PACKAGES } from './system-packages';
import { chooseNodeLine, endOfLifeWarning, newestLtsMajor, unknownLineProblem } from '../images/node-release-lines';
import { ImageLock } from '../pinning/image-lock';

/**
 * A production image for a projen Node.js project: a Dockerfile and its
 * .dockerignore derived from the project (package manager, Node version,
 * sources, output and entry point), in cache-friendly stages: base, production
 * dependencies, build, and a runtime with only what the service needs, run by a
 * numeric non-root user.
 *
 * The Dockerfile, its stages and the ignore file exist as soon as the image is
 * declared, so they can be reached into; what they contain is read from the
 * project at synthesis, so what `.projenrc.ts` sets after declaring the image
 * (engines, compile steps, entry point) still counts.
 */
export class NodeDockerImage extends Component implements IContainerImage {
  /** The generated Dockerfile; reach into it to add instructions. */
  public readonly dockerfile: Dockerfile;
  /** The generated .dockerignore. */
  public readonly dockerIgnore: DockerIgnore;
  /** The build context, relative to the project. */
  public readonly buildContext: string;
  /** Whether the build takes the `npmrc` build secret. */
  public readonly npmrcSecret: boolean;
  /** The stage the image is built from. */
  public readonly target = 'runtime';

  private readonly props: NodeDockerImageProps;
  private readonly runtime: Runtime;
  private readonly nodeProject: NodeProject;
  private readonly projectInContext?: string;
  private readonly pins?: ImageLock;
  private readonly places = new Map<DockerfileStage, Instruction>();
  private readonly tasks: { build: Task; run: Task; aggregateRun?: Task };
  private readonly addedPorts: number[] = [];
  private readonly addedEnvironment: { [name: string]: string } = {};
  private prepared = false;
  private problems: Problem[] = [];

  public constructor(scope: IConstruct, id: string, props: NodeDockerImageProps = {}) {
    super(scope, id);
    const project = Project.of(this);
    if (!(project instanceof NodeProject)) {
      throw findingsError(findingsOf(this, [{
        rule: NodeImageRule.NOT_A_NODE_PROJECT,
        message: `NodeDockerImage needs a Node.js project (javascript.NodeProject or a subclass), not ${project.constructor.name}.`,
        fix: 'Declare the image on a javascript.NodeProject, a typescript.TypeScriptProject or one of their subclasses.',
      }]));
    }
    this.nodeProject = project;
    this.props = props;
    this.runtime = props.runtime ?? Runtime.slim();
    this.buildContext = props.buildContext ?? '.';
    this.npmrcSecret = props.npmrcSecret ?? false;
    this.projectInContext = projectPathInContext(project, this.buildContext);
    const dockerfilePath = props.dockerfilePath ?? 'Dockerfile';
    // BuildKit reads .dockerignore only at the root of the context, and <Dockerfile>.dockerignore beside the Dockerfile.
    const dockerIgnorePath = dockerfilePath === 'Dockerfile' && this.projectInContext === '' ? '.dockerignore' : `${dockerfilePath}.dockerignore`;
    // Two files on one path cannot even be declared: projen refuses the second.
    const taken = [dockerfilePath, dockerIgnorePath].flatMap((path) => {
      const file = project.tryFindFile(path);
      return file ? [{
        rule: NodeImageRule.DUPLICATE_FILE,
        message: `${path} is already written by ${file.node.path.slice(project.node.path.length + 1)}.`,
        fix: `Give each image its own dockerfilePath, such as "${id.toLowerCase()}.Dockerfile".`,
      }] : [];
    });
    if (taken.length > 0) {
      throw findingsError(findingsOf(this, taken));
    }
    SynthesisChecks.of(project).register({ prepare: () => this.prepare(), findings: () => findingsOf(this, this.problems) });

    this.pins = props.pinBaseImages ?? true ? ImageLock.of(project) : undefined;
    this.dockerfile = new Dockerfile(this, { path: dockerfilePath, imagePins: this.pins });
    const base = this.addStage('base', StageBase.nodeImage(this.runtime.nodeImage(this.nodeMajor)));
    // Which stages there are depends only on what cannot change after the project is created.
    const installer = packageManagerStrategy(project)?.toolInstall || this.buildPackages.length > 0
      ? this.addStage('installer', StageBase.stage(base), 'Tools that install and build, kept out of the runtime')
      : base;
    this.addStage('deps', StageBase.stage(installer), 'Production dependencies only');
    if (project instanceof TypeScriptProject) {
      this.addStage('build', StageBase.stage(installer), 'Build: all dependencies, then sources, then compile');
    }
    const distroless = this.runtime.distrolessImage;
    const runtime = distroless
      ? new DistrolessStage(this.dockerfile, 'runtime', { image: distroless, buildStage: base, workdir: this.workdir, uid: props.uid, gid: props.gid })
      : this.dockerfile.addStage('runtime', { from: StageBase.stage(base) });
    this.places.set(runtime, runtime._reservePlace());

    this.dockerIgnore = new DockerIgnore(this, {
      dockerfile: this.dockerfile, path: dockerIgnorePath, mode: props.dockerIgnoreMode, projectPath: this.projectInContext || undefined,
    });
    const suffix = kebabCase(id);
    const build = project.addTask(`docker:build:${suffix}`, { description: `Build the ${id} image (${this.imageName}) with docker, podman or buildah` });
    const run = project.addTask(`docker:run:${suffix}`, { description: `Run the ${id} image` });
    spawnFromAggregate(project, 'docker:build', 'Build every image of the project', build);
    const aggregateRun = project.tasks.tryFind('docker:run') ? undefined : project.addTask('docker:run', { description: `Run the ${id} image` });
    this.tasks = { build, run, aggregateRun };
  }

  /**
   * The Node.js major of the image: `nodeMajor`, else the newest LTS line that satisfies every
   * range the project states (`minNodeVersion`, `maxNodeVersion`, `engines.node`, `.nvmrc`, `.node-version`).
   */
  public get nodeMajor(): number {
    return this.nodeLine().major;
  }

  /** The local image name and tag used by the docker tasks. */
  public get imageName(): string {
    return localImageName(this.nodeProject, this.dockerfile.path === 'Dockerfile' ? undefined : this.node.id.toLowerCase());
  }

  /** Path of the image's ignore file, relative to the project. */
  public get ignoreFilePath(): string {
    return this.dockerIgnore.path;
  }

  /** Ids of the build secrets the build mounts. */
  public get buildSecrets(): string[] {
    return this.npmrcSecret ? ['npmrc'] : [];
  }

  /** Adds ports the service listens on (with none given or added, the image exposes 3000). */
  public addPort(...ports: number[]): void {
    this.addedPorts.push(...ports);
  }

  /** Adds environment variables of the running service. */
  public addEnvironment(variables: { [name: string]: string }): void {
    Object.assign(this.addedEnvironment, variables);
  }

  /** A stage of the image's Dockerfile: base, installer, deps, build or runtime. */
  public stage(name: string): DockerfileStage {
    const stage = this.dockerfile.tryFindStage(name);
    if (!stage) {
      throw new Error(`${this.node.path}: the image has no stage "${name}"; it has ${this.dockerfile.stages.map((candidate) => candidate.name).join(', ')}.`);
    }
    return stage;
  }

  /** The image's Node.js line, and why it cannot be built when it cannot. */
  private nodeLine(): { major: number; problems: Problem[] } {
    const unsupported = (problem: { message: string; fix: string } | undefined, rule = NodeImageRule.UNSUPPORTED_NODE_VERSION) =>
      (problem ? [{ rule, ...problem }] : []);
    if (this.props.nodeMajor !== undefined) {
      return { major: this.props.nodeMajor, problems: unsupported(unknownLineProblem(this.props.nodeMajor)) };
    }
    const { constraints, unreadable } = projectNodeConstraints(this.nodeProject);
    if (unreadable) {
      return {
        major: newestLtsMajor(),
        problems: unsupported({
          message: `${unreadable.source} says "${unreadable.text}", which is neither a version nor an alias this library knows (lts/*, lts/iron, lts/jod, lts/krypton, node).`,
          fix: `Write a major such as "${newestLtsMajor()}" or a version such as "${newestLtsMajor()}.1.0" in ${unreadable.source}.`,
        }, NodeImageRule.INVALID_NODE_VERSION),
      };
    }
    const choice = chooseNodeLine(constraints);
    return 'major' in choice ? { major: choice.major, problems: [] } : { major: newestLtsMajor(), problems: unsupported(choice.problem) };
  }

  private get workdir(): string {
    return this.props.workdir ?? '/app';
  }

  private get ports(): number[] {
    const given = this.props.ports ?? (this.addedPorts.length > 0 ? [] : [3000]);
    return [...given, ...this.addedPorts];
  }

  private get buildPackages(): string[] {
    return [...(this.props.buildPackages ?? []), ...(this.props.nativeModules || this.props.nativeAddons?.length ? NATIVE_BUILD_PACKAGES : [])];
  }

  private get runtimePackages(): string[] {
    const alpineNative = this.runtime.family === RuntimeFamily.ALPINE
      && (this.runtime.nativeModules || this.props.nativeModules || this.props.nativeAddons?.length || this.props.preset === ImagePreset.NESTJS);
    return [...(this.props.runtimePackages ?? []), ...(this.props.init ? ['tini'] : []), ...(alpineNative ? ['libc6-compat'] : [])];
  }

  private addStage(name: string, from: StageBase, comment?: string): DockerfileStage {
    const stage = this.dockerfile.addStage(name, { from, comment });
    this.places.set(stage, stage._reservePlace());
    return stage;
  }

  /** Reads the project as it is now into the stages, the ignore file and the tasks. */
  private prepare(): void {
    if (this.prepared) {
      return;
    }
    this.prepared = true;
    const project = this.nodeProject;
    const strategy = packageManagerStrategy(project);
    this.problems = this.findProblems(strategy);
    const port = this.ports[0];
    this.tasks.build.reset(buildCommand(this.dockerfile.path, this.dockerIgnore.path, this.buildContext, this.imageName));
    for (const task of [this.tasks.run, this.tasks.aggregateRun]) {
      task?.reset(runCommand(this.imageName, port));
    }
    if (port !== undefined) {
      this.tasks.run.description = `Run the ${this.node.id} image, publishing port ${port} on loopback`;
    }
    this.dockerIgnore.addDefaultExclude(...projectExcludes(project));
    if (!strategy || this.problems.some((problem) => problem.severity !== FindingSeverity.WARNING)) {
      // The findings stop synthesis; a Dockerfile laid out from broken options would only repeat them.
      return;
    }
    this.layOut(withBindingChecks(strategy, project, this.props.nativeAddons ?? []));
  }

  private findProblems(strategy: PackageManagerStrategy | undefined): Problem[] {
    const project = this.nodeProject;
    const problem = (rule: NodeImageRule, message: string, fix: string): Problem[] => [{ rule, message, fix }];
    const line = this.nodeLine();
    const endOfLife = endOfLifeWarning(line.major, new Date());
    const nestjs = this.props.preset === ImagePreset.NESTJS;
    const distroless = this.runtime.family === RuntimeFamily.DISTROLESS;
    return [
      ...line.problems,
      // The only thing that depends on the day: a warning, never a broken synthesis.
      ...(endOfLife && line.problems.length === 0
        ? [{ rule: NodeImageRule.NODE_LINE_END_OF_LIFE, severity: FindingSeverity.WARNING, ...endOfLife }]
        : []),
      ...(strategy ? [] : problem(NodeImageRule.UNKNOWN_PACKAGE_MANAGER,
        `package manager "${project.package.packageManager}" is not one NodeDockerImage knows (${KNOWN_PACKAGE_MANAGERS.join(', ')}).`,
        'Set packageManager on the project to a javascript.NodePackageManager value.')),
      ...imageInputProblems({
        ports: this.ports,
        healthCheck: this.props.healthCheck,
        command: this.props.command,
        uid: this.props.uid,
        gid: this.props.gid,
        runtimeFiles: this.props.runtimeFiles ?? [],
        systemPackages: [...this.buildPackages, ...this.runtimePackages],
      }),
      ...(this.projectInContext === undefined ? problem(NodeImageRule.INVALID_BUILD_CONTEXT,
        `buildContext "${this.buildContext}" does not contain the project, so the Dockerfile could not copy its package.json.`,
        'Use "." (the project folder) or a folder above it, such as a monorepo root ("../..").') : []),
      ...(nestjs && !(project instanceof TypeScriptProject) ? problem(NodeImageRule.PRESET_MISMATCH,
        'the NestJS preset runs the compiled dist/main.js, and this project compiles no TypeScript.',
        'Use a typescript.TypeScriptAppProject, or leave out the preset and set command.') : []),
      ...this.entryPointProblems(),
      ...installScriptProblems(project, this.props.nativeAddons ?? []),
      ...(distroless && (this.props.runtimePackages ?? []).length > 0 ? problem(NodeImageRule.UNSUPPORTED_ON_RUNTIME,
        `runtimePackages (${this.props.runtimePackages!.join(', ')}) cannot be installed on distroless, which has no package manager.`,
        'Use Runtime.slim(), or copy what the service needs from the build stage (image.stage(\'runtime\').addCopy(...)).') : []),
      ...(distroless && this.props.init ? problem(NodeImageRule.UNSUPPORTED_ON_RUNTIME,
        'init (tini) cannot be installed on distroless, which has no package manager.',
        'Leave init out and start the container with an init process (docker run --init, or your orchestrator\'s equivalent).') : []),
    ];
  }

  /** A compiled project's runtime gets only the compiled output folder: an entry point outside it would not be in the image. */
  private entryPointProblems(): Problem[] {
    const compile = compileSteps(this.nodeProject);
    if (this.props.command !== undefined || this.props.preset === ImagePreset.NESTJS || !compile) {
      return [];
    }
    const entry = entryPoint(this.nodeProject, compile.output);
    if (entry.startsWith(`${compile.output.replace(/\/+$/, '')}/`)) {
      return [];
    }
    return [{
      rule: NodeImageRule.ENTRY_POINT_NOT_IN_OUTPUT,
      message: `the entry point "${entry}" is not in the compiled output folder "${compile.output}", the only folder of the build the runtime gets.`,
      fix: `Set entrypoint on the project to a compiled file, such as "${compile.output}/index.js", or set command.`,
    }];
  }

  private fill(name: string, add: (stage: DockerfileStage) => void): void {
    const stage = this.dockerfile.tryFindStage(name)!;
    stage._fillPlace(this.places.get(stage)!, () => add(stage));
  }

  private layOut(strategy: PackageManagerStrategy): void {
    const props = this.props;
    const fromContext = (path: string) => (this.projectInContext ? posix.join(this.projectInContext, path) : path);
    const installMounts = [
      RunMount.cache({ target: strategy.cacheTarget, id: strategy.name, sharing: CacheSharing.LOCKED }),
      ...(this.npmrcSecret ? [RunMount.secret({ id: 'npmrc', target: '/root/.npmrc' })] : []),
    ];
    const copyManifest = (stage: DockerfileStage) => {
      stage.addCopy(strategy.manifestFiles.map(fromContext), './');
      for (const folder of strategy.manifestFolders ?? []) {
        stage.addCopy([fromContext(folder)], `./${folder}/`);
      }
    };
    const addArgs = (stage: DockerfileStage) => Object.entries(props.buildArgs ?? {}).forEach(([name, value]) => stage.addArg(name, value));

    const base = this.stage('base');
    base._rebase(StageBase.nodeImage(this.runtime.nodeImage(this.nodeMajor)));
    this.fill('base', (stage) => stage.addWorkdir(this.workdir));
    if (this.dockerfile.tryFindStage('installer')) {
      this.fill('installer', (stage) => {
        if (this.buildPackages.length > 0) {
          stage.addRunCommands(installPackagesCommands(this.runtime, this.buildPackages));
        }
        if (strategy.toolEnvironment) {
          stage.addEnv(strategy.toolEnvironment);
        }
        if (strategy.toolInstall) {
          stage.addRun(strategy.toolInstall, { mounts: [RunMount.cache({ target: '/root/.npm', id: 'npm', sharing: CacheSharing.LOCKED })] });
        }
      });
    }
    const compile = compileSteps(this.nodeProject);
    this.fill('deps', (stage) => {
      copyManifest(stage);
      // A project without production dependencies gets no node_modules, which the runtime copies.
      stage.addRunCommands([strategy.installProduction, 'mkdir -p node_modules'], { mounts: installMounts });
      if (!compile) {
        addArgs(stage);
      }
    });
    if (compile) {
      this.fill('build', (stage) => {
        copyManifest(stage);
        stage.addRun(strategy.installAll, { mounts: installMounts });
        addArgs(stage);
        stage.addInstruction(new EnvInstruction({ variables: { PATH: `${this.workdir}/node_modules/.bin:$PATH` }, expandVariables: true }));
        for (const input of compile.inputs) {
          stage.addCopy([fromContext(input)], `./${input}`);
        }
        if (compile.commands) {
          stage.addRunCommands(compile.commands);
        } else {
          stage.addRun('npx projen compile');
        }
      });
    }
    // Plain JavaScript runs from its sources: the folder of the entry point.
    const outputs = compile ? [compile.output] : [entryPoint(this.nodeProject).split('/')[0]];
    this.fill('runtime', (stage) => this.layOutRuntime(stage, outputs, compile !== undefined, fromContext));
  }

  private layOutRuntime(stage: DockerfileStage, outputs: string[], compiled: boolean, fromContext: (path: string) => string): void {
    const props = this.props;
    const distroless = this.runtime.distrolessImage;
    if (this.runtimePackages.length > 0) {
      stage.addRunCommands(installPackagesCommands(this.runtime, this.runtimePackages));
    }
    stage.addEnv({ NODE_ENV: 'production', ...props.environment, ...this.addedEnvironment });
    stage.addLabels({ ...ociLabels(this.nodeProject), ...this.baseImageLabels(stage) });
    stage.addArg('REVISION', 'unknown');
    stage.addArg('CREATED', 'unknown');
    stage.addInstruction(new LabelInstruction({
      labels: { 'org.opencontainers.image.revision': '${REVISION}', 'org.opencontainers.image.created': '${CREATED}' },
      expandVariables: true,
    }));
    stage.addCopy([`${this.workdir}/node_modules`], './node_modules', { fromStage: this.stage('deps') });
    for (const path of outputs) {
      stage.addCopy(compiled ? [`${this.workdir}/${path}`] : [fromContext(path)], `./${path}`, compiled ? { fromStage: this.stage('build') } : {});
    }
    for (const path of props.runtimeFiles ?? []) {
      stage.addCopy([fromContext(path)], `./${posix.normalize(path)}`);
    }
    stage.addCopy([fromContext('package.json')], './');
    if (!distroless) {
      stage.addUser(String(props.uid ?? 1000), String(props.gid ?? 1000));
    }
    for (const port of this.ports) {
      stage.addExpose(port);
    }
    this.addHealthcheck(stage, props.healthCheck, distroless?.nodeBinary ?? 'node');
    stage.addStopSignal('SIGTERM');
    if (props.init) {
      stage.addEntrypoint([this.runtime.family === RuntimeFamily.ALPINE ? '/sbin/tini' : '/usr/bin/tini', '--']);
    }
    const entry = props.preset === ImagePreset.NESTJS && !props.command
      ? `${compiled ? outputs[0] : 'dist'}/main.js`
      : entryPoint(this.nodeProject, compiled ? outputs[0] : undefined);
    // Distroless images run node as their entrypoint: CMD is what node runs.
    stage.addCmd([...(distroless ? [] : ['node']), ...(props.command ?? [entry])]);
  }

  private addHealthcheck(stage: DockerfileStage, healthCheck: HealthCheck | undefined, node: string): void {
    const check = healthCheck?._checkArgv(node, this.ports[0]);
    if (check) {
      const timing = healthCheck!.options;
      stage.addHealthcheck({
        command: check,
        interval: timing.interval ?? Duration.seconds(30),
        timeout: timing.timeout ?? Duration.seconds(5),
        startPeriod: timing.startPeriod ?? Duration.seconds(10),
        retries: timing.retries ?? 3,
      });
    } else if (healthCheck?.kind === HealthCheckKind.NONE) {
      stage.disableHealthcheck();
    }
  }

  /** The OCI labels naming the image the runtime is based on, and its digest when pinned. */
  private baseImageLabels(stage: DockerfileStage): { [key: string]: string } {
    const reference = stage.baseImage!;
    const parsed = ImageReference.parse(reference);
    const digest = this.pins?.digestOf(reference);
    return {
      'org.opencontainers.image.base.name': `${parsed.canonicalName}${parsed.tag ? `:${parsed.tag}` : ''}`,
      ...(digest ? { 'org.opencontainers.image.base.digest': digest } : {}),
    };
  }
}
