import { javascript, typescript } from 'projen';
// The example uses the library from source; a real project imports 'projen-node-docker'.
import { Duration, HealthCheck, NodeDockerImage, TrivyWorkflow } from '../../src';

const project = new typescript.TypeScriptAppProject({
  name: 'hello-service',
  description: 'A small HTTP service whose image is declared with projen-node-docker',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // Only the workflow of this library: no build, release, upgrade or pull-request workflows.
  github: true,
  githubOptions: { mergify: false, pullRequestLint: false },
  buildWorkflow: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  jest: false,
  eslint: false,
  prettier: false,
  sampleCode: false,
  licensed: false,
  minNodeVersion: '24.0.0',
  tsconfig: { compilerOptions: { lib: ['es2022', 'dom'], target: 'ES2022' } },
});

// The production image: stages, package manager, Node version, compile step, entry
// point, labels and .dockerignore all come from the project above.
const image = new NodeDockerImage(project, 'HelloService', {
  healthCheck: HealthCheck.http('/health', { startPeriod: Duration.seconds(5) }),
  environment: { PORT: '3000' },
});

// A GitHub workflow that builds the image and scans it with Trivy on every change
// to its inputs, weekly and on demand (.github/workflows/container-images.yml).
new TrivyWorkflow(project, 'ImageScan', { images: [image] });

project.synth();
