// e2e lane: BuildKit (the buildah lane has the more work; a traced build builds the same stages as the untraced one, and reuses them)
import { randomUUID } from 'crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthCheck, NodeDockerImage, Runtime, RuntimePayload } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { WORKSPACE_MANAGERS, workspaceImage, workspaceService } from '../fixtures/shared/workspace-service';
import { repositoryRoot, synthesizeInPlace } from '../util';
import { ContainerUnderTest } from './builders';
import { BUILDKIT } from './buildkit';
import { CommandError, copyContext, ImageConfig, listFiles } from './containers';
import { describeWithBuilder } from './describe-with-builder';
import { FIXTURES, javascriptServiceIn } from './fixtures';
import { TRACED_VARIANT } from '../fixtures/shared/service-image';

const builder = BUILDKIT;
const BASE = 'docker.io/library/node:26-trixie-slim';

/** Bytes of these files of a folder (a symbolic link as its own size, pnpm's links to folders among them). */
function fileBytes(folder: string, files: string[]): number {
  return files.reduce((sum, file) => sum + lstatSync(join(folder, file)).size, 0);
}

describeWithBuilder(builder, 'traced payloads: every fixture built again with RuntimePayload.traced(), with BuildKit, run with docker', () => {
  describe.each(FIXTURES)('$name, traced (traced.Dockerfile) beside its untraced slim image', (fixture) => {
    const tag = `localhost/pnd-e2e/${fixture.name}:traced-buildkit`;
    const untracedTag = `localhost/pnd-e2e/${fixture.name}:untraced-buildkit`;
    const traceTag = `localhost/pnd-e2e/${fixture.name}:trace-stage-buildkit`;
    const canary = `pnd-canary-${randomUUID()}`;
    let config: ImageConfig;
    let container: ContainerUnderTest | undefined;
    let health: { uid: number; nodeEnv: string; status: string; greeting?: string };
    let files: string[];
    let untracedFiles: string[];
    let aboveBase: { traced: number; untraced: number };
    let appBytes: { traced: number; untraced: number };
    let trace: { files: number; bytes: number; tracedBytes: number; fileList: string[] };

    beforeAll(async () => {
      synthesizeInPlace(fixture.folder);
      const dockerfile = readFileSync(join(fixture.folder, TRACED_VARIANT.dockerfilePath), 'utf-8');
      expect(lintDockerfile(dockerfile).getFROMs().map((from) => from.getBuildStage())).toEqual(expect.arrayContaining(['deps', 'trace', 'runtime']));
      const context = copyContext(fixture.folder);
      writeFileSync(join(context, '.env'), `DATABASE_PASSWORD=${canary}\n`);
      mkdirSync(join(context, '.git'));
      writeFileSync(join(context, '.git', 'config'), `[remote "origin"]\n\turl = ${canary}\n`);
      const secret = join(context, '..', `${fixture.name}-traced-npmrc-${randomUUID()}`);
      writeFileSync(secret, `# build secret ${canary}\n`);

      builder.build({ context, dockerfile: 'Dockerfile', tag: untracedTag, target: 'runtime', secrets: { npmrc: secret } });
      builder.build({ context, dockerfile: TRACED_VARIANT.dockerfilePath, tag, target: 'runtime', secrets: { npmrc: secret } });
      // What the trace wrote, from its own stage (built already: from the cache), rather than from the build's log, which a cached step leaves out.
      builder.build({ context, dockerfile: TRACED_VARIANT.dockerfilePath, tag: traceTag, target: 'trace', secrets: { npmrc: secret } });
      trace = builder.withImageFiles(traceTag, (rootfs) => JSON.parse(readFileSync(join(rootfs, 'payload', 'trace.json'), 'utf-8')));
      config = builder.inspect(tag).config;
      const base = builder.inspect(BASE).size;
      aboveBase = { traced: builder.inspect(tag).size - base, untraced: builder.inspect(untracedTag).size - base };
      let tracedBytes = 0;
      files = builder.withImageFiles(tag, (rootfs) => {
        const listed = listFiles(join(rootfs, 'app'));
        tracedBytes = fileBytes(join(rootfs, 'app'), listed);
        return listed;
      });
      let untracedBytes = 0;
      untracedFiles = builder.withImageFiles(untracedTag, (rootfs) => {
        const listed = listFiles(join(rootfs, 'app'));
        untracedBytes = fileBytes(join(rootfs, 'app'), listed);
        return listed;
      });
      appBytes = { traced: tracedBytes, untraced: untracedBytes };
      console.log(`[traced] ${fixture.name}: above base ${aboveBase.traced} B traced, ${aboveBase.untraced} B untraced; `
        + `/app ${files.length} files ${appBytes.traced} B traced, ${untracedFiles.length} files ${appBytes.untraced} B untraced`);
      container = await builder.start(tag, `pnd-e2e-${fixture.name}-traced-buildkit`);
      health = await container.answer('/health');
    });

    afterAll(() => {
      container?.remove();
      builder.remove(tag, untracedTag, traceTag);
    });

    it('answers on loopback with NODE_ENV=production, as the non-root uid 1000, and passes its HEALTHCHECK', async () => {
      expect(health.status).toBe('ok');
      expect(health.uid).toBe(1000);
      expect(health.nodeEnv).toBe('production');
      expect(config.User).toBe('1000:1000');
      expect(config.Cmd).toEqual(fixture.cmd);
      expect(await container!.healthy()).toBe(true);
    });

    if (fixture.health?.greeting) {
      it('still reads the data file its entry point loads', () => {
        expect(health.greeting).toBe(fixture.health!.greeting);
      });
    }

    it('holds the production dependency it loads, no devDependency, and not the tracer', () => {
      expect(files.some((file) => file.endsWith(`node_modules/${fixture.productionDependency}/package.json`))).toBe(true);
      expect(files.some((file) => file.includes(`node_modules/${fixture.devDependency}/`))).toBe(false);
      expect(files.some((file) => file.includes('node_modules/@vercel/nft/'))).toBe(false);
      expect(files.some((file) => file.includes('trace.json'))).toBe(false);
    });

    it('holds no .env, no .git, no sources of a compiled service, no READMEs or type definitions of its packages', () => {
      expect(files.filter((file) => /(^|\/)\.env|^\.git\/|^\.projen|\.projenrc/.test(file))).toEqual([]);
      if (fixture.compiled) {
        expect(files.some((file) => file.startsWith('src/'))).toBe(false);
      }
      expect(files.filter((file) => file.startsWith('node_modules/') && /\/readme(\.md)?$/i.test(file))).toEqual([]);
      expect(files.filter((file) => file.endsWith('.d.ts'))).toEqual([]);
    });

    it('holds exactly the files its trace wrote down, and above its base (as Docker counts it) at most 1.2x the bytes the tracer listed', () => {
      expect([...files].sort()).toEqual(trace.fileList);
      expect(appBytes.traced).toBe(trace.bytes);
      expect(aboveBase.traced).toBeLessThanOrEqual(1.2 * trace.tracedBytes);
    });

    it('is smaller above its base than the untraced image, with fewer files', () => {
      expect(aboveBase.traced).toBeLessThan(aboveBase.untraced);
      expect(appBytes.traced).toBeLessThan(appBytes.untraced);
      expect(files.length).toBeLessThan(untracedFiles.length);
      // Every file of the traced image is one the untraced image has too: the layout is the same.
      expect(files.filter((file) => !untracedFiles.includes(file))).toEqual([]);
    });

    it('keeps the build secret out of every layer and the history', () => {
      expect(builder.contains(tag, canary)).toEqual({ inLayers: false, inHistory: false });
    });
  });
});

const ASSETS = join(repositoryRoot, 'test', 'fixtures', 'assets-service');

/** A build's context with a throwaway npmrc secret. */
function contextWithSecret(folder: string): { context: string; secret: string } {
  const context = copyContext(folder);
  const secret = join(context, '..', `npmrc-${randomUUID()}`);
  writeFileSync(secret, '# no secret needed\n');
  return { context, secret };
}

describeWithBuilder(builder, 'traced payloads: what a tracer cannot see, with BuildKit, run with docker', () => {
  describe('files a package serves with fs from its own folder (swagger-ui-dist through express.static)', () => {
    const tags = { included: 'localhost/pnd-e2e/assets-service:traced-buildkit', bare: 'localhost/pnd-e2e/assets-service:bare-buildkit' };
    const answers: Record<string, { health: any; css: { status: number; body: string }; page: { status: number; body: string } }> = {};
    const containers: ContainerUnderTest[] = [];

    beforeAll(async () => {
      synthesizeInPlace(ASSETS);
      const { context, secret } = contextWithSecret(ASSETS);
      for (const [name, dockerfile] of [['included', 'Dockerfile'], ['bare', 'bare.Dockerfile']] as const) {
        builder.build({ context, dockerfile, tag: tags[name], target: 'runtime', secrets: { npmrc: secret } });
        const container = await builder.start(tags[name], `pnd-e2e-assets-${name}-buildkit`);
        containers.push(container);
        answers[name] = { health: await container.answer('/health'), css: await container.get('/docs/swagger-ui.css'), page: await container.get('/docs/index.html') };
      }
    });

    afterAll(() => {
      containers.forEach((container) => container.remove());
      builder.remove(tags.included, tags.bare);
    });

    it('serves them from the traced image when include names them', () => {
      expect(answers.included.health).toMatchObject({ status: 'ok', uid: 1000, nodeEnv: 'production' });
      expect(answers.included.css.status).toBe(200);
      expect(answers.included.css.body).toContain('.swagger-ui');
      expect(answers.included.page.status).toBe(200);
    });

    it('without include, starts and answers /health but has not got them: the tracer cannot see a path computed at run time', () => {
      expect(answers.bare.health).toMatchObject({ status: 'ok', uid: 1000 });
      expect(answers.bare.css.status).toBe(404);
    });
  });

  describe('a pnpm workspace\'s TypeScript service on distroless, its sibling package compiled in the build and linked through the store', () => {
    const tag = 'localhost/pnd-e2e-workspace/pnpm-traced:buildkit';
    let files: string[];
    let container: ContainerUnderTest | undefined;
    let health: any;

    beforeAll(async () => {
      const root = mkdtempSync(join(tmpdir(), 'pnd-workspace-traced-'));
      cpSync(join(repositoryRoot, 'test', 'fixtures', 'workspaces', 'pnpm'), root, { recursive: true });
      const project = workspaceService(root, WORKSPACE_MANAGERS.pnpm);
      workspaceImage(project, 'Service', { runtime: Runtime.distroless(), pinBaseImages: false, payload: RuntimePayload.traced() });
      project.synth();
      builder.build({ context: root, dockerfile: 'services/api/Dockerfile', tag, target: 'runtime' });
      files = builder.withImageFiles(tag, (rootfs) => listFiles(join(rootfs, 'app')));
      container = await builder.start(tag, 'pnd-e2e-workspace-pnpm-traced-buildkit');
      health = await container.answer('/health');
    });

    afterAll(() => {
      container?.remove();
      builder.remove(tag);
    });

    it('starts in the service\'s folder as uid 65532 and answers through the sibling package', () => {
      expect(health).toMatchObject({ status: 'ok', uid: 65532, nodeEnv: 'production', greeting: 'hello from api, through @acme/greeting' });
    });

    it('holds the sibling\'s compiled output through the link pnpm made, and not the other service', () => {
      expect(files).toContain('packages/greeting/lib/index.js');
      expect(files.some((file) => file.startsWith('services/other/'))).toBe(false);
      expect(files.some((file) => file.startsWith('packages/greeting/src/'))).toBe(false);
    });
  });

  describe('an entry point that is not in the build', () => {
    let output: string;

    beforeAll(() => {
      const folder = mkdtempSync(join(tmpdir(), 'pnd-traced-missing-'));
      const project = javascriptServiceIn(folder);
      new NodeDockerImage(project, 'Service', {
        healthCheck: HealthCheck.http('/health'),
        payload: RuntimePayload.traced({ entryPoints: ['src/worker.js'] }),
      });
      project.synth();
      const { context, secret } = contextWithSecret(folder);
      let failure: unknown;
      try {
        builder.build({ context, tag: 'localhost/pnd-e2e/traced-missing:buildkit', target: 'runtime', secrets: { npmrc: secret } });
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(CommandError);
      output = (failure as CommandError).result.stdout + (failure as CommandError).result.stderr;
    });

    it('fails the build, naming the file', () => {
      expect(output).toContain('traced payload: the entry point src/worker.js is not in the build');
    });
  });
});

describe('the fixtures all declare a traced image', () => {
  it.each(FIXTURES)('$name', (fixture) => {
    expect(existsSync(join(fixture.folder, TRACED_VARIANT.dockerfilePath))).toBe(true);
  });
});
