import { javascript, typescript } from 'projen';
// The example uses the library from source; a real project imports 'projen-node-docker'.
import { Duration, HealthCheck, NodeDockerImage } from '../../src';

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

// The production image: stages, package manager, Node version, compile step, entry
// point, labels and .dockerignore all come from the project above.
new NodeDockerImage(project, 'HelloService', {
  healthCheck: HealthCheck.http('/health', { startPeriod: Duration.seconds(5) }),
  environment: { PORT: '3000' },
});

project.synth();
