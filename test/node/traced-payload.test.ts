import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { web } from 'projen';
import { describe, expect, it } from 'vitest';
import { HealthCheck, NodeDockerImage, NodeDockerImageProps, Runtime, RuntimePayload } from '../../src';
import { entriesOf, TRACER } from '../../src/node/traced-payload';
import { synthDockerfile } from '../dockerfile-lint';
import { javascriptTestProject, messageOf, temporaryOutdir, typescriptTestProject } from '../util';

function tracedDockerfile(props: NodeDockerImageProps = {}) {
  const project = typescriptTestProject({ deps: ['fastify@5.6.1', 'pino@9.13.0'] });
  new NodeDockerImage(project, 'Api', { healthCheck: HealthCheck.http('/health'), payload: RuntimePayload.traced(), ...props });
  return synthDockerfile(project);
}

/** The settings the trace step passes its program: the last argument of its exec-form RUN. */
function traceSettings(text: string): { entries: string[]; dependencies: string[]; include: string[]; base: string; tracer: string; out: string } {
  const line = text.split('\n').find((candidate) => candidate.startsWith('RUN ["node", "-e"'))!;
  const argv = JSON.parse(line.slice('RUN '.length)) as string[];
  expect(argv).toHaveLength(4);
  return JSON.parse(argv[3]);
}

function refusal(props: NodeDockerImageProps): { message?: string; written: boolean } {
  const project = typescriptTestProject();
  new NodeDockerImage(project, 'Api', props);
  const message = messageOf(() => project.synth());
  return { message, written: existsSync(join(project.outdir, 'Dockerfile')) };
}

describe('RuntimePayload.traced()', () => {
  it('traces in a stage of its own, on the production dependencies, and gives the runtime only the payload, dependencies first', () => {
    const { text, parsed } = tracedDockerfile();
    expect(parsed.getFROMs().map((from) => [from.getBuildStage(), from.getImageName()])).toEqual([
      ['base', 'node'], ['deps', 'base'], ['build', 'base'], ['trace', 'deps'], ['runtime', 'base'],
    ]);
    const trace = text.slice(text.indexOf('AS trace\n'), text.indexOf('AS runtime'));
    // Built on them: a rebuild hashes no node_modules to find a COPY of them in the cache.
    expect(trace).not.toContain('--from=deps');
    expect(trace).not.toContain('COPY package.json');
    expect(trace).toContain('COPY --from=build /app/lib ./lib');
    const runtime = text.slice(text.indexOf('AS runtime'));
    const copies = runtime.split('\n').filter((line) => line.startsWith('COPY'));
    expect(copies).toEqual(['COPY --from=trace /payload/dependencies/ /app/', 'COPY --from=trace /payload/service/ /app/']);
    expect(runtime).not.toContain('/opt/tracer');
    expect(runtime).not.toContain('--from=deps');
  });

  it('installs the tracer at its pinned version, its dependencies as published before a fixed time, without their install scripts', () => {
    const { text, parsed } = tracedDockerfile();
    const trace = parsed.getInstructions().filter((instruction) => instruction.getKeyword() === 'RUN' && instruction.getTextContent().includes('/opt/tracer'));
    // Installed first in the trace stage, before the service's files: a source edit keeps that layer.
    const install = trace[0].getTextContent();
    expect(install).toContain('npm install --prefix /opt/tracer');
    expect(install).toContain(`${TRACER.name}@${TRACER.version}`);
    expect(TRACER.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(install).toMatch(/--before=2026-11-28T00:00:00Z/);
    expect(install).toContain('--ignore-scripts');
    const traceStage = text.slice(text.indexOf('AS trace\n'), text.indexOf('AS runtime'));
    expect(traceStage.indexOf('npm install --prefix /opt/tracer')).toBeLessThan(traceStage.indexOf('COPY '));
    expect(text.match(/npm install --prefix \/opt\/tracer/g)).toHaveLength(1);
  });

  it('traces from the entry point and each production dependency, and always takes package.json', () => {
    const settings = traceSettings(tracedDockerfile({ runtimeFiles: ['config'] }).text);
    expect(settings.entries).toEqual(['lib/index.js']);
    expect(settings.dependencies).toEqual(['fastify', 'pino']);
    expect(settings.include).toEqual(['package.json', 'config']);
    expect(settings).toMatchObject({ base: '/app', tracer: '/opt/tracer', out: '/payload' });
  });

  it('traces the .js files of a command and the entry points given, not its options', () => {
    expect(entriesOf(['--enable-source-maps', '-r', './otel.cjs', 'dist/main.mjs', 'serve'])).toEqual(['./otel.cjs', 'dist/main.mjs']);
    const settings = traceSettings(tracedDockerfile({
      command: ['--enable-source-maps', 'lib/server.js'],
      payload: RuntimePayload.traced({ entryPoints: ['lib/worker.js'], include: ['node_modules/swagger-ui-dist/*.css'] }),
    }).text);
    expect(settings.entries).toEqual(['lib/server.js', 'lib/worker.js']);
    expect(settings.include).toEqual(['package.json', 'node_modules/swagger-ui-dist/*.css']);
  });

  it('passes hostile values as one JSON argument of an exec-form RUN: no shell reads them', () => {
    const { text } = tracedDockerfile({ payload: RuntimePayload.traced({ include: ['data/{a,b}/*.json'] }) });
    expect(traceSettings(text).include).toContain('data/{a,b}/*.json');
  });

  it('for a JavaScript service, copies the service\'s files straight into the trace stage (no sources stage), and the trace deletes the package manager\'s settings first', () => {
    const project = javascriptTestProject({ deps: ['express@5.1.0'] });
    new NodeDockerImage(project, 'Api', { healthCheck: HealthCheck.http('/health'), payload: RuntimePayload.traced() });
    const { text, parsed } = synthDockerfile(project);
    expect(parsed.getFROMs().map((from) => from.getBuildStage())).toEqual(['base', 'deps', 'trace', 'runtime']);
    const trace = text.slice(text.indexOf('AS trace\n'), text.indexOf('AS runtime'));
    expect(trace.split('\n').filter((line) => line.startsWith('COPY'))).toEqual(['COPY . ./']);
    const settings = traceSettings(text) as unknown as { settingsFiles: string[]; entries: string[] };
    expect(settings.entries).toEqual(['src/server.js']);
    expect(settings.settingsFiles).toEqual(expect.arrayContaining(['.npmrc', '.yarnrc.yml', '.yarn', 'bunfig.toml']));
    expect(text.slice(text.indexOf('AS runtime'))).not.toContain('COPY . ');
  });

  it('also traces for distroless, in a stage of the Node.js image', () => {
    const { text, parsed } = tracedDockerfile({ runtime: Runtime.distroless() });
    expect(parsed.getFROMs().map((from) => [from.getBuildStage(), from.getImageName()])).toEqual(expect.arrayContaining([['deps', 'base'], ['trace', 'deps']]));
    expect(text.slice(text.indexOf('AS runtime'))).toContain('COPY --from=trace /payload/service/ /app/');
  });

  it('leaves the untraced image as it was by default', () => {
    const { text } = tracedDockerfile({ payload: RuntimePayload.productionDependencies() });
    expect(text).not.toContain('AS trace');
    expect(text).toContain('COPY --from=deps /app/node_modules ./node_modules');
  });

  it.each([
    ['../outside/**', 'leads out of the project'],
    ['/etc/passwd', 'absolute'],
    ['!node_modules/**', 'negation'],
    ['data/$(touch pwned)', 'characters'],
    ['data/\n*.json', 'characters'],
    ['', 'empty'],
  ])('refuses the include pattern %j, naming the image, and writes nothing', (pattern, what) => {
    const { message, written } = refusal({ payload: RuntimePayload.traced({ include: [pattern] }) });
    expect(message).toContain('[InvalidPath] Api:');
    expect(message).toContain(what);
    expect(written).toBe(false);
  });

  it('refuses an entry point outside the project', () => {
    const { message, written } = refusal({ payload: RuntimePayload.traced({ entryPoints: ['../other/worker.js'] }) });
    expect(message).toMatch(/\[InvalidPath\] Api: traced entry point "\.\.\/other\/worker\.js" leads out of the project/);
    expect(written).toBe(false);
  });

  it('refuses a service that uses Prisma, which loads its client from computed paths', () => {
    const project = typescriptTestProject({ deps: ['@prisma/client@7.10.0', '@prisma/adapter-libsql@7.10.0'], devDeps: ['prisma@7.10.1'] });
    mkdirSync(join(project.outdir, 'prisma'));
    writeFileSync(join(project.outdir, 'prisma', 'schema.prisma'), 'generator client {\n  provider = "prisma-client"\n  output   = "../src/generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n}\n');
    new NodeDockerImage(project, 'Api', { payload: RuntimePayload.traced() });
    const message = messageOf(() => project.synth());
    expect(message).toContain('[UntraceablePayload] Api: a service that uses Prisma');
    expect(existsSync(join(project.outdir, 'Dockerfile'))).toBe(false);
  });
});

describe('a traced payload for Next.js', () => {
  function nextProject(): web.NextJsTypeScriptProject {
    return new web.NextJsTypeScriptProject({ name: 'web', defaultReleaseBranch: 'main', outdir: temporaryOutdir(), github: false, sampleCode: false, projenrcTs: false });
  }

  it('keeps the standalone output, which Next.js has traced: no second trace', () => {
    const traced = nextProject();
    new NodeDockerImage(traced, 'Web', { payload: RuntimePayload.traced() });
    const untraced = nextProject();
    new NodeDockerImage(untraced, 'Web');
    const text = synthDockerfile(traced).text;
    expect(text).not.toContain('AS trace');
    expect(text).toBe(synthDockerfile(untraced).text);
  });

  it('refuses include and entryPoints, which it would not read, and says where Next.js takes them', () => {
    const project = nextProject();
    new NodeDockerImage(project, 'Web', { payload: RuntimePayload.traced({ include: ['data/**'] }) });
    const message = messageOf(() => project.synth());
    expect(message).toContain('[UntraceablePayload] Web:');
    expect(message).toContain('outputFileTracingIncludes');
  });
});
