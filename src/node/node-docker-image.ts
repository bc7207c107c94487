import { posix } from 'path';
import { IConstruct } from 'constructs';
import { Component } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import { claimId } from '../core/construct-path';
import { FindingSeverity } from '../core/finding';
import { findingsError, findingsOf, Problem } from '../core/problem';
import { SynthesisChecks } from '../core/synthesis-checks';
import { kebabCase } from '../core/tasks';
import { DistrolessStage } from '../distroless/distroless-stage';
import {
  Dockerfile, DockerfileStage, EnvInstruction, IContainerImage, Instruction, StageBase,
} from '../dockerfile';
import { DockerIgnore, DockerIgnoreMode } from '../ignore';
import { addBuildMetadata } from './build-metadata';
import { addImageTasks, ImageTasks, localImageName, resetImageTasks } from './docker-tasks';
import { addHealthcheck } from './health-check';
import { projectExcludes } from './ignore-defaults';
import { nodeImageProblems } from './image-findings';
import { baseImageLabels, ociLabels } from './image-labels';
import { nodeProjectOf, projectPathInContext, takenPathProblems } from './image-problems';
import { withBindingChecks } from './install-scripts';
import { removeInstallTimeFiles } from './install-state';
import { addCompileSteps, addInstallerTools, addManifestCopies, installMounts } from './install-steps';
import { KnownDependencies } from './known-dependencies';
import { NextApp } from './nextjs-app';
import { ImagePreset, NodeDockerImageProps } from './node-docker-image-props';
import { projectNodeLine } from './node-version-constraints';
import { PACKAGE_MANAGER_SETTINGS, PackageManagerStrategy, packageManagerStrategy } from './package-managers';
import { compileSteps, entryPoint } from './project-build';
import { RegistryAuth, registryAuth, withRegistryAuth } from './registry-auth';
import { Runtime, RuntimeFamily } from './runtime';
import { RuntimePayload } from './runtime-payload';
import { SettingsSecret, settingsSecrets } from './settings-secrets';
import { installPackagesCommands, NATIVE_BUILD_PACKAGES } from './system-packages';
import { addTrace, addTracedPayload, traceSettings, TRACER } from './traced-payload';
import { workspaceRootOf } from './workspace';
import { unsupportedWorkspaceShapes, WorkspaceImage } from './workspace-image';
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
  public readonly target?: string = 'runtime';

  private readonly props: NodeDockerImageProps;
  private readonly runtime: Runtime;
  private readonly payload: RuntimePayload;
  private readonly nodeProject: NodeProject;
  private readonly projectInContext?: string;
  private readonly pins?: ImageLock;
  private readonly next?: NextApp;
  private readonly known: KnownDependencies;
  private readonly places = new Map<DockerfileStage, Instruction>();
  private readonly tasks: ImageTasks;
  private readonly addedPorts: number[] = [];
  private readonly addedEnvironment: { [name: string]: string } = {};
  private problems: Problem[] = [];
  private auth: RegistryAuth = { secrets: [], problems: [] };
  private workspace?: WorkspaceImage;

  public constructor(scope: IConstruct, id: string, props: NodeDockerImageProps = {}) {
    super(scope, claimId(scope, id, 'NodeDockerImage'));
    const project = nodeProjectOf(this);
    this.nodeProject = project;
    this.props = props;
    this.runtime = props.runtime ?? Runtime.slim();
    this.payload = props.payload ?? RuntimePayload.productionDependencies();
    const workspaceRoot = workspaceRootOf(project, props.workspaceRoot);
    this.buildContext = props.buildContext ?? workspaceRoot ?? '.';
    const ignoreMode = props.dockerIgnoreMode ?? (workspaceRoot ? DockerIgnoreMode.ALLOW_LIST : undefined);
    this.npmrcSecret = props.npmrcSecret ?? false;
    this.projectInContext = projectPathInContext(project, this.buildContext);
    const dockerfilePath = props.dockerfilePath ?? 'Dockerfile';
    // BuildKit reads .dockerignore only at the root of the context, and <Dockerfile>.dockerignore beside the Dockerfile.
    const dockerIgnorePath = dockerfilePath === 'Dockerfile' && this.projectInContext === '' ? '.dockerignore' : `${dockerfilePath}.dockerignore`;
    // Two files on one path cannot even be declared: projen refuses the second.
    const taken = takenPathProblems(project, [dockerfilePath, dockerIgnorePath], id);
    if (taken.length > 0) {
      throw findingsError(findingsOf(this, taken));
    }
    SynthesisChecks.of(project).register({ prepare: () => this.prepare(), findings: () => findingsOf(this, this.problems) });

    this.pins = props.pinBaseImages ?? true ? ImageLock.of(project) : undefined;
    this.dockerfile = new Dockerfile(this, { path: dockerfilePath, imagePins: this.pins });
    const base = this.addStage('base', StageBase.node(this.runtime.nodeImage(this.nodeMajor)));
    // Which stages there are depends only on what cannot change after the project is created.
    const installer = packageManagerStrategy(project)?.toolInstall || this.buildPackages.length > 0
      ? this.addStage('installer', StageBase.stage(base), 'Tools that install and build, kept out of the runtime')
      : base;
    this.next = NextApp.of(project, props);
    this.known = KnownDependencies.of(project, props);
    if (!this.next) this.addStage('deps', StageBase.stage(installer), 'Production dependencies only');
    // A workspace package's build stage compiles its workspace dependencies, whatever the service is written in.
    if (project instanceof TypeScriptProject || this.next || workspaceRoot) {
      this.addStage('build', StageBase.stage(installer), 'Build: all dependencies, then sources, then compile');
    } else if (!this.payload.isTraced) {
      // A traced service's files go straight into its trace stage, whose trace leaves the settings out.
      this.addStage('sources', StageBase.stage(base), 'The service\'s files: all that the .dockerignore lets in, but the package manager\'s settings');
    }
    if (this.payload.isTraced && !this.next) {
      this.addStage('trace', StageBase.stage(this.stage('deps')), `Only what the service loads, traced from its entry points by ${TRACER.name}, a tool of the build only`);
    }
    const distroless = this.runtime.distrolessImage;
    const runtime = distroless
      ? new DistrolessStage(this.dockerfile, 'runtime', { image: distroless, buildStage: base, workdir: this.workdir, uid: props.uid, gid: props.gid })
      : this.dockerfile.addStage('runtime', { from: StageBase.stage(base) });
    this.places.set(runtime, runtime._reservePlace());

    this.dockerIgnore = new DockerIgnore(this, {
      dockerfile: this.dockerfile, path: dockerIgnorePath, mode: ignoreMode, projectPath: this.projectInContext || undefined,
    });
    this.tasks = addImageTasks(this, id, this.imageName);
  }

  /**
   * The Node.js major of the image: `nodeMajor`, else the newest LTS line that satisfies every
   * range the project states (`minNodeVersion`, `maxNodeVersion`, `engines.node`, `.nvmrc`, `.node-version`).
   */
  public get nodeMajor(): number {
    return projectNodeLine(this.nodeProject, this.props.nodeMajor).major;
  }

  /** The local image name and tag used by the docker tasks. */
  public get imageName(): string {
    return localImageName(this.nodeProject, this.dockerfile.path === 'Dockerfile' ? undefined : kebabCase(this.node.id));
  }

  /** Path of the image's ignore file, relative to the project. */
  public get ignoreFilePath(): string {
    return this.dockerIgnore.path;
  }

  /** Ids of the build secrets the build mounts: `npmrc`, and one for each variable a registry token is read from (`npm_token`). */
  public get buildSecrets(): string[] {
    return [...(this.npmrcSecret ? ['npmrc'] : []), ...registryAuth(this.nodeProject, this.props).secrets.map((secret) => secret.id)];
  }

  /**
   * Build secrets read from files of the project, by id, each with its path relative to the project:
   * the package manager's settings (`project-npmrc` from `.npmrc`), mounted where the install reads
   * them instead of copied, so that nothing added to them before a build stays in a layer.
   */
  public get buildSecretFiles(): { [id: string]: string } {
    const strategy = packageManagerStrategy(this.nodeProject);
    return Object.fromEntries(this.settingsSecrets(strategy).map(({ id, file }) => [id, file]));
  }

  /** The package manager's settings files the install reads: the workspace root's for a workspace package, where it installs. */
  private settingsSecrets(strategy: PackageManagerStrategy | undefined): SettingsSecret[] {
    return strategy ? settingsSecrets(this.nodeProject, strategy, workspaceRootOf(this.nodeProject, this.props.workspaceRoot)) : [];
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

  private get workdir(): string { return this.props.workdir ?? '/app'; }

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
    const known = this.known.runtimePackages(this.runtime);
    return [...(this.props.runtimePackages ?? []), ...(this.props.init ? ['tini'] : []), ...(alpineNative ? ['libc6-compat'] : []), ...known];
  }

  private addStage(name: string, from: StageBase, comment?: string): DockerfileStage {
    const stage = this.dockerfile.addStage(name, { from, comment });
    this.places.set(stage, stage._reservePlace());
    return stage;
  }

  /** Reads the project as it is now into the stages, the ignore file and the tasks. */
  private prepare(): void {
    const project = this.nodeProject;
    const strategy = packageManagerStrategy(project);
    this.dockerIgnore.addDefaultExclude(...projectExcludes(project), ...this.next?.ignored ?? [], ...this.known.prisma?.ignored ?? []);
    if (!compileSteps(project)) {
      // Plain JavaScript gets its whole folder: a runtime file is let in by its own path.
      this.dockerIgnore.addInclude(...(this.props.runtimeFiles ?? []).map((path) => this.fromContext(path)));
    }
    this.auth = registryAuth(project, this.props);
    const workspace = WorkspaceImage.of(project, this.props.workspaceRoot, this.buildContext, this.dockerIgnore);
    this.workspace = workspace.image;
    this.problems = [
      ...this.findProblems(strategy), ...this.auth.problems, ...this.next?.problems(this.props, this.ports[0]) ?? [],
      ...workspace.problems,
      ...this.workspace ? unsupportedWorkspaceShapes({ nextjs: this.next !== undefined, prisma: this.known.prisma !== undefined }) : [],
    ];
    resetImageTasks(this.tasks, this.node.id, {
      dockerfile: this.dockerfile.path,
      dockerIgnore: this.dockerIgnore.path,
      context: this.buildContext,
      image: this.imageName,
      secrets: this.auth.secrets,
      settings: this.settingsSecrets(strategy),
    }, this.ports[0]);
    if (!strategy || this.problems.some((problem) => problem.severity !== FindingSeverity.WARNING)) {
      // The findings stop synthesis; a Dockerfile laid out from broken options would only repeat them.
      return;
    }
    const installs = this.workspace?.strategy(strategy) ?? strategy;
    this.layOut(withBindingChecks(withRegistryAuth(installs, this.auth.secrets), project, this.props.nativeAddons ?? []));
  }

  private findProblems(strategy: PackageManagerStrategy | undefined): Problem[] {
    return [...nodeImageProblems({
      project: this.nodeProject,
      props: this.props,
      id: this.node.id,
      strategy,
      runtime: this.runtime,
      ports: this.ports,
      buildPackages: this.buildPackages,
      runtimePackages: this.runtimePackages,
      environment: { ...this.props.environment, ...this.addedEnvironment },
      buildContext: this.buildContext,
      projectInContext: this.projectInContext,
      workdir: this.workdir,
      dockerIgnore: this.dockerIgnore,
      fromContext: (path: string) => this.fromContext(path),
    }), ...this.known.problems(this.runtime),
    ...this.payload._problems({ prisma: this.known.prisma !== undefined, nextjs: this.next !== undefined })];
  }

  private fill(name: string, add: (stage: DockerfileStage) => void): void {
    const stage = this.dockerfile.tryFindStage(name)!;
    stage._fillPlace(this.places.get(stage)!, () => add(stage));
  }

  /** A path of the project, as the Dockerfile names it in the build context. */
  private fromContext(path: string): string {
    return this.projectInContext ? posix.join(this.projectInContext, path) : path;
  }

  private layOut(strategy: PackageManagerStrategy): void {
    const props = this.props;
    const fromContext = (path: string) => this.fromContext(path);
    const mounts = installMounts(strategy, {
      npmrcSecret: this.npmrcSecret,
      secrets: this.auth.secrets,
      settings: this.settingsSecrets(strategy),
      workdir: this.workdir,
    });
    const copyManifest = (stage: DockerfileStage) => addManifestCopies(stage, strategy, fromContext, this.known.prisma?.manifestInputs ?? []);
    const addArgs = (stage: DockerfileStage) => Object.entries(props.buildArgs ?? {}).forEach(([name, value]) => stage.addArg(name, value));

    const base = this.stage('base');
    base._rebase(StageBase.node(this.runtime.nodeImage(this.nodeMajor)));
    this.fill('base', (stage) => { stage.addWorkdir(this.workdir); this.known.addInstallEnvironment(stage); });
    if (this.dockerfile.tryFindStage('installer')) {
      const systemPackages = this.buildPackages.length > 0 ? installPackagesCommands(this.runtime, this.buildPackages) : [];
      this.fill('installer', (stage) => addInstallerTools(stage, strategy, systemPackages));
    }
    const installAll = (stage: DockerfileStage) => {
      copyManifest(stage);
      stage.addRun(strategy.installAll, { mounts });
      addArgs(stage);
      stage.addInstruction(new EnvInstruction({ variables: { PATH: `${this.workdir}/node_modules/.bin:$PATH` }, expandVariables: true }));
      this.known.prisma?.addGenerate(stage, fromContext);
    };
    const copySources = (stage: DockerfileStage) => {
      stage.addCopy([this.projectInContext || '.'], './');
      // They are in the build context for the install, and may name registries and tokens.
      stage.addRun(`rm -rf ${PACKAGE_MANAGER_SETTINGS.join(' ')}`);
    };
    const compile = compileSteps(this.nodeProject);
    if (this.next) {
      this.fill('build', (stage) => { installAll(stage); copySources(stage); this.next!.addBuild(stage, this.workdir); });
      return this.fill('runtime', (stage) => this.layOutRuntime(stage, undefined));
    }
    if (this.workspace) {
      this.workspace.fill((name, add) => this.fill(name, add), strategy, mounts, this.workdir, addArgs);
      return this.fill('runtime', (stage) => this.layOutRuntime(stage, compile?.output));
    }
    this.fill('deps', (stage) => {
      copyManifest(stage);
      // A project without production dependencies gets no node_modules, which the runtime copies.
      stage.addRunCommands([strategy.installProduction, 'mkdir -p node_modules', ...removeInstallTimeFiles(strategy.name)], { mounts });
      if (!compile) {
        addArgs(stage);
      }
    });
    if (compile) {
      this.fill('build', (stage) => { installAll(stage); addCompileSteps(stage, compile, fromContext, this.known.prisma?.inputs ?? []); });
    }
    if (this.dockerfile.tryFindStage('sources')) {
      this.fill('sources', copySources);
    }
    this.fill('runtime', (stage) => this.layOutRuntime(stage, compile?.output));
  }

  /** The runtime: production dependencies, then the compiled output (or, for plain JavaScript, the service's files), then the per-commit metadata. */
  private layOutRuntime(stage: DockerfileStage, compiledOutput: string | undefined): void {
    const props = this.props;
    const distroless = this.runtime.distrolessImage;
    if (this.runtimePackages.length > 0) {
      stage.addRunCommands(installPackagesCommands(this.runtime, this.runtimePackages));
    }
    const known = { ...this.next?.runtimeEnvironment(this.ports[0]), ...this.known.runtimeEnvironment(this.runtime) };
    stage.addEnv({ NODE_ENV: 'production', ...known, ...props.environment, ...this.addedEnvironment });
    stage.addLabels({ ...ociLabels(this.nodeProject), ...baseImageLabels(stage.baseImageReference!, this.pins) });
    const argv = props.command ?? [this.next?.entry ?? entryPoint(this.nodeProject, compiledOutput, props.preset === ImagePreset.NESTJS)];
    const trace = this.dockerfile.tryFindStage('trace');
    if (trace) {
      const settings = traceSettings(this.payload, this.nodeProject, argv, props.runtimeFiles ?? [], this.workdir);
      this.fill('trace', (traceStage) => addTrace(traceStage, settings, this.npmrcSecret, () => this.addServiceFiles(traceStage, compiledOutput, true)));
      addTracedPayload(stage, trace, this.workdir, this.workspace?.serviceDirectory);
    } else {
      this.addServiceFiles(stage, compiledOutput);
    }
    if (!distroless) {
      stage.addUser(String(props.uid ?? 1000), String(props.gid ?? 1000));
    }
    for (const port of this.ports) {
      stage.addExpose(port);
    }
    addHealthcheck(stage, props.healthCheck, distroless?.nodeBinary ?? 'node', this.ports[0]);
    stage.addStopSignal('SIGTERM');
    if (props.init) {
      stage.addEntrypoint([this.runtime.family === RuntimeFamily.ALPINE ? '/sbin/tini' : '/usr/bin/tini', '--']);
    }
    // Distroless images run node as their entrypoint: CMD is what node runs.
    const command = [...(distroless ? [] : ['node']), ...argv];
    stage.addCmd(this.known.prisma?.command(command) ?? command);
    addBuildMetadata(stage);
  }

  /**
   * The service's files as the untraced runtime has them: production dependencies (unless the stage
   * is built on them), then the compiled output (or, for plain JavaScript, the service's files).
   */
  private addServiceFiles(stage: DockerfileStage, compiledOutput: string | undefined, onDependencies = false): void {
    const props = this.props;
    const deps = onDependencies || this.next ? undefined : this.stage('deps');
    if (this.next) this.next.addRuntimeFiles(stage, this.stage('build'), this.workdir, props);
    else if (deps) stage.addCopy([`${this.workdir}/node_modules`], './node_modules', { fromStage: deps });
    if (this.workspace) {
      this.workspace.addRuntime(stage, { deps, build: this.stage('build') }, this.workdir, props.runtimeFiles ?? []);
    } else if (compiledOutput !== undefined) {
      // The compiled output last: an edit of the sources then rebuilds that layer only. The dependencies' stage has package.json already.
      if (deps) stage.addCopy([this.fromContext('package.json')], './');
      for (const path of props.runtimeFiles ?? []) {
        stage.addCopy([this.fromContext(path)], `./${posix.normalize(path)}`);
      }
      this.known.prisma?.addRuntimeFiles(stage, this.stage('build'), this.workdir);
      stage.addCopy([`${this.workdir}/${compiledOutput}`], `./${compiledOutput}`, { fromStage: this.stage('build') });
    } else if (onDependencies) {
      stage.addCopy([this.projectInContext || '.'], './');
    } else if (!this.next) {
      stage.addCopy([this.workdir], './', { fromStage: this.stage('sources') });
    }
  }
}
