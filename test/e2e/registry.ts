import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, run } from './containers';
import { stopProcess } from './processes';

/**
 * A real registry (Debian's `docker-registry`, the CNCF distribution registry)
 * on a free loopback port, with its storage in a temporary folder. Images get
 * there from the e2e container storage with skopeo.
 */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, as skopeo names it. */
  readonly address: string;
  /**
   * Copies an image of the e2e storage (`docker.io/library/node:26-trixie-slim`) to
   * `repository:tag` on this registry, in its own manifest format or in `oci`.
   */
  push(source: string, target: string, format?: 'oci'): void;
  /** The sha256 of the manifest bytes skopeo reads for `repository:tag`, computed by sha256sum. */
  rawDigest(target: string): string;
  /** The manifest of `repository:reference` as the registry serves it, with its size and media type. */
  manifest(repository: string, reference: string): Promise<{ body: Buffer; mediaType: string; digest: string }>;
  /** Stores a manifest (an index, say) under a tag through the registry API; returns the digest the registry reports. */
  putManifest(repository: string, tag: string, mediaType: string, body: string): Promise<string>;
  /** What the registry printed. */
  log(): string;
  /** Stops the registry and removes its storage. */
  stop(): Promise<void>;
}

const REGISTRY_BINARY = '/usr/bin/docker-registry';

/** Starts docker-registry and waits until `/v2/` answers. */
export async function startRegistry(): Promise<LocalRegistry> {
  if (spawnSync(REGISTRY_BINARY, ['--version']).status !== 0) {
    throw new Error(`${REGISTRY_BINARY} is missing: run "bash scripts/e2e/setup.sh" (it installs Debian's docker-registry package).`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'pnd-registry-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const config = join(folder, 'config.yml');
  writeFileSync(config, [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(folder, 'root')}`,
    'http:',
    `  addr: ${address}`,
    // Silences the warning that a random secret is generated.
    `  secret: pnd-e2e-${port}`,
    '',
  ].join('\n'));
  let output = '';
  const child = spawn(REGISTRY_BINARY, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://${address}`;
  await waitUntilServing(url, child, () => output);

  return {
    url,
    address,
    push: (source, target, format) => {
      run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', ...(format ? ['--format', format] : []), `containers-storage:${source}`, `docker://${address}/${target}`]);
    },
    rawDigest: (target) => {
      const sum = run('bash', ['-c', 'set -o pipefail; skopeo inspect --tls-verify=false --raw "$1" | sha256sum', '_', `docker://${address}/${target}`]).stdout;
      return `sha256:${sum.split(' ')[0]}`;
    },
    manifest: async (repository, reference) => {
      const response = await fetch(`${url}/v2/${repository}/manifests/${reference}`, {
        headers: { Accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
      });
      if (response.status !== 200) {
        throw new Error(`GET ${repository}:${reference} answered ${response.status}: ${await response.text()}`);
      }
      return {
        body: Buffer.from(await response.arrayBuffer()),
        mediaType: response.headers.get('content-type') ?? '',
        digest: response.headers.get('docker-content-digest') ?? '',
      };
    },
    putManifest: async (repository, tag, mediaType, body) => {
      const response = await fetch(`${url}/v2/${repository}/manifests/${tag}`, { method: 'PUT', headers: { 'Content-Type': mediaType }, body });
      if (response.status !== 201) {
        throw new Error(`PUT ${repository}:${tag} answered ${response.status}: ${await response.text()}`);
      }
      return response.headers.get('docker-content-digest') ?? '';
    },
    log: () => output,
    stop: async () => {
      await stopProcess(child);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`docker-registry exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      if ((await fetch(`${url}/v2/`)).status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopProcess(child);
  throw new Error(`docker-registry did not answer ${url}/v2/ within 15 s:\n${output()}`);
}
