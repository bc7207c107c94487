import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { javascript } from 'projen';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HealthCheck, NodeDockerImage, TrivyWorkflow } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { WORKSPACE_MANAGERS, workspaceImage, workspaceService } from '../fixtures/shared/workspace-service';
import { messageOf, repositoryRoot, temporaryOutdir } from '../util';

type Manager = keyof typeof WORKSPACE_MANAGERS;

/** A copy of a workspace fixture (with the lockfile its real install wrote) to synthesize in. */
function workspaceCopy(manager: Manager): string {
  const root = temporaryOutdir(`pnd-workspace-${manager}-`);
  cpSync(join(repositoryRoot, 'test', 'fixtures', 'workspaces', manager), root, { recursive: true });
  return root;
}

/** The synthesized Dockerfile and ignore file of the service's image. */
function synthesized(manager: Manager): { dockerfile: string; ignore: string[]; root: string } {
  const root = workspaceCopy(manager);
  const project = workspaceService(root, WORKSPACE_MANAGERS[manager]);
  workspaceImage(project, 'Service', { pinBaseImages: false });
  project.synth();
  const read = (file: string) => readFileSync(join(root, 'services', 'api', file), 'utf-8');
  return { dockerfile: read('Dockerfile'), ignore: read('Dockerfile.dockerignore').split('\n').slice(1, -1), root };
}

/** The RUN lines of a stage that install, with wrapped lines joined and the mount flags left out. */
function installs(dockerfile: string): string[] {
  return dockerfile.replace(/ \\\n\s+/g, ' ').split('\n')
    .filter((line) => /^RUN .*(npm ci|pnpm install|yarn workspaces)/.test(line))
    .map((line) => line.replace(/^RUN (--mount=\S+ )*/, ''));
}

const INSTALLS: { [manager in Manager]: string[] } = {
  pnpm: [
    'pnpm install --frozen-lockfile --prod --filter api... && mkdir -p node_modules packages/greeting/node_modules services/api/node_modules',
    'pnpm install --frozen-lockfile --filter api...',
  ],
  npm: [
    'npm ci --omit=dev --workspace=packages/greeting --workspace=services/api && mkdir -p node_modules packages/greeting/node_modules services/api/node_modules',
    'npm ci --include-workspace-root --workspace=packages/greeting --workspace=services/api',
  ],
  berry: [
    'yarn workspaces focus --production api && mkdir -p node_modules packages/greeting/node_modules services/api/node_modules',
    'yarn workspaces focus @acme/greeting api',
  ],
};

const LOCKFILES: { [manager in Manager]: string } = { pnpm: 'pnpm-lock.yaml', npm: 'package-lock.json', berry: 'yarn.lock' };

describe.each(Object.keys(WORKSPACE_MANAGERS) as Manager[])('an image of a %s workspace package', (manager) => {
  it('installs the closure only from the root\'s lockfile, builds the sibling first, and copies nothing of the other service', () => {
    const { dockerfile } = synthesized(manager);
    lintDockerfile(dockerfile);
    expect(installs(dockerfile)).toEqual(INSTALLS[manager]);
    // The root's packageManager decides the tool (the berry fixture's root pins Yarn 4.18.1); else the service's.
    const tools: { [name in Manager]: string } = {
      pnpm: 'npm install --global pnpm@10.33.0',
      npm: 'FROM base AS deps',
      berry: 'npm install --global @yarnpkg/cli-dist@4.18.1',
    };
    expect(dockerfile).toContain(tools[manager]);
    expect(dockerfile).not.toContain('services/other');
    const lines = dockerfile.split('\n');
    const siblingBuild = lines.findIndex((line) => line === 'WORKDIR /app/packages/greeting');
    const serviceSources = lines.findIndex((line) => line === 'COPY services/api/src ./services/api/src');
    expect(siblingBuild).toBeGreaterThan(0);
    expect(serviceSources).toBeGreaterThan(siblingBuild);
    expect(lines.filter((line) => line.startsWith('COPY --from=build'))).toEqual([
      'COPY --from=build /app/packages/greeting/lib ./packages/greeting/lib',
      'COPY --from=build /app/services/api/lib ./services/api/lib',
    ]);
    expect(lines[lines.length - 8]).toBe('WORKDIR /app/services/api');
  });

  it('has an ignore file that lets in the closure only, without installed dependencies, built output or secrets', () => {
    const { ignore } = synthesized(manager);
    const rootFiles = { pnpm: ['package.json', 'pnpm-lock.yaml', '.npmrc', 'pnpm-workspace.yaml'], npm: ['package.json', 'package-lock.json', '.npmrc'], berry: ['package.json', 'yarn.lock', '.yarnrc.yml'] }[manager];
    expect(ignore.slice(0, 2 + rootFiles.length + 5)).toEqual([
      '*', '.*', ...rootFiles.map((file) => `!${file}`),
      '!packages/greeting/package.json', '!services/api/package.json', '!packages/greeting', '!services/api/tsconfig.json', '!services/api/src',
    ]);
    expect(ignore).toContain('**/node_modules');
    expect(ignore).toContain('packages/greeting/lib');
    expect(ignore).toContain('**/.env');
    expect(ignore.some((pattern) => pattern.includes('other'))).toBe(false);
  });

  it(`refuses a workspace dependency that the root's ${LOCKFILES[manager]} does not link, and writes nothing`, () => {
    const root = workspaceCopy(manager);
    // A new workspace package, declared by the root's globs, that no install has put in the lockfile yet.
    cpSync(join(root, 'packages', 'greeting'), join(root, 'packages', 'farewell'), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(root, 'packages', 'farewell', 'package.json'), 'utf-8'));
    writeFileSync(join(root, 'packages', 'farewell', 'package.json'), JSON.stringify({ ...manifest, name: '@acme/farewell' }));
    const project = workspaceService(root, WORKSPACE_MANAGERS[manager]);
    project.addDeps(manager === 'npm' ? '@acme/farewell@1.0.0' : '@acme/farewell@workspace:*');
    workspaceImage(project);
    const install = { pnpm: 'pnpm install', npm: 'npm install', berry: 'yarn install' }[manager];
    expect(messageOf(() => project.synth())).toBe([
      'Nothing was written: 1 problem found.',
      `  [WorkspaceDependencyNotLocked] Service: services/api depends on the workspace package "@acme/farewell" (packages/farewell), which ../../${LOCKFILES[manager]} does not link to it.`
        + ` Fix: Run "${install}" at the workspace root (../..) and commit ${LOCKFILES[manager]}.`,
    ].join('\n'));
    expect(readdirSync(join(root, 'services', 'api'))).toEqual(['src']);
  });
});

describe('the workspace of an image', () => {
  it('is found from the projen project tree, and the workflow\'s path filters list the closure only', () => {
    const folder = workspaceCopy('npm');
    const root = new javascript.NodeProject({
      name: 'acme-workspace',
      defaultReleaseBranch: 'main',
      outdir: folder,
      packageManager: javascript.NodePackageManager.NPM,
      jest: false,
      release: false,
      buildWorkflow: false,
      pullRequestTemplate: false,
      depsUpgrade: false,
      projenDevDependency: false,
      devDeps: ['typescript@5.9.3'],
    });
    root.package.addField('workspaces', ['packages/*', 'services/*']);
    const service = workspaceService(folder, WORKSPACE_MANAGERS.npm, { parent: root, outdir: 'services/api' });
    const image = new NodeDockerImage(service, 'Service', { healthCheck: HealthCheck.http('/health'), pinBaseImages: false });
    new TrivyWorkflow(service, 'Scan', { images: [image] });
    root.synth();
    expect(image.buildContext).toBe('../..');
    const workflow = parse(readFileSync(join(folder, '.github', 'workflows', 'container-images.yml'), 'utf-8'));
    const paths: string[] = workflow.on.push.paths;
    expect(paths).toEqual(expect.arrayContaining([
      'package.json', 'package-lock.json', 'packages/greeting/package.json', 'packages/greeting', 'packages/greeting/**',
      'services/api/package.json', 'services/api/src', 'services/api/src/**', 'services/api/tsconfig.json', 'services/api/Dockerfile',
    ]));
    expect(paths.filter((path) => path.startsWith('services/other'))).toEqual([]);
  });

  it('refuses a project that the root\'s workspaces do not declare, and writes nothing', () => {
    const root = workspaceCopy('npm');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'acme-workspace', private: true, workspaces: ['packages/*'] }));
    const project = workspaceService(root, WORKSPACE_MANAGERS.npm);
    workspaceImage(project);
    expect(messageOf(() => project.synth())).toBe([
      'Nothing was written: 1 problem found.',
      '  [NotAWorkspacePackage] Service: the project\'s folder "services/api" is not one of the packages the workspace root "../.." declares (packages/greeting).'
        + ' Fix: Add the folder to the root\'s workspace packages, or set workspaceRoot: "." to build the project on its own.',
    ].join('\n'));
    expect(readdirSync(join(root, 'services', 'api'))).toEqual(['src']);
  });

  it('refuses a build context other than the workspace root, and writes nothing', () => {
    const root = workspaceCopy('pnpm');
    const project = workspaceService(root, WORKSPACE_MANAGERS.pnpm);
    workspaceImage(project, 'Service', { buildContext: '..' });
    expect(messageOf(() => project.synth())).toBe([
      'Nothing was written: 1 problem found.',
      '  [InvalidWorkspace] Service: buildContext ".." is not the workspace root "../..", where the shared lockfile and every package of the closure are.'
        + ' Fix: Leave buildContext out (it defaults to the workspace root), or set workspaceRoot: "." to build the project on its own.',
    ].join('\n'));
    expect(existsSync(join(root, 'services', 'api', 'Dockerfile'))).toBe(false);
  });

  it('builds a project on its own with workspaceRoot "."', () => {
    const root = workspaceCopy('pnpm');
    const project = workspaceService(root, WORKSPACE_MANAGERS.pnpm);
    const image = workspaceImage(project, 'Service', { workspaceRoot: '.', pinBaseImages: false });
    expect(image.buildContext).toBe('.');
  });
});
