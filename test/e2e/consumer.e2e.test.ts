// e2e lane: BuildKit (runs there whole, beside the buildah lane: scripts/e2e/lanes.sh)
import { execFileSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lintDockerfile } from '../dockerfile-lint';
import { repositoryRoot, temporaryOutdir } from '../util';
import { buildImage, inspectImage, RunningContainer, startContainer, waitForJson } from './containers';
import { describeWithContainers } from './describe-with-containers';

/** The library as npm users get it: the package that `npx projen package:js` builds. */
function packedLibrary(): string {
  const dist = join(repositoryRoot, 'dist', 'js');
  const find = () => (existsSync(dist) ? readdirSync(dist).find((file) => file.endsWith('.tgz')) : undefined);
  if (!find()) {
    execFileSync('npx', ['projen', 'compile'], { cwd: repositoryRoot, stdio: 'pipe' });
    execFileSync('npx', ['projen', 'package:js'], { cwd: repositoryRoot, stdio: 'pipe' });
  }
  return join(dist, find()!);
}

const CONSUMER_PROJENRC = `import { javascript, typescript } from 'projen';
import { CacheSharing, Dockerfile, DockerIgnore, RunMount, StageBase } from 'projen-node-docker';

const project = new typescript.TypeScriptAppProject({
  name: 'consumer-api',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  jest: false,
  eslint: false,
  sampleCode: false,
  // ts-node, which runs .projenrc.ts, does not work with TypeScript 7.
  devDeps: ['typescript@~6.0.0', 'projen-node-docker@file:vendor/projen-node-docker.tgz'],
  tsconfig: { compilerOptions: { lib: ['es2022', 'dom'], target: 'ES2022' } },
});

const dockerfile = new Dockerfile(project);
const npmCache = RunMount.cache({ target: '/root/.npm', id: 'npm', sharing: CacheSharing.LOCKED });
const base = dockerfile.addStage('base', { from: StageBase.image('node:24-trixie-slim') });
base.addWorkdir('/app');
const build = dockerfile.addStage('build', { from: StageBase.stage(base) });
build.addCopy(['package.json', 'package-lock.json'], './');
build.addCopy(['vendor'], './vendor');
build.addRun('npm ci --ignore-scripts', { mounts: [npmCache] });
build.addCopy(['tsconfig.json'], './');
build.addCopy([project.srcdir], './' + project.srcdir);
build.addRun('npx tsc --build');
build.addRun('npm prune --omit=dev --ignore-scripts');
const runtime = dockerfile.addStage('runtime', { from: StageBase.stage(base) });
runtime.addEnv({ NODE_ENV: 'production' });
runtime.addCopy(['/app/node_modules'], './node_modules', { fromStage: build });
runtime.addCopy(['/app/' + project.libdir], './' + project.libdir, { fromStage: build });
runtime.addUser('1000', '1000');
runtime.addExpose(8080);
runtime.addHealthcheck({ command: ['node', '-e', "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"] });
runtime.addCmd(['node', project.libdir + '/index.js']);
new DockerIgnore(project, { dockerfile });

project.synth();
`;

const CONSUMER_SERVICE = `import { createServer } from 'node:http';

createServer((request, response) => {
  response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ service: 'consumer-api', uid: process.getuid?.() }));
}).listen(8080);
`;

describeWithContainers('a consumer project installs the packed library', () => {
  const folder = temporaryOutdir('pnd-consumer-');
  const tag = 'localhost/pnd-e2e/consumer-api:test';
  let container: RunningContainer | undefined;

  beforeAll(() => {
    const env = { ...process.env };
    // vitest sets NODE_ENV=test, which projen reads as a test run of its own.
    delete env.NODE_ENV;
    const projen = join(repositoryRoot, 'node_modules', 'projen', 'bin', 'projen');
    execFileSync('node', [projen, 'new', 'typescript', '--no-git', '--no-post', '--no-jest', '--no-eslint', '--no-sample-code', '--no-github'], { cwd: folder, env, stdio: 'pipe' });
    mkdirSync(join(folder, 'vendor'));
    copyFileSync(packedLibrary(), join(folder, 'vendor', 'projen-node-docker.tgz'));
    writeFileSync(join(folder, '.projenrc.ts'), CONSUMER_PROJENRC);
    // As a user would: install the library (and the TypeScript pin) first, then let .projenrc.ts own them.
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf-8'));
    manifest.devDependencies.typescript = '~6.0.0';
    manifest.devDependencies['projen-node-docker'] = 'file:vendor/projen-node-docker.tgz';
    writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, undefined, 2));
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(join(folder, 'src', 'index.ts'), CONSUMER_SERVICE);
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: folder, env, stdio: 'pipe' });
    execFileSync('npx', ['projen'], { cwd: folder, env, stdio: 'pipe' });
  });

  afterAll(() => container?.remove());

  it('synthesizes a valid Dockerfile and its .dockerignore with npx projen', () => {
    // DockerIgnore runs the matcher bundled in the package.
    expect(readFileSync(join(folder, '.dockerignore'), 'utf-8')).toContain('\n**/node_modules\n');
    const parsed = lintDockerfile(readFileSync(join(folder, 'Dockerfile'), 'utf-8'));
    expect(parsed.getFROMs().map((from) => from.getBuildStage())).toEqual(['base', 'build', 'runtime']);
    expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf-8')).devDependencies['projen-node-docker']).toBe('file:vendor/projen-node-docker.tgz');
  });

  it('builds an image that runs and answers its health check', async () => {
    buildImage({ context: folder, tag });
    expect(inspectImage(tag).config.User).toBe('1000:1000');
    container = await startContainer(tag, 'pnd-e2e-consumer', 8080);
    expect(await waitForJson(`http://127.0.0.1:${container.port}/health`, container)).toEqual({ service: 'consumer-api', uid: 1000 });
    expect(container.healthcheck()).toBe(true);
  });
});
