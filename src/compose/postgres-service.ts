import { Construct } from 'constructs';
import { ComposeService } from './compose-service';
import { Duration } from '../dockerfile';

/**
 * Options of a Postgres service for local runs.
 */
export interface PostgresServiceOptions {
  /**
   * The PostgreSQL major version of the official `postgres` image.
   * @default 17
   */
  readonly version?: number;
  /**
   * The image.
   * @default - `postgres:<version>-trixie`
   */
  readonly image?: string;
  /**
   * The database created on first start.
   * @default "app"
   */
  readonly database?: string;
  /**
   * The user created on first start.
   * @default "app"
   */
  readonly user?: string;
  /**
   * The user's password. It is written in the compose file: for local runs only.
   * @default "app"
   */
  readonly password?: string;
  /**
   * Keep the data in a named volume (`<name>-data`), so it outlives `docker:down`.
   * @default true
   */
  readonly persistent?: boolean;
  /**
   * Publish Postgres on this loopback port of the host, for tools outside Compose.
   * @default - not published: the services reach it as `<name>:5432`
   */
  readonly publishedPort?: number;
}

/**
 * A Postgres database beside the service, on the official image's conventions
 * (`POSTGRES_USER`, `POSTGRES_PASSWORD`, `POSTGRES_DB`), with a health check, so
 * that a service can wait for it to accept connections.
 */
export class PostgresService extends ComposeService {
  /** The database. */
  public readonly database: string;
  /** The user. */
  public readonly user: string;
  /** The port Postgres listens on in its container. */
  public readonly port = 5432;
  private readonly password: string;

  public constructor(compose: Construct, name: string, options: PostgresServiceOptions = {}) {
    const version = options.version ?? 17;
    const database = options.database ?? 'app';
    const user = options.user ?? 'app';
    const password = options.password ?? 'app';
    super(compose, name, {
      image: options.image ?? `postgres:${version}-trixie`,
      environment: { POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: database },
      // Over TCP: while the image's entrypoint initializes the database, its server listens on the socket only.
      healthCheck: {
        command: ['pg_isready', '--host', '127.0.0.1', '--port', '5432', '--username', user, '--dbname', database],
        interval: Duration.seconds(2),
        timeout: Duration.seconds(5),
        startPeriod: Duration.seconds(30),
        retries: 15,
      },
      ports: options.publishedPort === undefined ? [] : [{ target: 5432, published: options.publishedPort }],
      // The image keeps its data in /var/lib/postgresql/data up to 17, and in /var/lib/postgresql/<major>/docker from 18 on.
      volumes: options.persistent ?? true ? [{ name: `${name}-data`, target: version >= 18 ? '/var/lib/postgresql' : '/var/lib/postgresql/data' }] : [],
    });
    this.database = database;
    this.user = user;
    this.password = password;
  }

  /** The connection URL for services of the same compose file (`postgres://app:app@db:5432/app`). */
  public get url(): string {
    const encode = encodeURIComponent;
    return `postgres://${encode(this.user)}:${encode(this.password)}@${this.serviceName}:${this.port}/${encode(this.database)}`;
  }
}
