/**
 * What a production build context of a Node.js service never needs: version
 * control, installed dependencies, reports, secrets, editor files and CI
 * configuration. Whoever knows the project adds its own folders (build output, tests).
 */
export const COMMON_EXCLUDES: readonly string[] = [
  '**/.git',
  '**/node_modules',
  'coverage',
  '.nyc_output',
  'test-reports',
  '**/*.log',
  '**/.env',
  '**/.env.*',
  '!**/.env.example',
  '**/*.pem',
  '**/*.key',
  '**/id_rsa*',
  '**/id_ed25519*',
  '**/id_ecdsa*',
  '**/.npmrc',
  '.idea',
  '.vscode',
  '**/*.swp',
  '**/.DS_Store',
  '.github',
  '.gitlab-ci.yml',
  '.projenrc.*',
  'projenrc',
  '**/Dockerfile*',
  '**/*.Dockerfile',
  '**/*.dockerignore',
];
