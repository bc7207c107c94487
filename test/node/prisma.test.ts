import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { javascript, typescript, web } from 'projen';
import { describe, expect, it } from 'vitest';
import { HealthCheck, NodeDockerImage, NodeDockerImageProps, Runtime } from '../../src';
import { synthDockerfile } from '../dockerfile-lint';
import { messageOf, temporaryOutdir, typescriptTestProject } from '../util';

/*
 * Prisma recognised from the project's dependencies. What these machines cannot reach is left to
 * the end-to-end test's notes: the Rust engines (Prisma 6 and older) and the schema engine that
 * migrations use are downloaded from a host outside the package registries.
 */

const PRISMA_7 = {
  deps: ['@prisma/client@7.10.0', '@prisma/adapter-better-sqlite3@7.10.0', 'better-sqlite3@12.11.1'],
  devDeps: ['prisma@7.10.1'],
};
const CLIENT_GENERATOR = 'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n}\n';
const RUST_GENERATOR = (targets?: string) => `generator client {\n  provider = "prisma-client-js"\n${targets ? `  binaryTargets = ${targets}\n` : ''}}\n\ndatasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n`;

/** A TypeScript service with a Prisma schema written before the image is declared. */
function prismaProject(schema: string | undefined, options: Partial<typescript.TypeScriptProjectOptions> = PRISMA_7): typescript.TypeScriptProject {
  const project = typescriptTestProject(options);
  if (schema !== undefined) {
    mkdirSync(join(project.outdir, 'prisma'));
    writeFileSync(join(project.outdir, 'prisma', 'schema.prisma'), schema);
  }
  return project;
}

function dockerfileOf(project: typescript.TypeScriptProject, props: NodeDockerImageProps = {}, path = 'Dockerfile'): string {
  new NodeDockerImage(project, 'Api', { healthCheck: HealthCheck.http('/health'), dockerfilePath: path, ...props });
  return synthDockerfile(project, path).text;
}

function refusal(project: typescript.TypeScriptProject, props: NodeDockerImageProps = {}): { message?: string; written: boolean } {
  new NodeDockerImage(project, 'Api', props);
  const message = messageOf(() => project.synth());
  return { message, written: existsSync(join(project.outdir, 'Dockerfile')) };
}

describe('NodeDockerImage on a service that uses Prisma', () => {
  it('Prisma 7 (prisma-client, driver adapter): generates the client before the sources, compiles it with them, no engine, no openssl', () => {
    const project = prismaProject(CLIENT_GENERATOR);
    const text = dockerfileOf(project);
    const build = text.slice(text.indexOf('AS build'), text.indexOf('AS runtime'));
    expect(build).toContain('COPY prisma ./prisma\nCOPY tsconfig.json ./tsconfig.json\nRUN prisma generate\nCOPY src ./src\nRUN tsc --build\n');
    expect(text).not.toContain('openssl');
    expect(text).not.toContain('.prisma');
    expect(text).not.toContain('migrate');
    expect(text).toContain('CMD ["node", "lib/index.js"]');
    // The client generated from the schema is never taken from the build context.
    expect(readFileSync(join(project.outdir, '.dockerignore'), 'utf-8').split('\n')).toContain('src/generated/prisma');
  });

  it('the Rust engine (prisma-client-js, Prisma 6): openssl in the runtime, and the generated client copied from the build', () => {
    const project = prismaProject(RUST_GENERATOR(), { deps: ['@prisma/client@6.19.0'], devDeps: ['prisma@6.19.0'] });
    const text = dockerfileOf(project);
    const runtime = text.slice(text.indexOf('AS runtime'));
    expect(runtime).toContain('apt-get install -y --no-install-recommends openssl');
    expect(runtime).toContain('COPY --from=build /app/node_modules/.prisma ./node_modules/.prisma\n');
  });

  it('on alpine, the Rust engine gets the musl build of openssl from apk; binaryTargets with the runtime\'s target are accepted', () => {
    const project = prismaProject(RUST_GENERATOR('["linux-musl-openssl-3.0.x"]'), { deps: ['@prisma/client@6.19.0'], devDeps: ['prisma@6.19.0'] });
    expect(dockerfileOf(project, { runtime: Runtime.alpine() })).toContain('apk add --no-cache openssl');
  });

  it('copies the schema before the install when the project\'s postinstall generates the client', () => {
    const project = prismaProject(CLIENT_GENERATOR);
    project.package.setScript('postinstall', 'prisma generate');
    const text = dockerfileOf(project);
    const deps = text.slice(text.indexOf('AS deps'), text.indexOf('AS build'));
    expect(deps).toMatch(/COPY package\.json package-lock\.json \.\/\nCOPY prisma \.\/prisma\nCOPY tsconfig\.json \.\/tsconfig\.json\nRUN /);
  });

  it('runs prisma migrate deploy before node when migrateOnStart is set, with the schema folder in the runtime; never in the build', () => {
    const project = prismaProject(CLIENT_GENERATOR, { deps: [...PRISMA_7.deps, 'prisma@7.10.1'] });
    const text = dockerfileOf(project, { prisma: { migrateOnStart: true } });
    expect(text).toContain('COPY --from=build /app/prisma ./prisma\n');
    expect(text).toContain('CMD ["/bin/sh", "-c", "node_modules/.bin/prisma migrate deploy && exec node lib/index.js"]');
    expect(text.slice(0, text.indexOf('AS runtime'))).not.toContain('migrate');
  });

  it('in a Next.js app: generated after the install and before the sources, so next build bundles it', () => {
    const options = { name: 'web', defaultReleaseBranch: 'main', outdir: temporaryOutdir(), github: false, sampleCode: false, tailwind: false };
    const project = new web.NextJsTypeScriptProject({ ...options, packageManager: javascript.NodePackageManager.NPM, ...PRISMA_7 });
    mkdirSync(join(project.outdir, 'prisma'));
    writeFileSync(join(project.outdir, 'prisma', 'schema.prisma'), CLIENT_GENERATOR);
    const text = dockerfileOf(project);
    expect(text).toMatch(/ENV PATH="\/app\/node_modules\/\.bin:\$PATH"\nCOPY prisma \.\/prisma\nCOPY tsconfig\.json \.\/tsconfig\.json\nRUN prisma generate\nCOPY \. \.\/\n/);
  });

  it('can be turned off, or pointed at a schema folder', () => {
    const off = dockerfileOf(prismaProject(CLIENT_GENERATOR), { prisma: { enabled: false } });
    expect(off).not.toContain('prisma generate');
    const project = prismaProject(undefined);
    mkdirSync(join(project.outdir, 'db'));
    writeFileSync(join(project.outdir, 'db', 'schema.prisma'), CLIENT_GENERATOR.replace('../src/generated/prisma', '../src/db'));
    const text = dockerfileOf(project, { prisma: { schema: 'db' } });
    expect(text).toContain('COPY db ./db\nCOPY tsconfig.json ./tsconfig.json\nRUN prisma generate --schema db\n');
  });
});

describe('NodeDockerImage on Prisma: refused at synthesis, with nothing written', () => {
  it('the Rust engine on a runtime that the schema\'s binaryTargets have no engine for', () => {
    const project = prismaProject(RUST_GENERATOR('["debian-openssl-3.0.x"]'), { deps: ['@prisma/client@6.19.0'], devDeps: ['prisma@6.19.0'] });
    expect(refusal(project, { runtime: Runtime.alpine() })).toEqual({
      written: false,
      message: 'Nothing was written: 1 problem found.\n'
        + '  [PrismaEngineMismatch] Api: the schema\'s binaryTargets (debian-openssl-3.0.x) have no engine for the alpine runtime, which needs "linux-musl-openssl-3.0.x", so the client would fail to load.'
        + ' Fix: Add "linux-musl-openssl-3.0.x" (or "native", the build\'s own platform, which is the runtime\'s) to binaryTargets in prisma/schema.prisma.',
    });
  });

  it('Prisma 7\'s prisma-client generator without a driver adapter', () => {
    const project = prismaProject(CLIENT_GENERATOR, { deps: ['@prisma/client@7.10.0'], devDeps: ['prisma@7.10.1'] });
    const { message, written } = refusal(project);
    expect(written).toBe(false);
    expect(message).toContain('[PrismaNotBuildable] Api: the prisma-client generator has no query engine and needs a driver adapter, and the project has no @prisma/adapter-* production dependency.');
  });

  it('a schema that is not where the image looks', () => {
    const { message, written } = refusal(prismaProject(undefined));
    expect(written).toBe(false);
    expect(message).toContain('[PrismaNotBuildable] Api: the Prisma schema "prisma/schema.prisma" is not in the project, so prisma generate would fail in the build.');
  });

  it('migrateOnStart on distroless, and without prisma among the production dependencies', () => {
    const { message, written } = refusal(prismaProject(CLIENT_GENERATOR), { runtime: Runtime.distroless(), prisma: { migrateOnStart: true } });
    expect(written).toBe(false);
    expect(message).toContain('Nothing was written: 2 problems found.');
    expect(message).toContain('[PrismaNotBuildable] Api: migrateOnStart runs prisma migrate deploy before node, which needs a shell, and distroless has none.');
    expect(message).toContain('[PrismaNotBuildable] Api: migrateOnStart runs the prisma CLI in the runtime, which has only production dependencies, and prisma is not one.');
  });
});
