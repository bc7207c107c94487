import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { credentialsFromDockerConfig, credentialsFromEnvironment, endpointsFromEnvironment, resolveDigest, retryAfterMs } from '../../src/pinning/registry-client';
import { credentialVariablePrefix, dockerConfigPath } from '../../src/pinning/registry-credentials';
import { endpointFor } from '../../src/pinning/registry-endpoints';
import { parseWwwAuthenticate } from '../../src/pinning/www-authenticate';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pnd-docker-config-')), 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const auth = (user: string, password: string) => ({ auth: Buffer.from(`${user}:${password}`).toString('base64') });

describe('parseWwwAuthenticate', () => {
  it('reads a Bearer challenge as Docker Hub sends it', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull' } },
    ]);
  });

  it('keeps commas inside quoted values, and reads escapes, spaces and unquoted tokens', () => {
    expect(parseWwwAuthenticate('bearer Realm = "https://gcr.io/v2/token" , service=gcr.io, scope="repository:a/b:pull,push", error="say \\"hi\\""')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://gcr.io/v2/token', service: 'gcr.io', scope: 'repository:a/b:pull,push', error: 'say "hi"' } },
    ]);
  });

  it('reads several challenges in one header', () => {
    expect(parseWwwAuthenticate('Basic realm="Registry Realm", Bearer realm="https://example.test/token",service="example"')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
      { scheme: 'bearer', params: { realm: 'https://example.test/token', service: 'example' } },
    ]);
  });

  it('reads a scheme without parameters, and nothing from an empty or broken header', () => {
    expect(parseWwwAuthenticate('Basic')).toEqual([{ scheme: 'basic', params: {} }]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('Bearer realm="unterminated')).toEqual([{ scheme: 'bearer', params: {} }]);
  });
});

describe('credentialsFromDockerConfig', () => {
  it('decodes the auth of the host, with a password that contains colons', () => {
    const path = configFile({ auths: { 'ghcr.io': auth('octocat', 'ghp_a:b:c') } });
    expect(credentialsFromDockerConfig('ghcr.io', path)).toEqual({ username: 'octocat', password: 'ghp_a:b:c' });
  });

  it('finds Docker Hub under the key docker login writes, https://index.docker.io/v1/', () => {
    const path = configFile({ auths: { 'https://index.docker.io/v1/': auth('hubuser', 'hubpass') } });
    expect(credentialsFromDockerConfig('docker.io', path)).toEqual({ username: 'hubuser', password: 'hubpass' });
    expect(credentialsFromDockerConfig('index.docker.io', path)).toEqual({ username: 'hubuser', password: 'hubpass' });
  });

  it('matches keys written as URLs, and hosts with a port', () => {
    const path = configFile({ auths: { 'https://gcr.io': auth('_json_key', 'k'), 'localhost:5000': auth('me', 'pw') } });
    expect(credentialsFromDockerConfig('gcr.io', path)?.username).toBe('_json_key');
    expect(credentialsFromDockerConfig('localhost:5000', path)).toEqual({ username: 'me', password: 'pw' });
    expect(credentialsFromDockerConfig('localhost', path)).toBeUndefined();
  });

  it('reads username and password fields too', () => {
    const path = configFile({ auths: { 'quay.io': { username: 'robot', password: 'token' } } });
    expect(credentialsFromDockerConfig('quay.io', path)).toEqual({ username: 'robot', password: 'token' });
  });

  it('gives nothing for a missing file, another host, or an entry kept by a credential helper', () => {
    expect(credentialsFromDockerConfig('docker.io', join(tmpdir(), 'pnd-no-such-folder', 'config.json'))).toBeUndefined();
    const path = configFile({ auths: { 'ghcr.io': auth('a', 'b'), 'docker.io': {} }, credsStore: 'desktop' });
    expect(credentialsFromDockerConfig('gcr.io', path)).toBeUndefined();
    expect(credentialsFromDockerConfig('docker.io', path)).toBeUndefined();
    expect(credentialsFromDockerConfig('docker.io', configFile({}))).toBeUndefined();
  });

  it('refuses a file that is not JSON, naming it', () => {
    const path = configFile('{ "auths": ');
    expect(() => credentialsFromDockerConfig('docker.io', path)).toThrow(`The Docker config ${path} is not valid JSON`);
  });

  it('refuses an auth that is not user:password', () => {
    const path = configFile({ auths: { 'docker.io': { auth: Buffer.from('no-colon').toString('base64') } } });
    expect(() => credentialsFromDockerConfig('docker.io', path)).toThrow(/not base64 of "user:password"/);
  });

  it('looks in $DOCKER_CONFIG, else in ~/.docker', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/etc/ci-docker' })).toBe('/etc/ci-docker/config.json');
    expect(dockerConfigPath({})).toMatch(/\/\.docker\/config\.json$/);
  });
});

describe('credentialsFromEnvironment', () => {
  it('reads the pair of variables of the host', () => {
    const env = { PND_REGISTRY_GHCR_IO_USERNAME: 'octocat', PND_REGISTRY_GHCR_IO_PASSWORD: 'ghp_x' };
    expect(credentialsFromEnvironment('ghcr.io', env)).toEqual({ username: 'octocat', password: 'ghp_x' });
    expect(credentialsFromEnvironment('docker.io', env)).toBeUndefined();
  });

  it('names the variables after the host, with Docker Hub under DOCKER_IO', () => {
    expect(credentialVariablePrefix('docker.io')).toBe('PND_REGISTRY_DOCKER_IO');
    expect(credentialVariablePrefix('registry-1.docker.io')).toBe('PND_REGISTRY_DOCKER_IO');
    expect(credentialVariablePrefix('localhost:5000')).toBe('PND_REGISTRY_LOCALHOST_5000');
    expect(credentialVariablePrefix('europe-docker.pkg.dev')).toBe('PND_REGISTRY_EUROPE_DOCKER_PKG_DEV');
  });

  it('refuses half a pair', () => {
    expect(() => credentialsFromEnvironment('docker.io', { PND_REGISTRY_DOCKER_IO_USERNAME: 'me' })).toThrow(
      'PND_REGISTRY_DOCKER_IO_USERNAME is set but PND_REGISTRY_DOCKER_IO_PASSWORD is not: set both to give credentials for docker.io, or neither to pull anonymously.');
  });
});

describe('endpointsFromEnvironment and endpointFor', () => {
  it('reads host=url pairs', () => {
    expect(endpointsFromEnvironment('docker.io=http://127.0.0.1:5000, gcr.io=http://127.0.0.1:5000/,')).toEqual({
      'docker.io': 'http://127.0.0.1:5000',
      'gcr.io': 'http://127.0.0.1:5000',
    });
    expect(endpointsFromEnvironment(undefined)).toEqual({});
    expect(endpointsFromEnvironment('  ')).toEqual({});
  });

  it('refuses what is not host=url, with the fix', () => {
    expect(() => endpointsFromEnvironment('docker.io')).toThrow('PND_REGISTRY_ENDPOINTS: "docker.io" is not "host=url". Write pairs such as');
    expect(() => endpointsFromEnvironment('docker.io=127.0.0.1:5000')).toThrow(/"docker.io=127.0.0.1:5000" is not "host=url"/);
    expect(() => endpointsFromEnvironment('=http://x')).toThrow(/is not "host=url"/);
  });

  it('defaults to https on the host, and Docker Hub to registry-1.docker.io', () => {
    expect(endpointFor('docker.io')).toBe('https://registry-1.docker.io');
    expect(endpointFor('index.docker.io')).toBe('https://registry-1.docker.io');
    expect(endpointFor('gcr.io')).toBe('https://gcr.io');
    expect(endpointFor('gcr.io', { 'docker.io': 'http://127.0.0.1:1' })).toBe('https://gcr.io');
    expect(endpointFor('index.docker.io', { 'docker.io': 'http://127.0.0.1:1/' })).toBe('http://127.0.0.1:1');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon')).toBe(0);
    expect(retryAfterMs(null)).toBe(0);
  });
});

describe('resolveDigest', () => {
  it('refuses an invalid reference before any request', async () => {
    await expect(resolveDigest('Node:26', { endpoints: { 'docker.io': 'http://127.0.0.1:1' }, retries: 0 })).rejects.toThrow('Invalid image reference "Node:26"');
  });
});
