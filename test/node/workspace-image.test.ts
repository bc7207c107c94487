import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { javascript } from 'projen';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HealthCheck, ImagePreset, NodeDockerImage, NodeDockerImageProps, TrivyWorkflow } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { WORKSPACE_MANAGERS, workspaceImage, workspaceJavascriptService, workspaceService } from '../fixtures/shared/workspace-service';
import { messageOf, repositoryRoot, temporaryOutdir } from '../util';

type Manager = keyof typeof WORKSPACE_MANAGERS;

/** A copy of a workspace fixture (with the lockfile its real install wrote) to synthesize in. */
function workspaceCopy(manager: Manager): string {
  const root = temporaryOutdir(`pnd-workspace-${manager}-`);
  cpSync(join(repositoryRoot, 'test', 'fixtures', 'workspaces', manager), root, { recursive: true });
  return root;
}

/** The synthesized Dockerfile and ignore file of the service's image (the TypeScript service, or the plain JavaScript one). */
function synthesized(
  manager: Manager, service: (root: string, manager: javascript.NodePackageManager) => javascript.NodeProject = workspaceService,
): { dockerfile: string; ignore: string[]; root: string; build: string } {
  const root = workspaceCopy(manager);
  const project = service(root, WORKSPACE_MANAGERS[manager]);
  workspaceImage(project, 'Service', { pinBaseImages: false });
  project.synth();
  const read = (file: string) => readFileSync(join(root, 'services', 'api', file), 'utf-8');
  const build = project.tasks.tryFind('docker:build:service')!.steps[0].exec!;
  return { dockerfile: read('Dockerfile'), ignore: read('Dockerfile.dockerignore').split('\n').slice(1, -1), root, build };
}

/** The lines of the runtime stage. */
function runtimeLines(dockerfile: string): string[] {
  return dockerfile.slice(dockerfile.indexOf('FROM base AS runtime')).split('\n');
}

/** The RUN lines of a stage that install, with wrapped lines joined and the mount flags left out. */
function installs(dockerfile: string): string[] {
  return dockerfile.replace(/ \\\n\s+/g, ' ').split('\n')
    .filter((line) => /^RUN .*(npm ci|pnpm install|yarn workspaces|yarn install)/.test(line))
    .map((line) => line.replace(/^RUN (--mount=\S+ )*/, ''));
}

const INSTALLS: { [manager in Manager]: string[] } = {
  pnpm: [
    'pnpm install --frozen-lockfile --prod --filter api... && mkdir -p node_modules packages/greeting/node_modules services/api/node_modules'
      + ' && rm -f node_modules/.modules.yaml node_modules/.pnpm-workspace-state-v1.json',
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
  // Yarn classic installs every workspace it finds: the context holds only the closure's package.json files.
  classic: [
    'yarn install --frozen-lockfile --non-interactive --production && mkdir -p node_modules packages/greeting/node_modules services/api/node_modules',
    'yarn install --frozen-lockfile --non-interactive',
  ],
};

const LOCKFILES: { [manager in Manager]: string } = { pnpm: 'pnpm-lock.yaml', npm: 'package-lock.json', berry: 'yarn.lock', classic: 'yarn.lock' };

describe.each(Object.keys(WORKSPACE_MANAGERS) as Manager[])('an image of a %s workspace package', (manager) => {
  it('installs the closure only from the root\'s lockfile, builds the sibling first, and copies nothing of the other service', () => {
    const { dockerfile } = synthesized(manager);
    lintDockerfile(dockerfile);
    expect(installs(dockerfile)).toEqual(INSTALLS[manager]);
    // The root's packageManager decides the tool (the berry fixture's root pins Yarn 4.18.1, the classic one 1.22.22); else the service's.
    const tools: { [name in Manager]: string } = {
      pnpm: 'npm install --global pnpm@10.33.0',
      npm: 'FROM base AS deps',
      berry: 'npm install --global @yarnpkg/cli-dist@4.18.1',
      classic: 'rm -f /usr/local/bin/yarn /usr/local/bin/yarnpkg && npm install --global yarn@1.22.22',
    };
    expect(dockerfile).toContain(tools[manager]);
    expect(dockerfile).not.toContain('services/other');
    const lines = dockerfile.split('\n');
    const siblingBuild = lines.findIndex((line) => line === 'WORKDIR /app/packages/greeting');
    const serviceSources = lines.findIndex((line) => line === 'COPY services/api/src ./services/api/src');
    expect(siblingBuild).toBeGreaterThan(0);
    expect(serviceSources).toBeGreaterThan(siblingBuild);
    // The compiled outputs after every other copy, the service's last: an edit of its sources rebuilds that layer only.
    const runtime = runtimeLines(dockerfile);
    expect(runtime.filter((line) => line.startsWith('COPY')).slice(-2)).toEqual([
      'COPY --from=build /app/packages/greeting/lib ./packages/greeting/lib',
      'COPY --from=build /app/services/api/lib ./services/api/lib',
    ]);
    expect(runtime.filter((line) => line.startsWith('WORKDIR'))).toEqual(['WORKDIR /app/services/api']);
    // The per-commit metadata last of all.
    expect(lines.filter((line) => line !== '').slice(-4, -2)).toEqual(['ARG REVISION=unknown', 'ARG CREATED=unknown']);
  });

  it('has an ignore file that lets in the closure only, without installed dependencies, built output or secrets', () => {
    const { ignore } = synthesized(manager);
    const rootFiles = {
      pnpm: ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'], npm: ['package.json', 'package-lock.json'], berry: ['package.json', 'yarn.lock'], classic: ['package.json', 'yarn.lock'],
    }[manager];
    expect(ignore.slice(0, 2 + rootFiles.length + 5)).toEqual([
      '*', '.*', ...rootFiles.map((file) => `!${file}`),
      '!packages/greeting/package.json', '!services/api/package.json', '!packages/greeting', '!services/api/tsconfig.json', '!services/api/src',
    ]);
    expect(ignore).toContain('**/node_modules');
    expect(ignore).toContain('packages/greeting/lib');
    // Settings files are build secrets, never in the context; nothing lets every .env.example of the workspace in.
    expect(ignore).toEqual(expect.arrayContaining(['**/.env', '**/.npmrc', '**/.yarnrc', '**/.yarnrc.yml']));
    expect(ignore.filter((pattern) => pattern.startsWith('!')).every((pattern) => !pattern.includes('*'))).toBe(true);
    expect(ignore.some((pattern) => pattern.includes('other'))).toBe(false);
  });

  it(`refuses a workspace dependency that the root's ${LOCKFILES[manager]} does not link, and writes nothing`, () => {
    const root = workspaceCopy(manager);
    // A new workspace package, declared by the root's globs, that no install has put in the lockfile yet.
    cpSync(join(root, 'packages', 'greeting'), join(root, 'packages', 'farewell'), { recursive: true });
    // With a dependency of its own, which no install has put in the lockfile either (Yarn classic records nothing else of it).
    const manifest = JSON.parse(readFileSync(join(root, 'packages', 'farewell', 'package.json'), 'utf-8'));
    writeFileSync(join(root, 'packages', 'farewell', 'package.json'), JSON.stringify({
      ...manifest, name: '@acme/farewell', dependencies: { ...manifest.dependencies, 'is-even': '1.0.0' },
    }));
    const project = workspaceService(root, WORKSPACE_MANAGERS[manager]);
    project.addDeps(manager === 'npm' || manager === 'classic' ? '@acme/farewell@1.0.0' : '@acme/farewell@workspace:*');
    workspaceImage(project);
    const install = { pnpm: 'pnpm install', npm: 'npm install', berry: 'yarn install', classic: 'yarn install' }[manager];
    const lacks = manager === 'classic' ? 'lacks the entries of its dependencies (is-even@1.0.0)' : 'does not link to it';
    expect(messageOf(() => project.synth())).toBe([
      'Nothing was written: 1 problem found.',
      `  [WorkspaceDependencyNotLocked] Service: services/api depends on the workspace package "@acme/farewell" (packages/farewell), which ../../${LOCKFILES[manager]} ${lacks}.`
        + ` Fix: Run "${install}" at the workspace root (../..) and commit ${LOCKFILES[manager]}.`,
    ].join('\n'));
    expect(readdirSync(join(root, 'services', 'api'))).toEqual(['src']);
  });
});

describe('an image of a Yarn classic workspace package', () => {
  it('refuses a range that the sibling\'s version is not in (Yarn 1 would fetch it from the registry), and writes nothing', () => {
    const root = workspaceCopy('classic');
    const project = workspaceService(root, WORKSPACE_MANAGERS.classic);
    project.addDeps('@acme/greeting@^2.0.0');
    workspaceImage(project);
    expect(messageOf(() => project.synth())).toBe([
      'Nothing was written: 1 problem found.',
      '  [WorkspaceDependencyNotLocked] Service: services/api depends on the workspace package "@acme/greeting" (packages/greeting), which ../../yarn.lock cannot link to it:'
        + ' its version 1.0.0 is not in the range "^2.0.0", so Yarn 1 would look for it in the registry.'
        + ' Fix: Depend on "@acme/greeting@1.0.0" in services/api/package.json, or give packages/greeting a version in the range.',
    ].join('\n'));
    expect(readdirSync(join(root, 'services', 'api'))).toEqual(['src']);
  });
});

describe.each(Object.keys(WORKSPACE_MANAGERS) as Manager[])('an image of a plain JavaScript service in a %s workspace', (manager) => {
  it('compiles the sibling only, and copies the service\'s own folder from the context last', () => {
    const { dockerfile, ignore } = synthesized(manager, workspaceJavascriptService);
    lintDockerfile(dockerfile);
    expect(installs(dockerfile)).toEqual(INSTALLS[manager]);
    const lines = dockerfile.split('\n');
    expect(lines.filter((line) => line.startsWith('RUN export PATH')).map((line) => line.split(' && ')[0])).toEqual([
      'RUN export PATH="/app/packages/greeting/node_modules/.bin:/app/node_modules/.bin:$PATH" \\',
    ]);
    expect(dockerfile).not.toContain('tsc --build');
    const runtime = runtimeLines(dockerfile);
    expect(runtime.filter((line) => line.startsWith('COPY')).slice(-2)).toEqual([
      'COPY --from=build /app/packages/greeting/lib ./packages/greeting/lib',
      'COPY services/api ./services/api/',
    ]);
    expect(runtime).toContain('CMD ["node", "src/index.js"]');
    // The folder is let in, but not what no build context needs of a project: its Dockerfile, its ignore file, projen's folder.
    expect(ignore).toEqual(expect.arrayContaining(['!services/api', 'services/api/.projen', '**/Dockerfile*', '**/*.dockerignore', '**/node_modules']));
    expect(ignore.some((pattern) => pattern.includes('other'))).toBe(false);
  });
});

describe('the workspace of an image', () => {
  it('mounts the workspace root\'s settings as build secrets, where the install at the root reads them', () => {
    const { dockerfile, build } = synthesized('berry');
    expect(dockerfile).toContain('--mount=type=secret,id=project-yarnrc-yml,target=/app/.yarnrc.yml,required=true');
    expect(build).toContain('--secret id=project-yarnrc-yml,src=../../.yarnrc.yml');
    expect(dockerfile).not.toMatch(/COPY .*yarnrc/);
  });

  it('refuses a package of a Bun workspace, and writes nothing', () => {
    const root = workspaceCopy('npm');
    const project = workspaceService(root, javascript.NodePackageManager.BUN);
    workspaceImage(project);
    expect(messageOf(() => project.synth())).toBe([
      'Nothing was written: 1 problem found.',
      '  [UnsupportedWorkspaceManager] Service: the project is a package of the Bun workspace "../..", and workspace images are built with npm, pnpm or Yarn only:'
        + ' the library does not yet install one package\'s closure from a Bun workspace\'s root lockfile.'
        + ' Fix: Use npm, pnpm or Yarn workspaces for the image, or set workspaceRoot: "." to build the project on its own (with its own bun.lock and no workspace dependencies).',
    ].join('\n'));
    expect(readdirSync(join(root, 'services', 'api'))).toEqual(['src']);
  });


  it('refuses a Next.js app or a Prisma client in a workspace package, which it would build without what they need, and writes nothing', () => {
    const cases: Array<[string, NodeDockerImageProps, string]> = [
      ['Next.js', { preset: ImagePreset.NEXTJS }, 'a Next.js app inside a workspace is not built from the workspace root yet'],
      ['Prisma', { prisma: { enabled: true } }, 'a workspace package that uses Prisma is not built from the workspace root yet'],
    ];
    for (const [, props, message] of cases) {
      const root = workspaceCopy('npm');
      const project = workspaceService(root, javascript.NodePackageManager.NPM);
      workspaceImage(project, 'Service', props);
      const error = messageOf(() => project.synth());
      expect(error).toMatch(/^Nothing was written: \d problems? found\./);
      expect(error).toContain(`[UnsupportedWorkspacePackage] Service: ${message}`);
      expect(error).toContain('Fix: Build the image from the project itself (workspaceRoot: ".")');
      expect(readdirSync(join(root, 'services', 'api'))).toEqual(['src']);
    }
  });

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
