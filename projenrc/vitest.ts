import { TextFile } from 'projen';
import { TypeScriptProject } from 'projen/lib/typescript';

/**
 * Replaces jest with vitest: a generated `vitest.config.mts`, tests type-checked
 * with the test tsconfig (jsii compiles `src/` only), then `vitest run`.
 */
export function addVitest(project: TypeScriptProject): void {
  const config = new TextFile(project, 'vitest.config.mts', { marker: true, readonly: true });
  for (const line of [
    `// ${config.marker}`,
    "import { defineConfig } from 'vitest/config';",
    '',
    'export default defineConfig({',
    '  test: {',
    "    include: ['test/**/*.test.ts'],",
    "    exclude: ['**/node_modules/**', 'test/fixtures/**'],",
    "    globalSetup: ['test/checkout-guard.ts'],",
    "    // The JSON report gives CI its closing 'N passed, N failed' line.",
    "    reporters: ['default', 'json'],",
    "    outputFile: { json: 'test-reports/vitest.json' },",
    '    testTimeout: 60_000,',
    '    hookTimeout: 60_000,',
    '  },',
    '});',
  ]) {
    config.addLine(line);
  }

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
}
