import { DockerfileStage, Duration } from '../dockerfile';

/**
 * Timing of a health check.
 */
export interface HealthCheckOptions {
  /**
   * Time between checks.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
  /**
   * Time after which a check counts as failed.
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * Time after start during which failures do not count.
   * @default Duration.seconds(10)
   */
  readonly startPeriod?: Duration;
  /**
   * Consecutive failures before the container is unhealthy.
   * @default 3
   */
  readonly retries?: number;
}

/**
 * Options of an HTTP health check.
 */
export interface HttpHealthCheckOptions extends HealthCheckOptions {
  /**
   * Port the service listens on inside the container.
   * @default - the image's first port
   */
  readonly port?: number;
}

/**
 * What a health check does.
 */
export enum HealthCheckKind {
  /** GETs a path over HTTP. */
  HTTP = 'http',
  /** Runs a program. */
  COMMAND = 'command',
  /** Turns checks off. */
  NONE = 'none',
}

/**
 * How the image checks that the service is healthy. Every check runs in exec
 * form, so it works without a shell, curl or wget in the image.
 */
export class HealthCheck {
  /**
   * GETs a path on loopback with Node's own fetch; healthy on a 2xx answer.
   * @param path the path, such as `/health`
   */
  public static http(path: string, options: HttpHealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(HealthCheckKind.HTTP, options, undefined, path, options.port);
  }

  /** Runs a program; healthy when it exits 0. */
  public static command(argv: string[], options: HealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(HealthCheckKind.COMMAND, options, argv);
  }

  /** Turns off any health check inherited from the base image (`HEALTHCHECK NONE`). */
  public static none(): HealthCheck {
    return new HealthCheck(HealthCheckKind.NONE, {});
  }

  /** What the check does. */
  public readonly kind: HealthCheckKind;
  /** Timing. */
  public readonly options: HealthCheckOptions;
  /** The path of an HTTP check. */
  public readonly path?: string;
  /** The port of an HTTP check, when given. */
  public readonly port?: number;
  private readonly commandArgv?: string[];

  private constructor(kind: HealthCheckKind, options: HealthCheckOptions, argv?: string[], path?: string, port?: number) {
    this.kind = kind;
    this.options = options;
    this.commandArgv = argv;
    this.path = path;
    this.port = port;
  }

  /**
   * The check's program and arguments.
   * @param node the node binary to run HTTP checks with
   * @param defaultPort the port an HTTP check uses when it names none
   * @internal
   */
  public _checkArgv(node: string, defaultPort?: number): string[] | undefined {
    if (this.kind === HealthCheckKind.COMMAND) {
      return this.commandArgv;
    }
    if (this.kind === HealthCheckKind.HTTP) {
      if ((this.port ?? defaultPort) === undefined) {
        throw new Error(`HealthCheck.http(${JSON.stringify(this.path)}) needs a port: pass { port } or give the image a port.`);
      }
      const url = `http://127.0.0.1:${this.port ?? defaultPort}${this.path!.startsWith('/') ? '' : '/'}${this.path}`;
      const literal = /['\\]/.test(url) ? JSON.stringify(url) : `'${url}'`;
      return [node, '-e', `fetch(${literal}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`];
    }
    return undefined;
  }
}

/**
 * Adds a stage's HEALTHCHECK from a HealthCheck: its program in exec form, with the default timing where none is given.
 * @param node the node binary to run HTTP checks with
 * @param defaultPort the port an HTTP check uses when it names none
 */
export function addHealthcheck(stage: DockerfileStage, healthCheck: HealthCheck | undefined, node: string, defaultPort: number | undefined): void {
  const check = healthCheck?._checkArgv(node, defaultPort);
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
