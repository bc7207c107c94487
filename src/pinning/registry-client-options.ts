import { RegistryCredentials } from './registry-credentials';

/**
 * How the registry client reaches registries.
 */
export interface RegistryClientOptions {
  /**
   * Base URL per registry host, e.g. `{ 'docker.io': 'http://127.0.0.1:5000' }`.
   * @default - `https://<host>`, with docker.io at `https://registry-1.docker.io`
   */
  readonly endpoints?: { [host: string]: string };

  /**
   * Milliseconds each request (including its body) may take.
   * @default 10000
   */
  readonly timeoutMs?: number;

  /**
   * Retries after a 429, a 5xx, a network error or a timeout.
   * @default 3
   */
  readonly retries?: number;

  /**
   * The first wait before a retry; each further wait doubles it. A longer
   * `Retry-After` from the registry wins, up to a minute.
   * @default 500
   */
  readonly baseDelayMs?: number;

  /**
   * Credentials for a registry host, asked for only when the registry challenges.
   * @default - credentialsFromEnvironment(), then credentialsFromDockerConfig()
   */
  readonly credentials?: (host: string) => RegistryCredentials | undefined;
}
