import { ChildProcess, spawn } from 'child_process';
import { createHash, randomUUID } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { repositoryRoot } from '../util';
import { freePort, run } from './containers';
import { stopProcess } from './processes';

/**
 * A real private npm registry: Verdaccio (from the repository's dev dependencies)
 * on a free loopback port, with htpasswd users, anonymous access denied to every
 * package and no uplinks, so it serves only what the tests publish to it. Its
 * configuration and storage live in a temporary folder that `stop()` removes.
 */
export interface PrivateRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** `127.0.0.1:<port>` */
  readonly address: string;
  /** A token of the registry's one user, as `npm login` would get it. */
  readonly token: string;
  /** Publishes a package folder with npm, as that user. */
  publish(folder: string): void;
  /** The HTTP status of a request for a package document, with the token or without. */
  status(name: string, token?: string): Promise<number>;
  /** What the registry printed. */
  log(): string;
  /** Stops the registry and removes its folder. */
  stop(): Promise<void>;
}

const VERDACCIO = join(repositoryRoot, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
const USER = 'pnd-e2e';

/** Starts Verdaccio, waits until it answers, and logs its one user in. */
export async function startVerdaccio(): Promise<PrivateRegistry> {
  const folder = mkdtempSync(join(tmpdir(), 'pnd-verdaccio-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const url = `http://${address}/`;
  const password = randomUUID();
  // verdaccio-htpasswd reads {SHA} lines (base64 of SHA-1), and max_users -1 refuses sign-ups.
  writeFileSync(join(folder, 'htpasswd'), `${USER}:{SHA}${createHash('sha1').update(password).digest('base64')}\n`);
  writeFileSync(join(folder, 'config.yaml'), [
    `storage: ${join(folder, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${join(folder, 'htpasswd')}`,
    '    max_users: -1',
    // No uplinks: nothing is proxied to a public registry.
    'uplinks: {}',
    'packages:',
    "  '**':",
    '    access: $authenticated',
    '    publish: $authenticated',
    '    unpublish: $authenticated',
    'web:',
    '  enable: false',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n'));
  let output = '';
  const child = spawn(process.execPath, [VERDACCIO, '--config', join(folder, 'config.yaml'), '--listen', address], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: folder,
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    await stopProcess(child);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(url, child, () => output);
    const token = await logIn(url, password);
    const userconfig = join(folder, 'publisher.npmrc');
    writeFileSync(userconfig, `//${address}/:_authToken=${token}\n`);
    return {
      url,
      address,
      token,
      publish: (source) => {
        // Its own user config only: the machine's might carry another registry or token.
        run('npm', ['publish', '--userconfig', userconfig, '--registry', url], { cwd: source });
      },
      status: async (name, withToken) => {
        const response = await fetch(`${url}${name.replace('/', '%2f')}`, withToken ? { headers: { authorization: `Bearer ${withToken}` } } : {});
        await response.arrayBuffer();
        return response.status;
      },
      log: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A package folder with one CommonJS module that exports the given value, ready to publish. */
export function packageFolder(name: string, version: string, exported: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'pnd-package-'));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify({ name, version, main: 'index.js', license: 'Apache-2.0' }, undefined, 2)}\n`);
  writeFileSync(join(folder, 'index.js'), `module.exports = ${JSON.stringify(exported)};\n`);
  return folder;
}

/** The registry's answer to `npm login`: PUT of the user document, authenticated as the user. */
async function logIn(url: string, password: string): Promise<string> {
  const response = await fetch(`${url}-/user/org.couchdb.user:${USER}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'authorization': `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}` },
    body: JSON.stringify({ name: USER, password }),
  });
  const body = await response.json() as { token?: string; error?: string };
  if (response.status !== 201 || !body.token) {
    throw new Error(`Verdaccio refused the login of ${USER} (${response.status}): ${body.error ?? JSON.stringify(body)}`);
  }
  return body.token;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Verdaccio exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      if ((await fetch(`${url}-/ping`)).status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Verdaccio did not answer ${url}-/ping within 30 s:\n${output()}`);
}
