import { TextFile } from 'projen';
import { TypeScriptProject } from 'projen/lib/typescript';

interface VitestConfigOptions {
  readonly include: string;
  readonly exclude: string[];
  readonly report: string;
  readonly timeoutMs: number;
  /** Global setups beside the checkout guard. */
  readonly globalSetup?: string[];
  readonly extra?: string[];
}

/** A generated vitest config; the JSON report gives CI its closing 'N passed, N failed' line. */
function vitestConfig(project: TypeScriptProject, path: string, options: VitestConfigOptions): void {
  const config = new TextFile(project, path, { marker: true, readonly: true });
  for (const line of [
    `// ${config.marker}`,
    "import { defineConfig } from 'vitest/config';",
    '',
    'export default defineConfig({',
    '  test: {',
    `    include: ['${options.include}'],`,
    `    exclude: [${['**/node_modules/**', ...options.exclude].map((glob) => `'${glob}'`).join(', ')}],`,
    `    globalSetup: [${['test/checkout-guard.ts', ...options.globalSetup ?? []].map((file) => `'${file}'`).join(', ')}],`,
    "    reporters: ['default', 'json'],",
    `    outputFile: { json: '${options.report}' },`,
    `    testTimeout: ${options.timeoutMs},`,
    `    hookTimeout: ${options.timeoutMs},`,
    ...(options.extra ?? []),
    '  },',
    '});',
  ]) {
    config.addLine(line);
  }
}

/**
 * Replaces jest with vitest: unit tests (type-checked with the test tsconfig,
 * since jsii compiles src/ only) in the build, and a separate end-to-end suite
 * that builds and runs images with buildah and podman.
 */
export function addVitest(project: TypeScriptProject): void {
  vitestConfig(project, 'vitest.config.mts', {
    include: 'test/**/*.test.ts',
    exclude: ['test/fixtures/**', 'test/e2e/**'],
    report: 'test-reports/unit.json',
    timeoutMs: 60_000,
    // Every temporary folder of the run under one, removed at the end.
    globalSetup: ['test/temporary-root.ts'],
    // Projects synthesized by the unit tests need no npm install; every test runs on a fixed day.
    extra: ["    env: { PROJEN_DISABLE_POST: '1' },", "    setupFiles: ['test/fixed-clock.ts'],"],
  });
  vitestConfig(project, 'vitest.e2e.config.mts', {
    include: 'test/e2e/**/*.e2e.test.ts',
    exclude: [],
    report: 'test-reports/e2e.json',
    timeoutMs: 900_000,
    // The dockerd of the BuildKit builds: started once per run, stopped by its pid at the end.
    globalSetup: ['test/e2e/dockerd-setup.ts'],
    // The images publish loopback ports and share one container storage: one file at a time.
    extra: ['    fileParallelism: false,', "    env: { PROJEN_DISABLE_POST: '1' },"],
  });
  project.gitignore.exclude('/test-reports/');

  project.addTask('test:types', {
    description: 'Type-check the tests (jsii compiles src/ only)',
    exec: 'tsc --noEmit -p test/tsconfig.json',
  });
  project.addTask('test:unit', {
    description: 'Run the unit tests with vitest',
    exec: 'vitest run',
    receiveArgs: true,
  });
  project.addTask('test:watch', {
    description: 'Run the unit tests in watch mode',
    exec: 'vitest',
  });

  project.testTask.reset();
  project.testTask.spawn(project.tasks.tryFind('test:types')!);
  project.testTask.spawn(project.tasks.tryFind('test:unit')!);
  project.testTask.spawn(project.tasks.tryFind('eslint')!);

  const setup = project.addTask('e2e:setup', {
    description: 'Install buildah and podman (root, Debian) and build the stand-in base images',
    exec: 'bash scripts/e2e/setup.sh',
  });
  const e2e = project.addTask('e2e', {
    description: 'Build, run and inspect every fixture image with buildah and podman, and with BuildKit and docker',
  });
  e2e.spawn(setup);
  // Two lanes side by side, one per builder; with files given, those files with both.
  e2e.exec('bash scripts/e2e/lanes.sh', { receiveArgs: true });
}
