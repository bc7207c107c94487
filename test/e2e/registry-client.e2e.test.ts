import { createHash } from 'crypto';
import { mkdtempSync, writeFileSync } from 'fs';
import { createServer, Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './containers';
import { describeWithContainers } from './describe-with-containers';
import { LocalRegistry, startRegistry } from './registry';
import { FrontServer, startFront } from './registry-front';
import {
  credentialsFromDockerConfig, credentialsFromEnvironment, RegistryClientOptions, RegistryError, resolveDigest,
} from '../../src/pinning/registry-client';

// Stand-ins that scripts/e2e/setup.sh builds in the e2e container storage.
const NODE_IMAGE = 'docker.io/library/node:26-trixie-slim';
const DISTROLESS_ROOT = 'gcr.io/distroless/nodejs26-debian13:latest';
const DISTROLESS_NONROOT = 'gcr.io/distroless/nodejs26-debian13:nonroot';

const SHA256 = /^sha256:[a-f0-9]{64}$/;
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** The rejection of a promise, which must be a RegistryError. */
async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  throw new Error('expected a RegistryError, but the digest resolved');
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** A one-platform index or list of the given media type around a platform manifest. */
function indexOf(mediaType: string, platform: { body: Buffer; mediaType: string; digest: string }): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType,
    manifests: [{ mediaType: platform.mediaType, digest: platform.digest, size: platform.body.length, platform: { architecture: 'amd64', os: 'linux' } }],
  });
}

/** A Docker config file with one `auths` entry, as `docker login` writes it. */
function dockerConfig(key: string, user: string, password: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'pnd-docker-config-'));
  writeFileSync(join(folder, 'config.json'), JSON.stringify({ auths: { [key]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }));
  return folder;
}

describeWithContainers('resolveDigest against a real registry on loopback (docker-registry, stand-ins pushed by skopeo)', () => {
  let registry: LocalRegistry;
  let direct: RegistryClientOptions;
  let nodeDigest: string;
  let list: { digest: string; platformDigest: string; text: string };
  let index: { digest: string; text: string };

  beforeAll(async () => {
    const started = Date.now();
    registry = await startRegistry();
    registry.push(NODE_IMAGE, 'library/node:26-trixie-slim');
    nodeDigest = registry.rawDigest('library/node:26-trixie-slim');
    direct = { endpoints: { 'docker.io': registry.url, 'gcr.io': registry.url }, credentials: () => undefined };

    // Multi-platform tags as Docker Hub (a Docker manifest list) and gcr.io (an OCI index) serve them.
    const platform = await registry.manifest('library/node', '26-trixie-slim');
    expect(platform.mediaType).toBe(DOCKER_MANIFEST);
    list = { text: indexOf(DOCKER_LIST, platform), platformDigest: platform.digest, digest: '' };
    list.digest = await registry.putManifest('library/node', '26-multi', DOCKER_LIST, list.text);
    registry.push(DISTROLESS_ROOT, 'distroless/nodejs26-debian13:latest-oci', 'oci');
    const ociPlatform = await registry.manifest('distroless/nodejs26-debian13', 'latest-oci');
    expect(ociPlatform.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    index = { text: indexOf(OCI_INDEX, ociPlatform), digest: '' };
    index.digest = await registry.putManifest('distroless/nodejs26-debian13', 'latest', OCI_INDEX, index.text);
    console.log(`registry started and images pushed in ${Date.now() - started} ms`);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('resolves a Docker Hub short name to the digest of the manifest the registry serves', async () => {
    const { value: digest, ms } = await timed(() => resolveDigest('node:26-trixie-slim', direct));
    expect(digest).toMatch(SHA256);
    expect(digest).toBe(nodeDigest);
    console.log(`resolved node:26-trixie-slim in ${ms} ms: ${digest}`);
    // The same image under its full name.
    expect(await resolveDigest('docker.io/library/node:26-trixie-slim', direct)).toBe(nodeDigest);
  });

  it('resolves a multi-platform tag to its manifest list, not to the platform manifest inside', async () => {
    expect(list.digest).toBe(sha256(list.text));
    const digest = await resolveDigest('node:26-multi', direct);
    expect(digest).toBe(list.digest);
    expect(digest).not.toBe(list.platformDigest);
    expect(digest).toBe(registry.rawDigest('library/node:26-multi'));
  });

  it('resolves an OCI image index (as gcr.io serves distroless)', async () => {
    expect(index.digest).toBe(sha256(index.text));
    expect(await resolveDigest('gcr.io/distroless/nodejs26-debian13:latest', direct)).toBe(index.digest);
  });

  it('gives the new digest after another image is pushed under the same tag', async () => {
    const reference = 'gcr.io/distroless/nodejs26-debian13:nonroot';
    registry.push(DISTROLESS_ROOT, 'distroless/nodejs26-debian13:nonroot');
    const before = await resolveDigest(reference, direct);
    expect(before).toBe(registry.rawDigest('distroless/nodejs26-debian13:nonroot'));

    registry.push(DISTROLESS_NONROOT, 'distroless/nodejs26-debian13:nonroot');
    const after = await resolveDigest(reference, direct);
    expect(after).toMatch(SHA256);
    expect(after).not.toBe(before);
    expect(after).toBe(registry.rawDigest('distroless/nodejs26-debian13:nonroot'));
    expect(await resolveDigest(reference, direct)).toBe(after);
  });

  it('says which tag is unknown and what to do', async () => {
    const error = await failure(resolveDigest('node:99-nope', direct));
    expect(error.kind).toBe('unknown-tag');
    expect(error.reference).toBe('node:99-nope');
    expect(error.message).toBe('node:99-nope: the registry docker.io has no tag 99-nope for library/node. Fix: check the tag, or remove the image from the Dockerfile.');
  });

  it('says which repository is unknown, although the registry answers MANIFEST_UNKNOWN for it too', async () => {
    const error = await failure(resolveDigest('gcr.io/distroless/nodejs99-debian13:nonroot', direct));
    expect(error.kind).toBe('unknown-image');
    expect(error.message).toBe(
      'gcr.io/distroless/nodejs99-debian13:nonroot: the registry gcr.io has no repository distroless/nodejs99-debian13. Fix: check the image name, or remove the image from the Dockerfile.');
    expect((await failure(resolveDigest('nope:1', direct))).kind).toBe('unknown-image');
  });

  it('says a digest is unknown when asked about a digest only', async () => {
    const missing = `sha256:${'0'.repeat(64)}`;
    expect(await resolveDigest(`node@${nodeDigest}`, direct)).toBe(nodeDigest);
    const error = await failure(resolveDigest(`node@${missing}`, direct));
    expect(error.kind).toBe('unknown-tag');
    expect(error.message).toContain(`has no manifest ${missing} in library/node`);
  });

  describe('when the registry cannot be reached', () => {
    const fast = { retries: 2, baseDelayMs: 20, credentials: () => undefined };

    it('says so quickly when the registry is stopped', async () => {
      const stopped = await startRegistry();
      const endpoints = { 'docker.io': stopped.url };
      await stopped.stop();
      const { value: error, ms } = await timed(() => failure(resolveDigest('node:26-trixie-slim', { ...fast, endpoints })));
      expect(error.kind).toBe('unreachable');
      expect(error.message).toBe(
        `node:26-trixie-slim: cannot reach ${stopped.url} (for the registry docker.io): connection refused, tried 3 times. ` +
        'Fix: check the network, proxy and firewall, and the endpoint (PND_REGISTRY_ENDPOINTS), then try again.');
      // Two waits of 20 and 40 ms.
      expect(ms).toBeGreaterThanOrEqual(60);
      expect(ms).toBeLessThan(2_000);
    });

    it('says so when nothing ever listened on the port', async () => {
      const endpoints = { 'docker.io': `http://127.0.0.1:${await freePort()}` };
      const error = await failure(resolveDigest('node:26-trixie-slim', { ...fast, endpoints }));
      expect(error.kind).toBe('unreachable');
    });

    it('gives up on a server that accepts the connection and never answers', async () => {
      const sockets = new Set<Socket>();
      const silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as { port: number }).port;
      try {
        const { value: error, ms } = await timed(() => failure(resolveDigest('node:26-trixie-slim', {
          endpoints: { 'docker.io': `http://127.0.0.1:${port}` }, timeoutMs: 300, retries: 1, baseDelayMs: 10, credentials: () => undefined,
        })));
        expect(error.kind).toBe('unreachable');
        expect(error.message).toContain('no answer within 300 ms, tried 2 times');
        expect(ms).toBeGreaterThanOrEqual(600);
        expect(ms).toBeLessThan(3_000);
      } finally {
        sockets.forEach((socket) => socket.destroy());
        silent.close();
      }
    });
  });

  describe('behind a token service (Bearer challenge, as Docker Hub and gcr.io)', () => {
    let open: FrontServer;
    let closed: FrontServer;
    const endpoints = (front: FrontServer) => ({ 'docker.io': front.url, 'gcr.io': front.url });

    beforeAll(async () => {
      open = await startFront({ upstream: registry.url, auth: 'bearer', users: { ci: 's3cret' } });
      // A registry that gives no anonymous tokens, as for private images.
      closed = await startFront({ upstream: registry.url, auth: 'bearer', users: { ci: 's3cret' }, anonymous: false, tokenField: 'access_token' });
    });
    afterAll(async () => {
      await open?.close();
      await closed?.close();
    });

    it('gets an anonymous token for the repository and resolves with it', async () => {
      const first = open.requests.length;
      expect(await resolveDigest('node:26-trixie-slim', { endpoints: endpoints(open), credentials: () => undefined })).toBe(nodeDigest);
      const requests = open.requests.slice(first);
      expect(requests.map((request) => `${request.method} ${request.path.split('?')[0]} ${request.status}`)).toEqual([
        'HEAD /v2/library/node/manifests/26-trixie-slim 401',
        'GET /token 200',
        'HEAD /v2/library/node/manifests/26-trixie-slim 200',
      ]);
      const query = new URL(requests[1].path, open.url).searchParams;
      expect(query.get('service')).toBe('test');
      expect(query.get('scope')).toBe('repository:library/node:pull');
      expect(requests[1].authorization).toBeUndefined();
      expect(requests[2].authorization).toMatch(/^Bearer [0-9a-f]{32}$/);
      expect(requests[2].accept).toBe([
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ].join(', '));
    });

    it('tells an unknown tag from a refusal behind the challenge too', async () => {
      const error = await failure(resolveDigest('node:99-nope', { endpoints: endpoints(open), credentials: () => undefined }));
      expect(error.kind).toBe('unknown-tag');
    });

    it('sends the credentials of a Docker config file (Docker Hub under https://index.docker.io/v1/) to the token service', async () => {
      const config = join(dockerConfig('https://index.docker.io/v1/', 'ci', 's3cret'), 'config.json');
      const first = closed.requests.length;
      const digest = await resolveDigest('node:26-trixie-slim', { endpoints: endpoints(closed), credentials: (host) => credentialsFromDockerConfig(host, config) });
      expect(digest).toBe(nodeDigest);
      const token = closed.requests.slice(first).find((request) => request.path.startsWith('/token'));
      expect(token?.authorization).toBe(`Basic ${Buffer.from('ci:s3cret').toString('base64')}`);
    });

    it('finds the Docker config through DOCKER_CONFIG when no credentials are given', async () => {
      const environment = { DOCKER_CONFIG: dockerConfig('gcr.io', 'ci', 's3cret'), PND_REGISTRY_GCR_IO_USERNAME: undefined, PND_REGISTRY_GCR_IO_PASSWORD: undefined };
      const digest = await withEnvironment(environment, () => resolveDigest('gcr.io/distroless/nodejs26-debian13:latest', { endpoints: endpoints(closed) }));
      expect(digest).toBe(index.digest);
    });

    it('takes credentials from per-host environment variables', async () => {
      const env = { PND_REGISTRY_DOCKER_IO_USERNAME: 'ci', PND_REGISTRY_DOCKER_IO_PASSWORD: 's3cret' };
      const digest = await resolveDigest('node:26-trixie-slim', { endpoints: endpoints(closed), credentials: (host) => credentialsFromEnvironment(host, env) });
      expect(digest).toBe(nodeDigest);
    });

    it('says the credentials were refused when the password is wrong', async () => {
      const config = join(dockerConfig('docker.io', 'ci', 'wrong'), 'config.json');
      const error = await failure(resolveDigest('node:26-trixie-slim', { endpoints: endpoints(closed), credentials: (host) => credentialsFromDockerConfig(host, config) }));
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toBe(
        'node:26-trixie-slim: the registry docker.io refused the credentials of ci for library/node (HTTP 401). ' +
        'Fix: check the user name and password or token (PND_REGISTRY_DOCKER_IO_USERNAME and PND_REGISTRY_DOCKER_IO_PASSWORD, or "docker login"), ' +
        'and that they may pull library/node.');
    });

    it('says that anonymous access was refused, and how to give credentials', async () => {
      const error = await failure(resolveDigest('gcr.io/distroless/nodejs26-debian13:nonroot', { endpoints: endpoints(closed), credentials: () => undefined }));
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toBe(
        'gcr.io/distroless/nodejs26-debian13:nonroot: the registry gcr.io refused anonymous access to distroless/nodejs26-debian13 (HTTP 401): ' +
        'the repository is private or does not exist. Fix: check the image name; for a private image, set PND_REGISTRY_GCR_IO_USERNAME and ' +
        'PND_REGISTRY_GCR_IO_PASSWORD, or run "docker login gcr.io".');
    });
  });

  describe('behind Basic auth', () => {
    let front: FrontServer;
    beforeAll(async () => {
      front = await startFront({ upstream: registry.url, auth: 'basic', users: { ci: 's3cret' } });
    });
    afterAll(async () => {
      await front?.close();
    });

    it('answers a Basic challenge with the credentials', async () => {
      const options = { endpoints: { 'docker.io': front.url }, credentials: () => ({ username: 'ci', password: 's3cret' }) };
      expect(await resolveDigest('node:26-trixie-slim', options)).toBe(nodeDigest);
    });

    it('cannot answer it without credentials', async () => {
      const error = await failure(resolveDigest('node:26-trixie-slim', { endpoints: { 'docker.io': front.url }, credentials: () => undefined }));
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toContain('refused anonymous access to library/node (HTTP 401)');
    });

    it('says a wrong password was refused', async () => {
      const options = { endpoints: { 'docker.io': front.url }, credentials: () => ({ username: 'ci', password: 'wrong' }) };
      expect((await failure(resolveDigest('node:26-trixie-slim', options))).message).toContain('refused the credentials of ci');
    });
  });

  describe('retries', () => {
    const fronts: FrontServer[] = [];
    afterAll(async () => {
      await Promise.all(fronts.map((front) => front.close()));
    });
    const front = async (failFirst: Array<{ status: number; retryAfter?: string }>) => {
      const server = await startFront({ upstream: registry.url, failFirst });
      fronts.push(server);
      return server;
    };

    it('retries after a 429 and waits as long as Retry-After says', async () => {
      const server = await front([{ status: 429, retryAfter: '1' }]);
      const { value: digest, ms } = await timed(() => resolveDigest('node:26-trixie-slim', { endpoints: { 'docker.io': server.url }, retries: 3, baseDelayMs: 10 }));
      expect(digest).toBe(nodeDigest);
      expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
      expect(ms).toBeGreaterThanOrEqual(1_000);
    });

    it('retries after 5xx answers with a doubling wait', async () => {
      const server = await front([{ status: 503 }, { status: 502 }]);
      const { value: digest, ms } = await timed(() => resolveDigest('node:26-trixie-slim', { endpoints: { 'docker.io': server.url }, retries: 3, baseDelayMs: 100 }));
      expect(digest).toBe(nodeDigest);
      expect(server.requests.map((request) => request.status)).toEqual([503, 502, 200]);
      expect(ms).toBeGreaterThanOrEqual(300);
    });

    it('gives up after the retries, saying what the registry answered', async () => {
      const server = await front(Array.from({ length: 10 }, () => ({ status: 429 })));
      const error = await failure(resolveDigest('node:26-trixie-slim', { endpoints: { 'docker.io': server.url }, retries: 2, baseDelayMs: 10 }));
      expect(error.kind).toBe('unreachable');
      expect(error.message).toBe(
        `node:26-trixie-slim: ${server.url} (for the registry docker.io) answered HTTP 429 Too Many Requests, asked 3 times. ` +
        'Fix: try again later, or log in ("docker login") for a higher pull limit.');
      expect(server.requests).toHaveLength(3);
    });
  });

  describe('a registry that sends no Docker-Content-Digest', () => {
    let front: FrontServer;
    beforeAll(async () => {
      front = await startFront({ upstream: registry.url, auth: 'bearer', omitDigest: true });
    });
    afterAll(async () => {
      await front?.close();
    });

    it('gets the digest from the sha256 of the manifest body', async () => {
      const first = front.requests.length;
      expect(await resolveDigest('node:26-trixie-slim', { endpoints: { 'docker.io': front.url }, credentials: () => undefined })).toBe(nodeDigest);
      expect(front.requests.slice(first).map((request) => `${request.method} ${request.status}`)).toEqual(['HEAD 401', 'GET 200', 'HEAD 200', 'GET 200']);
    });

    it('of the manifest list too', async () => {
      expect(await resolveDigest('node:26-multi', { endpoints: { 'docker.io': front.url }, credentials: () => undefined })).toBe(list.digest);
    });
  });
});

/** Runs with some environment variables set (or, for undefined, unset), then puts them back. */
async function withEnvironment<T>(variables: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  };
  apply(variables);
  try {
    return await work();
  } finally {
    apply(saved);
  }
}
