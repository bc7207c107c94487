import { randomUUID } from 'crypto';
import { readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot, synthesizeInPlace } from '../util';
import { ContainerUnderTest, plainImageSizeMb } from './builders';
import { copyContext, devDependenciesOf, installedPackages, listFiles } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';

/*
 * The Next.js fixture (test/fixtures/nextjs-app, projen's web.NextJsTypeScriptProject with a page
 * rendered on the server, an API route as the health check and a file in public/), built in its
 * standalone image on slim and on distroless with each builder, and run. Everything is real: next 16
 * and its SWC binary come from the npm registry, next build runs in the build stage.
 */

const folder = join(repositoryRoot, 'test', 'fixtures', 'nextjs-app');
const VARIANTS = [
  { name: 'slim', dockerfile: 'Dockerfile', uid: 1000, user: '1000:1000', cmd: ['node', 'server.js'] },
  { name: 'distroless', dockerfile: 'distroless.Dockerfile', uid: 65532, user: '65532:65532', cmd: ['server.js'] },
];

let synthesized = false;

for (const builder of BUILDERS) {
  describeWithBuilder(builder, `Next.js (web.NextJsTypeScriptProject) in its standalone image, built with ${builder.name}`, () => {
    const suffix = builder.name.toLowerCase();
    let context: string;
    let secret: string;

    beforeAll(() => {
      if (!synthesized) {
        synthesizeInPlace(folder);
        synthesized = true;
      }
      context = copyContext(folder);
      secret = join(context, '..', `nextjs-app-npmrc-${randomUUID()}`);
      writeFileSync(secret, '# no secret needed\n');
    });

    for (const variant of VARIANTS) {
      describe(`on ${variant.name}`, () => {
        const tag = `localhost/pnd-e2e/nextjs-app:${variant.name}-${suffix}`;
        let container: ContainerUnderTest | undefined;
        let seconds: number;
        let files: { app: string[]; cacheOwner: number; nodeModules: string[] };

        beforeAll(async () => {
          ({ seconds } = builder.build({ context, dockerfile: variant.dockerfile, tag, target: 'runtime', secrets: { npmrc: secret } }));
          files = builder.withImageFiles(tag, (rootfs) => ({
            app: listFiles(join(rootfs, 'app')),
            cacheOwner: statSync(join(rootfs, 'app', '.next', 'cache')).uid,
            nodeModules: installedPackages(join(rootfs, 'app', 'node_modules')),
          }));
          container = await builder.start(tag, `pnd-e2e-nextjs-${variant.name}-${suffix}`);
        }, 900_000);

        afterAll(() => container?.remove());

        it('runs server.js as a non-root user, with HOSTNAME and PORT for the standalone server', () => {
          const { config, healthcheck, size } = builder.inspect(tag);
          const plain = plainImageSizeMb(builder, variant.name);
          console.log(`nextjs-app (${variant.name}, ${builder.name}): built in ${seconds.toFixed(1)} s, ${Math.round(size / 1e6)} MB, ${files.nodeModules.length} packages`
            + ` (the plain TypeScript fixture on ${variant.name}: ${plain === undefined ? `not built with ${builder.name} here` : `${plain} MB`})`);
          expect(config.User).toBe(variant.user);
          expect(config.Cmd).toEqual(variant.cmd);
          expect(config.Env).toEqual(expect.arrayContaining(['NODE_ENV=production', 'HOSTNAME=0.0.0.0', 'PORT=3000', 'NEXT_TELEMETRY_DISABLED=1']));
          expect(healthcheck?.Test.join(' ')).toContain('http://127.0.0.1:3000/api/health');
        });

        it('has the standalone server, static assets and public/, no sources and no development dependencies', () => {
          expect(files.app).toEqual(expect.arrayContaining(['server.js', 'public/logo.svg', '.next/BUILD_ID']));
          expect(files.app.some((path) => path.startsWith('.next/static/chunks/'))).toBe(true);
          expect(files.app.filter((path) => path.startsWith('pages/') || path.endsWith('.tsx'))).toEqual([]);
          expect(files.nodeModules).toEqual(expect.arrayContaining(['next', 'react', 'react-dom']));
          // None of the fixture's development dependencies (typescript, @types/*, ts-node), at any depth.
          const development = devDependenciesOf(folder);
          expect(development).toEqual(expect.arrayContaining(['typescript', '@types/react']));
          expect(files.nodeModules.filter((name) => development.includes(name))).toEqual([]);
          // The one folder the server writes to belongs to the user it runs as.
          expect(files.cacheOwner).toBe(variant.uid);
        });

        it('answers the API route and renders the page on the server; its health check is healthy', async () => {
          const health = await container!.answer('/api/health');
          expect(health).toMatchObject({ status: 'ok', uid: variant.uid, hostname: '0.0.0.0', port: '3000' });
          expect(health.node).toMatch(/^v26\./);
          const page = await container!.get('/');
          expect(page.status).toBe(200);
          expect(page.body).toMatch(/rendered by (<!-- -->)?node v26\./);
          const chunk = /src="(\/_next\/static\/chunks\/[^"]+\.js)"/.exec(page.body)?.[1];
          expect(chunk).toBeDefined();
          expect((await container!.get(chunk!)).status).toBe(200);
          expect((await container!.get('/logo.svg')).body).toContain('<svg');
          expect(await container!.healthy()).toBe(true);
        });
      });
    }

    it('after a source edit, rebuilds from the sources on: the install is reused, next build runs again', () => {
      const page = join(context, 'pages', 'index.tsx');
      // A new text each run: the layer cache keeps the layers of an edit an earlier run made.
      writeFileSync(page, readFileSync(page, 'utf-8').replace(/<h1>nextjs-app[^<]*<\/h1>/, `<h1>nextjs-app, edit ${randomUUID()}</h1>`));
      const { log } = builder.build({ context, tag: `localhost/pnd-e2e/nextjs-app:edited-${suffix}`, target: 'runtime', secrets: { npmrc: secret } });
      const steps = builder.steps(log);
      const install = steps.find((step) => /npm ci$/.test(step.instruction));
      const compile = steps.find((step) => step.instruction.includes('next build'));
      // On failure, the steps say which layer the cache answered for.
      const trace = steps.map((step) => `${step.cached ? 'cached' : 'built '} ${step.instruction.slice(0, 100)}`).join('\n');
      expect(install, trace).toMatchObject({ cached: true });
      expect(compile, trace).toMatchObject({ cached: false });
    }, 900_000);
  });
}
