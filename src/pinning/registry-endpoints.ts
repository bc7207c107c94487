import { normalizeRegistryHost } from './registry-credentials';

/**
 * The base URL the client sends a registry host's requests to: an entry of
 * `endpoints` when there is one, else `https://<host>`, with Docker Hub at
 * `https://registry-1.docker.io`.
 */
export function endpointFor(host: string, endpoints: { [host: string]: string } = {}): string {
  const wanted = normalizeRegistryHost(host);
  for (const [key, url] of Object.entries(endpoints)) {
    if (normalizeRegistryHost(key) === wanted) {
      return url.replace(/\/+$/, '');
    }
  }
  return wanted === 'docker.io' ? 'https://registry-1.docker.io' : `https://${wanted}`;
}

/**
 * Reads registry endpoints from a list of `host=url` pairs separated by commas,
 * as in `PND_REGISTRY_ENDPOINTS="docker.io=http://127.0.0.1:5000,gcr.io=http://127.0.0.1:5000"`:
 * a mirror, or a local registry in tests.
 * @param value default: the `PND_REGISTRY_ENDPOINTS` environment variable
 * @returns the endpoints by host; empty when the value is unset or blank
 * @throws when a pair has no host or its URL is not an http(s) URL
 */
export function endpointsFromEnvironment(value: string | undefined = process.env.PND_REGISTRY_ENDPOINTS): { [host: string]: string } {
  const endpoints: { [host: string]: string } = {};
  for (const pair of (value ?? '').split(',').map((text) => text.trim()).filter(Boolean)) {
    const equals = pair.indexOf('=');
    const host = equals > 0 ? pair.slice(0, equals).trim() : '';
    const url = equals > 0 ? pair.slice(equals + 1).trim() : '';
    if (!host || !isHttpUrl(url)) {
      throw new Error(`PND_REGISTRY_ENDPOINTS: "${pair}" is not "host=url". Write pairs such as "docker.io=http://127.0.0.1:5000", separated by commas.`);
    }
    endpoints[normalizeRegistryHost(host)] = url.replace(/\/+$/, '');
  }
  return endpoints;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
