/**
 * What a production build context of a Node.js service never needs, whatever
 * the kind of project: version control, installed dependencies, reports,
 * secrets, tests, docs, editor, lint and test configuration, CI files.
 * Whoever knows the project adds its own folders (build output, tests).
 */
/**
 * The defaults that keep secrets out: written after every include, so that letting a
 * folder in never lets its keys and .env files in; only an include of such a file by
 * its own path lets that one file in.
 */
export const SECRET_EXCLUDES: readonly string[] = [
  '**/.env',
  '**/.env.*',
  '!**/.env.example',
  '**/*.pem',
  '**/*.key',
  '**/id_rsa*',
  '**/id_ed25519*',
  '**/id_ecdsa*',
  '**/.npmrc',
  '**/.yarnrc',
  '**/.yarnrc.yml',
  '**/bunfig.toml',
];

export const COMMON_EXCLUDES: readonly string[] = [
  '**/.git',
  '**/node_modules',
  'coverage',
  '.nyc_output',
  'test-reports',
  '**/*.log',
  ...SECRET_EXCLUDES,
  '.idea',
  '.vscode',
  '**/*.swp',
  '**/.DS_Store',
  '.github',
  '.gitlab-ci.yml',
  '.projenrc.*',
  'projenrc',
  'test',
  'tests',
  '**/__tests__',
  '**/*.test.*',
  '**/*.spec.*',
  'docs',
  '*.md',
  '.projen',
  '.eslintrc*',
  'eslint.config.*',
  '.prettierrc*',
  '.prettierignore',
  'jest.config.*',
  'vitest.config.*',
  '.editorconfig',
  '.gitignore',
  '.gitattributes',
  '.npmignore',
  '.mergify.yml',
  '.devcontainer',
  '.husky',
  '.circleci',
  '.travis.yml',
  '.buildkite',
  'Jenkinsfile',
  'azure-pipelines.yml',
  '**/Dockerfile*',
  '**/*.Dockerfile',
  '**/*.dockerignore',
];
