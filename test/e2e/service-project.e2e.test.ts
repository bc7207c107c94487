// e2e lane: BuildKit (runs there whole, beside the buildah lane: scripts/e2e/lanes.sh)
import { execFileSync } from 'child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintDockerfile } from '../dockerfile-lint';
import { repositoryRoot, temporaryOutdir } from '../util';
import { inspectImage, listFiles, run, RunningContainer, startContainer, waitForJson } from './containers';
import { describeWithContainers } from './describe-with-containers';
import { packedLibrary } from './packed-library';

/** What the generated project holds, but what its tools install and build. */
const BUILT = /^(?:node_modules|lib|coverage|test-reports|dist)\/|^tsconfig\.tsbuildinfo$/;

describeWithContainers('npx projen new --from projen-node-docker, then npx projen build, then its image', () => {
  const root = temporaryOutdir('pnd-new-from-');
  const pack = join(root, 'pack');
  const folder = join(root, 'orders');
  const tag = 'localhost/pnd-e2e/new-from-service:test';
  const seconds: Record<string, number> = {};
  let tree: string[];
  let container: RunningContainer | undefined;

  /** Runs a step as a user would in a terminal: no NODE_ENV (vitest sets test), no CI (projen new would then want a lockfile). */
  const step = (name: string, command: string, args: string[]) => {
    const env = { ...process.env };
    delete env.NODE_ENV;
    delete env.CI;
    delete env.PROJEN_DISABLE_POST;
    const started = Date.now();
    execFileSync(command, args, { cwd: folder, env, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    seconds[name] = (Date.now() - started) / 1000;
  };

  beforeAll(() => {
    // No registry has the library: its packed tarball sits beside the empty project folder.
    mkdirSync(pack);
    mkdirSync(folder);
    copyFileSync(packedLibrary(), join(pack, 'projen-node-docker.tgz'));
    const projen = join(repositoryRoot, 'node_modules', 'projen', 'bin', 'projen');
    step('projen new', 'node', [projen, 'new', '--from', 'projen-node-docker@file:../pack/projen-node-docker.tgz', '--no-git']);
    step('projen build', 'npx', ['projen', 'build']);
    tree = listFiles(folder).filter((path) => !BUILT.test(path)).sort();
    console.log(`generated project (npx projen new --from, then npx projen build; ${JSON.stringify(seconds)}):\n  ${tree.join('\n  ')}`);
  });

  afterAll(() => container?.remove());

  it('creates the node-service project in the empty folder, and npx projen build passes', () => {
    expect(tree).toEqual([
      '.dockerignore', '.eslintrc.json', '.gitattributes', '.github/pull_request_template.md', '.github/workflows/build.yml',
      '.github/workflows/container-images.yml', '.github/workflows/pull-request-lint.yml', '.github/workflows/upgrade.yml',
      '.gitignore', '.mergify.yml', '.npmignore', '.projen/deps.json', '.projen/files.json', '.projen/tasks.json', '.projenrc.ts',
      'Dockerfile', 'LICENSE', 'README.md', 'compose.yaml', 'package-lock.json', 'package.json', 'projenrc/tsconfig.json',
      'src/index.ts', 'src/server.ts', 'test/server.test.ts', 'test/tsconfig.json', 'tsconfig.json',
    ]);
    // As projen new wrote it (and the generated project's eslint --fix quoted it).
    const projenrc = readFileSync(join(folder, '.projenrc.ts'), 'utf-8');
    expect(projenrc).toMatch(/^import \{ NodeServiceProject \} from ['"]projen-node-docker['"];$/m);
    expect(projenrc).toMatch(/^ {2}devDeps: \[['"]projen-node-docker@file:\.\.\/pack\/projen-node-docker\.tgz['"]\],$/m);
    expect(projenrc).toMatch(/^ {2}projenrcTs: true,$/m);
    lintDockerfile(readFileSync(join(folder, 'Dockerfile'), 'utf-8'));
    expect(parse(readFileSync(join(folder, 'compose.yaml'), 'utf-8')).services.service.image).toBe('localhost/orders:0.0.0');
    const tasks = JSON.parse(readFileSync(join(folder, '.projen', 'tasks.json'), 'utf-8')).tasks;
    expect(Object.keys(tasks)).toEqual(expect.arrayContaining(['docker:build', 'docker:run', 'docker:scan', 'docker:pin', 'docker:up', 'docker:down']));
    expect(tasks['post-upgrade'].steps).toContainEqual({ spawn: 'docker:pin:update' });
  });

  it('builds an image that runs as uid 1000 and answers its health check', async () => {
    const started = Date.now();
    // The lockfile resolves the library as file:../pack/...tgz from /app: a read-only build volume puts it there.
    run('buildah', ['bud', '--pull-never', '--format', 'docker', '--layers', '-v', `${pack}:/pack:ro`, '-f', 'Dockerfile', '-t', tag, folder], { cwd: folder });
    console.log(`the generated Dockerfile built in ${(Date.now() - started) / 1000}s`);
    const { config, healthcheck } = inspectImage(tag);
    expect(config.User).toBe('1000:1000');
    expect(config.Cmd).toEqual(['node', 'lib/index.js']);
    expect(healthcheck?.Test[0]).toBe('CMD');
    container = await startContainer(tag, 'pnd-e2e-new-from-service', 3000);
    expect(await waitForJson(`http://127.0.0.1:${container.port}/health`, container)).toEqual({ status: 'ok' });
    expect(container.healthcheck()).toBe(true);
  });
});
