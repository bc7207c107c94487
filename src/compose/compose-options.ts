import { Duration, Protocol } from '../dockerfile';
import type { ComposeService } from './compose-service';
import { DependencyCondition } from './dependency-condition';

/**
 * A port of a service published on the host.
 */
export interface ComposePort {
  /** The port the service listens on in the container. */
  readonly target: number;
  /**
   * The port on the host.
   * @default - the same as `target`
   */
  readonly published?: number;
  /**
   * The host address the port is published on.
   * @default "127.0.0.1" (loopback only: nothing outside the machine reaches it)
   */
  readonly hostIp?: string;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * A health check Compose runs in the service's container.
 */
export interface ComposeHealthCheck {
  /** The program and its arguments, run without a shell (`CMD` form), exiting 0 when healthy. */
  readonly command: string[];
  /**
   * Time between checks.
   * @default - Compose's default, 30 seconds
   */
  readonly interval?: Duration;
  /**
   * Time after which a check counts as failed.
   * @default - Compose's default, 30 seconds
   */
  readonly timeout?: Duration;
  /**
   * Time after start during which failures do not count.
   * @default - Compose's default, none
   */
  readonly startPeriod?: Duration;
  /**
   * Consecutive failures before the service is unhealthy.
   * @default - Compose's default, 3
   */
  readonly retries?: number;
}

/**
 * A service another service waits for.
 */
export interface ComposeDependency {
  /** The service, of the same compose file. */
  readonly service: ComposeService;
  /**
   * What to wait for.
   * @default DependencyCondition.HEALTHY
   */
  readonly condition?: DependencyCondition;
}

/**
 * A named volume mounted in a service: data that outlives its containers.
 */
export interface ComposeVolume {
  /** The volume's name in the compose file. */
  readonly name: string;
  /** Where it is mounted in the container. */
  readonly target: string;
}

/**
 * Options every service of a compose file has.
 */
export interface ComposeServiceOptions {
  /**
   * Environment variables of the service. Values are written literally (a `$` is
   * escaped as `$$`, so Compose does not read it as a variable of the host).
   * @default - none (a service built from an image also gets the image's ENV)
   */
  readonly environment?: { [name: string]: string };
  /**
   * Ports published on the host.
   * @default - a service built from an image publishes every port it exposes on loopback, under the same number; others publish none
   */
  readonly ports?: ComposePort[];
  /**
   * Services to start first, and what to wait for.
   * @default - none
   */
  readonly dependsOn?: ComposeDependency[];
  /**
   * The health check.
   * @default - a service built from an image gets the image's HEALTHCHECK; others have none
   */
  readonly healthCheck?: ComposeHealthCheck;
  /**
   * Run an init process (Docker's tini) as PID 1, which passes signals on and reaps zombies.
   * @default - true for a service built from an image that has no init of its own; unset for others
   */
  readonly init?: boolean;
  /**
   * Run with a read-only root filesystem and a tmpfs on `/tmp`.
   * @default - true for a service built from an image whose Dockerfile gives the service no files to write (`COPY --chown`); false for others
   */
  readonly readOnly?: boolean;
  /**
   * The command, replacing the image's CMD.
   * @default - the image's CMD
   */
  readonly command?: string[];
  /**
   * Named volumes to mount.
   * @default - none
   */
  readonly volumes?: ComposeVolume[];
}

/**
 * Options of a service that runs a ready-made image, such as a database.
 */
export interface ComposeImageServiceOptions extends ComposeServiceOptions {
  /** The image, with a tag (`redis:7-bookworm`) or a digest. */
  readonly image: string;
}
