import { javascript, typescript } from 'projen';
// The example uses the library from source; a real project imports 'projen-node-docker'.
import { CacheSharing, Dockerfile, DockerIgnore, Duration, RunMount, StageBase } from '../../src';

const project = new typescript.TypeScriptAppProject({
  name: 'hello-service',
  description: 'A small HTTP service whose image is declared with projen-node-docker',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  jest: false,
  eslint: false,
  prettier: false,
  sampleCode: false,
  licensed: false,
  minNodeVersion: '24.0.0',
  tsconfig: { compilerOptions: { lib: ['es2022', 'dom'], target: 'ES2022' } },
});

// Until NodeDockerImage derives all of this from the project, the image is laid out
// with the generic Dockerfile model, following the seed article's optimized Dockerfile.
const dockerfile = new Dockerfile(project);
const npmCache = RunMount.cache({ target: '/root/.npm', id: 'npm', sharing: CacheSharing.LOCKED });

const base = dockerfile.addStage('base', { from: StageBase.image('node:24-trixie-slim') });
base.addWorkdir('/app');

const build = dockerfile.addStage('build', { from: StageBase.stage(base), comment: 'Build: all dependencies, then sources, then compile' });
build.addCopy(['package.json', 'package-lock.json'], './');
build.addRun('npm ci --ignore-scripts', { mounts: [npmCache] });
build.addCopy([project.tsconfig!.fileName], './');
build.addCopy([project.srcdir], `./${project.srcdir}`);
build.addRun('npx tsc --build');
build.addRun('npm prune --omit=dev --ignore-scripts');

const runtime = dockerfile.addStage('runtime', { from: StageBase.stage(base), comment: 'Runtime: production dependencies and compiled output only' });
runtime.addEnv({ NODE_ENV: 'production', PORT: '3000' });
runtime.addCopy(['/app/node_modules'], './node_modules', { fromStage: build });
runtime.addCopy([`/app/${project.libdir}`], `./${project.libdir}`, { fromStage: build });
runtime.addCopy(['package.json'], './');
runtime.addUser('1000', '1000');
runtime.addExpose(3000);
runtime.addHealthcheck({
  command: ['node', '-e', "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"],
  interval: Duration.seconds(30),
  timeout: Duration.seconds(5),
  startPeriod: Duration.seconds(5),
  retries: 3,
});
runtime.addStopSignal('SIGTERM');
runtime.addCmd(['node', `${project.libdir}/index.js`]);

// The build context gets only what the build needs; a pattern that excluded a copied file would fail synthesis.
new DockerIgnore(project, { dockerfile });

project.synth();
