import { Project } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';

/**
 * What a production build context never needs: version control, installed
 * dependencies, local build output, reports, secrets, editor files and CI
 * configuration. Derived from the project where it knows the folders.
 */
export function defaultExcludes(project: Project): string[] {
  const patterns = [
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
  if (project instanceof NodeProject) {
    patterns.push(project.artifactsDirectory);
  }
  if (project instanceof TypeScriptProject) {
    // The image compiles the sources itself: local output and tests stay out.
    patterns.push(project.libdir, project.testdir);
  }
  return [...new Set(patterns.map((pattern) => pattern.replace(/\/+$/, '')))];
}
