import { relative, resolve } from 'path';
import { Construct } from 'constructs';
import { Project } from 'projen';
import { ComposeDependency, ComposeHealthCheck, ComposePort, ComposeServiceOptions, ComposeVolume } from './compose-options';
import { DependencyCondition } from './dependency-condition';
import { imageRuntime, ImageRuntime } from './image-runtime';
import { IContainerImage, Protocol } from '../dockerfile';

/**
 * Options of a ComposeService: what it runs (an image of the project, built
 * from its Dockerfile, or a ready-made image) and how.
 */
export interface ComposeServiceProps extends ComposeServiceOptions {
  /**
   * An image of the project (a NodeDockerImage): the service is built from its
   * Dockerfile and target stage, tagged with its name, and takes its ports,
   * environment, health check and init from the Dockerfile.
   * @default - give `image`
   */
  readonly containerImage?: IContainerImage;
  /**
   * A ready-made image, with a tag or digest (`postgres:17-trixie`).
   * @default - give `containerImage`
   */
  readonly image?: string;
}

/**
 * One service of a compose file. Everything it takes from an image is read at
 * synthesis, after the image has read the project, so ports or health checks
 * added to the image later in `.projenrc.ts` still count.
 */
export class ComposeService extends Construct {
  /** The service's name in the compose file (and its host name on the compose network). */
  public readonly serviceName: string;
  /** The image of the project it is built from, if it is built. */
  public readonly containerImage?: IContainerImage;
  /** The ready-made image it runs, if it is not built. */
  public readonly image?: string;

  private readonly props: ComposeServiceProps;
  private readonly addedEnvironment: { [name: string]: string } = {};
  private readonly addedDependencies: ComposeDependency[] = [];
  private readonly addedPorts: ComposePort[] = [];
  private readonly addedVolumes: ComposeVolume[] = [];

  /**
   * @param compose the ComposeFile (or another construct of it) the service belongs to
   * @param name the service's name in the compose file
   */
  public constructor(compose: Construct, name: string, props: ComposeServiceProps) {
    super(compose, name);
    this.serviceName = name;
    this.props = props;
    this.containerImage = props.containerImage;
    this.image = props.image;
  }

  /** Adds environment variables (written literally, like `environment`). */
  public addEnvironment(variables: { [name: string]: string }): void {
    Object.assign(this.addedEnvironment, variables);
  }

  /**
   * Starts another service of the compose file first.
   * @param condition what to wait for (default: its health check passes)
   */
  public addDependency(service: ComposeService, condition?: DependencyCondition): void {
    this.addedDependencies.push({ service, condition });
  }

  /** Publishes a port on the host, besides those given or derived. */
  public addPort(port: ComposePort): void {
    this.addedPorts.push(port);
  }

  /** Mounts a named volume. */
  public addVolume(volume: ComposeVolume): void {
    this.addedVolumes.push(volume);
  }

  /** The services it waits for, with what it waits for. */
  public get dependencies(): ComposeDependency[] {
    return [...(this.props.dependsOn ?? []), ...this.addedDependencies]
      .map((dependency) => ({ service: dependency.service, condition: dependency.condition ?? DependencyCondition.HEALTHY }));
  }

  /** The ports published on the host: given, or every port the image exposes, on loopback. */
  public get ports(): ComposePort[] {
    const given: ComposePort[] = this.props.ports ?? this.runtime()?.ports.map(({ port, protocol }) => ({ target: port, protocol })) ?? [];
    return [...given, ...this.addedPorts].map((port) => ({
      target: port.target,
      published: port.published ?? port.target,
      hostIp: port.hostIp ?? '127.0.0.1',
      protocol: port.protocol ?? Protocol.TCP,
    }));
  }

  /** The environment: the image's ENV, then what is given, then what is added. */
  public get environment(): { [name: string]: string } {
    return { ...this.runtime()?.environment, ...this.props.environment, ...this.addedEnvironment };
  }

  /** The health check: given, or the image's HEALTHCHECK; undefined when there is none. */
  public get healthCheck(): ComposeHealthCheck | undefined {
    return this.props.healthCheck ?? this.runtime()?.healthcheck;
  }

  /** Whether Compose runs an init process in front of the service (undefined: not written). */
  public get init(): boolean | undefined {
    const runtime = this.runtime();
    return this.props.init ?? (runtime ? !runtime.hasInit : undefined);
  }

  /** Whether the root filesystem is read-only. */
  public get readOnly(): boolean {
    return this.props.readOnly ?? (this.runtime()?.writablePaths.length === 0);
  }

  /** The named volumes mounted. */
  public get volumes(): ComposeVolume[] {
    return [...(this.props.volumes ?? []), ...this.addedVolumes];
  }

  /**
   * The paths the image's Dockerfile hands to the service's user (`COPY --chown`).
   * @internal
   */
  public _writablePaths(): string[] {
    return this.runtime()?.writablePaths ?? [];
  }

  /** What the image's Dockerfile says the service runs with; undefined for a ready-made image. */
  private runtime(): ImageRuntime | undefined {
    return this.containerImage ? imageRuntime(this.containerImage) : undefined;
  }

  /**
   * The service as the compose file writes it.
   * @param composeFolder the compose file's folder, relative to the project
   * @internal
   */
  public _render(composeFolder: string): { [key: string]: unknown } {
    const health = this.healthCheck;
    const environment = Object.entries(this.environment);
    const dependencies = this.dependencies;
    const volumes = this.volumes;
    return {
      image: this.containerImage?.imageName ?? this.image,
      ...(this.containerImage ? { build: this.renderBuild(this.containerImage, composeFolder) } : {}),
      ...(this.props.command ? { command: [...this.props.command] } : {}),
      ...(environment.length > 0 ? { environment: Object.fromEntries(environment.map(([name, value]) => [name, value.replace(/\$/g, '$$$$')])) } : {}),
      ...(this.ports.length > 0 ? { ports: this.ports.map(renderPort) } : {}),
      ...(dependencies.length > 0
        ? { depends_on: Object.fromEntries(dependencies.map(({ service, condition }) => [service.serviceName, { condition }])) }
        : {}),
      ...(health ? { healthcheck: renderHealthCheck(health) } : {}),
      ...(this.init !== undefined ? { init: this.init } : {}),
      ...(this.readOnly ? { read_only: true, tmpfs: ['/tmp'] } : {}),
      ...(volumes.length > 0 ? { volumes: volumes.map((volume) => `${volume.name}:${volume.target}`) } : {}),
    };
  }

  private renderBuild(image: IContainerImage, composeFolder: string): { [key: string]: unknown } {
    const outdir = Project.of(image).outdir;
    const context = resolve(outdir, image.buildContext);
    const posixPath = (path: string) => path.split('\\').join('/') || '.';
    return {
      // Relative to the compose file; the Dockerfile relative to the context, as Compose reads them.
      context: posixPath(relative(resolve(outdir, composeFolder), context)),
      dockerfile: posixPath(relative(context, resolve(outdir, image.dockerfile.path))),
      ...(image.target ? { target: image.target } : {}),
      ...(Object.keys(image.buildSecretFiles).length > 0 ? { secrets: Object.keys(image.buildSecretFiles) } : {}),
    };
  }
}

/** The short syntax, which Compose v1 and v2 and podman-compose all read (v1's long syntax has no host address). */
function renderPort(port: ComposePort): string {
  const host = port.hostIp!.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  return `${host}:${port.published}:${port.target}${port.protocol === Protocol.TCP ? '' : `/${port.protocol}`}`;
}

function renderHealthCheck(health: ComposeHealthCheck): { [key: string]: unknown } {
  return {
    test: ['CMD', ...health.command],
    ...(health.interval ? { interval: health.interval.toDockerString() } : {}),
    ...(health.timeout ? { timeout: health.timeout.toDockerString() } : {}),
    ...(health.startPeriod ? { start_period: health.startPeriod.toDockerString() } : {}),
    ...(health.retries !== undefined ? { retries: health.retries } : {}),
  };
}
