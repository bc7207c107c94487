import { existsSync, readFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

/**
 * A user name and password (or access token) for a container registry.
 */
export interface RegistryCredentials {
  /** The user name. */
  readonly username: string;
  /** The password or access token. */
  readonly password: string;
}

// The names Docker Hub goes by, in references and in Docker config files.
const DOCKER_HUB_NAMES = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/**
 * The registry host a reference or a config key names, with Docker Hub's
 * aliases folded into `docker.io`.
 */
export function normalizeRegistryHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_NAMES.includes(lower) ? 'docker.io' : lower;
}

/**
 * The environment variable prefix for a registry host: `PND_REGISTRY_` and the
 * host in capitals with every other character as `_` (`docker.io` gives
 * `PND_REGISTRY_DOCKER_IO`, `localhost:5000` gives `PND_REGISTRY_LOCALHOST_5000`).
 */
export function credentialVariablePrefix(host: string): string {
  return `PND_REGISTRY_${normalizeRegistryHost(host).toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Credentials for a registry host from `<prefix>_USERNAME` and `<prefix>_PASSWORD`,
 * where the prefix comes from {@link credentialVariablePrefix}, for example
 * `PND_REGISTRY_GHCR_IO_USERNAME` and `PND_REGISTRY_GHCR_IO_PASSWORD`.
 *
 * The variables are per host on purpose: one pair for every registry would send
 * one registry's secret to every other registry's token service.
 * @returns undefined when neither variable is set
 * @throws when only one of the two is set
 */
export function credentialsFromEnvironment(host: string, env: NodeJS.ProcessEnv = process.env): RegistryCredentials | undefined {
  const prefix = credentialVariablePrefix(host);
  const username = env[`${prefix}_USERNAME`];
  const password = env[`${prefix}_PASSWORD`];
  if (!username && !password) {
    return undefined;
  }
  if (!username || !password) {
    const [set, unset] = username ? ['USERNAME', 'PASSWORD'] : ['PASSWORD', 'USERNAME'];
    throw new Error(`${prefix}_${set} is set but ${prefix}_${unset} is not: set both to give credentials for ${normalizeRegistryHost(host)}, or neither to pull anonymously.`);
  }
  return { username, password };
}

/** The Docker config file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

interface DockerAuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
}

/**
 * Credentials for a registry host from the `auths` of a Docker config file, as
 * `docker login` writes them (`auth` is base64 of `user:password`). Docker Hub
 * is found under any of its names, including `https://index.docker.io/v1/`.
 * Credential helpers (`credsStore`, `credHelpers`) are not run: give such
 * credentials through {@link credentialsFromEnvironment} instead.
 * @param configPath default: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`
 * @returns undefined when the file or an entry for the host is missing
 * @throws when the file is not valid JSON
 */
export function credentialsFromDockerConfig(host: string, configPath: string = dockerConfigPath()): RegistryCredentials | undefined {
  if (!existsSync(configPath)) {
    return undefined;
  }
  const auths = readAuths(configPath);
  const wanted = normalizeRegistryHost(host);
  for (const [key, entry] of Object.entries(auths)) {
    if (normalizeRegistryHost(hostOfConfigKey(key)) === wanted) {
      const credentials = credentialsOfEntry(entry, configPath, key);
      if (credentials) {
        return credentials;
      }
    }
  }
  return undefined;
}

function readAuths(configPath: string): { [key: string]: DockerAuthEntry } {
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf-8'));
  } catch (error) {
    throw new Error(`The Docker config ${configPath} is not valid JSON (${(error as Error).message}). Fix it, or point DOCKER_CONFIG at another folder.`);
  }
  const auths = (config as { auths?: unknown } | null)?.auths;
  return typeof auths === 'object' && auths !== null ? auths as { [key: string]: DockerAuthEntry } : {};
}

/** `https://index.docker.io/v1/` gives `index.docker.io`; `ghcr.io` stays `ghcr.io`. */
function hostOfConfigKey(key: string): string {
  return key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0];
}

function credentialsOfEntry(entry: DockerAuthEntry, configPath: string, key: string): RegistryCredentials | undefined {
  if (typeof entry?.auth === 'string' && entry.auth.length > 0) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf-8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new Error(`The Docker config ${configPath} has an "auth" for ${key} that is not base64 of "user:password". Run "docker login" again, or fix the entry.`);
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry?.username === 'string' && typeof entry?.password === 'string' && entry.username && entry.password) {
    return { username: entry.username, password: entry.password };
  }
  return undefined;
}
