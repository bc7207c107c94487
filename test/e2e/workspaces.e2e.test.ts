import { randomUUID } from 'crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDockerImage, Runtime } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { WORKSPACE_MANAGERS, workspaceImage, workspaceJavascriptService, workspaceService } from '../fixtures/shared/workspace-service';
import { repositoryRoot } from '../util';
import { BUILDAH, BuiltImage, Commit, ContainerUnderTest } from './builders';
import { BuildStep, listFiles } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';

// Each fixture is a workspace of three packages with a lockfile made by a real install at its root:
// services/api (the projen service) imports packages/greeting, a TypeScript package the image compiles;
// services/other must stay out of the image. The last case declares services/api in plain JavaScript.
// The pnpm and npm workspaces are built with both builders; to keep the suite within its time, each
// other case is built with one of them, the lane with less to do getting more.
const BOTH: readonly string[] = ['buildah', 'BuildKit'];
const CASES = [
  { manager: 'pnpm', language: 'TypeScript', runtime: Runtime.slim(), runtimeName: 'slim', uid: 1000, builders: BOTH },
  { manager: 'npm', language: 'TypeScript', runtime: Runtime.distroless(), runtimeName: 'distroless', uid: 65532, builders: BOTH },
  // The alpine stand-in is glibc with an apk that installs nothing (scripts/e2e/README.md): musl itself is not exercised here.
  { manager: 'berry', language: 'TypeScript', runtime: Runtime.alpine(), runtimeName: 'alpine', uid: 1000, builders: ['BuildKit'] as readonly string[] },
  { manager: 'classic', language: 'TypeScript', runtime: Runtime.slim(), runtimeName: 'slim', uid: 1000, builders: ['buildah'] as readonly string[] },
  { manager: 'pnpm', language: 'JavaScript', runtime: Runtime.distroless(), runtimeName: 'distroless', uid: 65532, builders: ['BuildKit'] as readonly string[] },
] as const;

/** Two commits, stamped as docker:build stamps them: the first build, and one after a source edit of the service. */
const COMMITS: Commit[] = [
  { revision: 'd'.repeat(40), epoch: 1796000000 },
  { revision: 'e'.repeat(40), epoch: 1796003600 },
];

/** The layer of an empty tar: what buildah's second commit (without history, as docker:build makes it) adds. */
const EMPTY_LAYER = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';

const INSTALL = /^RUN .*(npm ci|pnpm install|yarn workspaces focus|yarn install)/;

/** Names of the packages installed under the image's /app, wherever the package manager put them (pnpm's store included). */
function installedPackages(files: string[]): string[] {
  const names = files
    .map((file) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@.][^/]*)\/package\.json$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)].sort();
}

for (const builder of BUILDERS) {
  describeWithBuilder(builder, `workspace services built from the root with ${builder.name}`, () => {
    describe.each(CASES.filter((c) => c.builders.includes(builder.name)))(`a $manager workspace's $language service on $runtimeName, built with ${builder.name}`, ({ manager, language, runtime, runtimeName, uid }) => {
      const name = `${manager}-${language.toLowerCase()}-${runtimeName}-${builder.name.toLowerCase()}`;
      const tag = `localhost/pnd-e2e-workspace/${name}:test`;
      const javascript = language === 'JavaScript';
      const source = join('services', 'api', 'src', javascript ? 'index.js' : 'index.ts');
      let root: string;
      let image: NodeDockerImage;
      let first: { seconds: number; image: BuiltImage };
      let files: string[];
      let container: ContainerUnderTest | undefined;

      const build = (commit: Commit) => builder.build({ context: root, dockerfile: 'services/api/Dockerfile', tag, target: 'runtime', commit });

      beforeAll(() => {
        root = mkdtempSync(join(tmpdir(), `pnd-workspace-${manager}-`));
        cpSync(join(repositoryRoot, 'test', 'fixtures', 'workspaces', manager), root, { recursive: true });
        const project = (javascript ? workspaceJavascriptService : workspaceService)(root, WORKSPACE_MANAGERS[manager]);
        image = workspaceImage(project, 'Service', { runtime, pinBaseImages: false });
        project.synth();
        lintDockerfile(readFileSync(join(root, 'services', 'api', 'Dockerfile'), 'utf-8'));
        const { seconds } = build(COMMITS[0]);
        first = { seconds, image: builder.inspect(tag) };
        files = builder.withImageFiles(tag, (rootfs) => listFiles(join(rootfs, 'app')));
      });

      afterAll(() => {
        container?.remove();
        builder.remove(tag);
      });

      it('is built from the workspace root, with a non-root user and a health check', () => {
        expect(image.buildContext).toBe('../..');
        const { config, healthcheck, size } = first.image;
        expect(config.User).toBe(`${uid}:${uid}`);
        expect(config.WorkingDir).toBe('/app/services/api');
        expect(healthcheck?.Test.join(' ')).toContain('/health');
        console.log(`[workspaces] ${builder.name} ${manager} ${language} on ${runtimeName}: ${(size / 1e6).toFixed(1)} MB, first build ${first.seconds.toFixed(0)} s`);
      });

      it('holds the service and its compiled sibling, with production dependencies only, and nothing of the other service', () => {
        // ms is the sibling's dependency; is-odd, @types/ms, is-number, @types/node and typescript are development
        // dependencies of the sibling, the service or the root; left-pad belongs to services/other.
        expect(installedPackages(files)).toEqual(['ms']);
        const has = (path: string) => files.includes(path) || files.some((file) => file.startsWith(`${path}/`));
        expect({
          sibling: has('packages/greeting/lib/index.js'),
          siblingSources: has('packages/greeting/src'),
          service: has(javascript ? 'services/api/src/index.js' : 'services/api/lib/index.js'),
          typescriptSources: files.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.includes('node_modules/')),
          other: has('services/other'),
          lockfile: files.some((file) => /^(pnpm-lock\.yaml|package-lock\.json|yarn\.lock)$/.test(file)),
          settings: files.some((file) => /(^|\/)\.(npmrc|yarnrc|yarnrc\.yml)$/.test(file)),
          projectFiles: files.some((file) => /^services\/api\/(Dockerfile|\.projen\/|README\.md)/.test(file)),
        }).toEqual({
          sibling: true,
          siblingSources: false,
          service: true,
          typescriptSources: false,
          other: false,
          lockfile: false,
          settings: false,
          projectFiles: false,
        });
      });

      it('answers through the sibling package, and its health check passes', async () => {
        container = await builder.start(tag, `pnd-e2e-workspace-${name}`);
        const health = await container.answer('/health');
        expect(health).toMatchObject({ status: 'ok', uid, nodeEnv: 'production', greeting: 'hello from api, through @acme/greeting' });
        expect(await container.healthy()).toBe(true);
      });

      it('installs and builds nothing again when a source file of the service changes: only the service\'s layer is new', () => {
        // A new text every run: the same change as an earlier run would hit that run's layers.
        appendFileSync(join(root, source), `\n// changed by the cache test ${randomUUID()}\n`);
        const steps: BuildStep[] = builder.steps(build(COMMITS[1]).log);
        const installs = steps.filter((step) => INSTALL.test(step.instruction));
        expect(installs.length).toBe(2);
        expect(installs.filter((step) => !step.cached)).toEqual([]);
        // The sibling is not rebuilt either; the service's files are copied again.
        expect(steps.filter((step) => step.instruction.includes('run build')).map((step) => step.cached)).toEqual([true]);
        const copies = steps.filter((step) => step.instruction.startsWith(javascript ? 'COPY services/api ' : 'COPY services/api/src'));
        expect(copies.length).toBeGreaterThan(0);
        expect(copies.every((step) => !step.cached)).toBe(true);
        // One layer of the image is new: the service's (its compiled output, or its files), copied after every other.
        const [before, after] = [first.image.layers, builder.inspect(tag).layers];
        expect(after.length).toBe(before.length);
        const changed = after.filter((id) => !before.includes(id));
        expect(changed.length).toBe(1);
        expect(changed[0]).not.toBe(EMPTY_LAYER);
        if (builder === BUILDAH) {
          // Committed again without history at the commit's time, as docker:build does.
          expect(after[after.length - 1]).toBe(EMPTY_LAYER);
        }
      });
    });
  });
}
