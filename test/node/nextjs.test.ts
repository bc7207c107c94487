import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { javascript, web } from 'projen';
import { describe, expect, it, vi } from 'vitest';
import { HealthCheck, ImagePreset, NodeDockerImage, NodeDockerImageProps, Runtime } from '../../src';
import { synthDockerfile } from '../dockerfile-lint';
import { messageOf, temporaryOutdir, typescriptTestProject } from '../util';

const NEXT_OPTIONS = {
  name: 'web',
  defaultReleaseBranch: 'main',
  github: false,
  packageManager: javascript.NodePackageManager.NPM,
  sampleCode: false,
  tailwind: false,
};

/** A projen Next.js TypeScript project in a fresh folder, with files written there before it is declared. */
function nextTypeScriptProject(files: Record<string, string> = {}): web.NextJsTypeScriptProject {
  const outdir = temporaryOutdir();
  Object.entries(files).forEach(([path, text]) => writeFileSync(join(outdir, path), text));
  return new web.NextJsTypeScriptProject({ ...NEXT_OPTIONS, outdir });
}

/** The Dockerfile's instructions of one stage, each as keyword and arguments on one line. */
function imageOf(project: javascript.NodeProject, props: NodeDockerImageProps = {}) {
  new NodeDockerImage(project, 'Web', { healthCheck: HealthCheck.http('/api/health'), ...props });
  const { text, parsed } = synthDockerfile(project);
  const froms = parsed.getFROMs();
  const instructions = (stage: string) => {
    const index = froms.findIndex((from) => from.getBuildStage() === stage);
    const start = froms[index].getRange().start.line;
    const end = froms[index + 1]?.getRange().start.line ?? Number.MAX_SAFE_INTEGER;
    return parsed.getInstructions()
      .filter((instruction) => instruction.getRange().start.line > start && instruction.getRange().start.line < end)
      .map((instruction) => `${instruction.getKeyword()} ${instruction.getArgumentsContent()?.replace(/\s+/g, ' ')}`);
  };
  return { text, stages: froms.map((from) => from.getBuildStage()), instructions };
}

/** The runtime's last instructions: the per-commit metadata, after every layer. */
const BUILD_METADATA = ['ARG REVISION=unknown', 'ARG CREATED=unknown', 'LABEL org.opencontainers.image.revision="${REVISION}" org.opencontainers.image.created="${CREATED}"'];

/** What synthesis refuses with, and whether it wrote the Dockerfile anyway. */
function refusal(project: javascript.NodeProject, props: NodeDockerImageProps = {}): { message?: string; written: boolean } {
  new NodeDockerImage(project, 'Web', props);
  const message = messageOf(() => project.synth());
  return { message, written: existsSync(join(project.outdir, 'Dockerfile')) };
}

describe('NodeDockerImage on projen\'s Next.js projects: the standalone image', () => {
  it('builds a NextJsTypeScriptProject (minNodeVersion 16.14.0) on the newest LTS line that the range allows', () => {
    const project = nextTypeScriptProject();
    expect(project.minNodeVersion).toBe('16.14.0');
    const { text, stages, instructions } = imageOf(project);
    expect(text).toContain('FROM node:26-trixie-slim AS base\n');
    // No production-dependency stage: the standalone output carries the dependencies Next.js traced.
    expect(stages).toEqual(['base', 'build', 'runtime']);
    expect(instructions('build')).toEqual([
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'ENV PATH="/app/node_modules/.bin:$PATH"',
      'COPY . ./',
      'RUN rm -rf .npmrc .yarnrc .yarnrc.yml .yarn bunfig.toml .pnp.cjs .pnp.loader.mjs',
      'ENV NEXT_TELEMETRY_DISABLED=1',
      'RUN tsc --build && next build && if [ ! -f .next/standalone/server.js ]; then echo '
        + '"next build wrote no .next/standalone/server.js: set output: \'standalone\' in the Next.js configuration" >&2; exit 1; fi '
        + '&& mkdir -p public .next/runtime-cache',
    ]);
    expect(text).toContain('RUN --mount=type=cache,target=/app/.next/cache,id=next-web,sharing=locked \\\n    tsc --build \\\n    && next build');
    const runtime = instructions('runtime');
    expect(runtime).toContain('ENV NODE_ENV=production HOSTNAME=0.0.0.0 PORT=3000 NEXT_TELEMETRY_DISABLED=1');
    expect(runtime.filter((line) => line.startsWith('COPY'))).toEqual([
      'COPY /app/public ./public',
      'COPY /app/.next/standalone ./',
      'COPY /app/.next/static ./.next/static',
      'COPY /app/.next/runtime-cache ./.next/cache',
    ]);
    expect(text).toContain('COPY --from=build --chown=1000:1000 /app/.next/runtime-cache ./.next/cache\n');
    expect(runtime).toContain('USER 1000:1000');
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toContain('http://127.0.0.1:3000/api/health');
    expect(runtime.slice(-4)).toEqual(['CMD ["node", "server.js"]', ...BUILD_METADATA]);
    expect(readFileSync(join(project.outdir, '.dockerignore'), 'utf-8').split('\n')).toEqual(expect.arrayContaining(['.next', 'out']));
  });

  it('writes next.config.mjs with output: \'standalone\', as a projen file', () => {
    const project = nextTypeScriptProject();
    imageOf(project);
    const config = readFileSync(join(project.outdir, 'next.config.mjs'), 'utf-8');
    expect(config).toContain('~~ Generated by projen');
    expect(config).toMatch(/const config = \{\n {2}output: 'standalone',\n\};\n\nexport default config;\n$/);
    expect(readFileSync(join(project.outdir, '.gitignore'), 'utf-8')).toContain('!/next.config.mjs');
  });

  it('keeps the project\'s own next.config.js when it sets output: \'standalone\', and writes none', () => {
    const own = 'module.exports = {\n  reactStrictMode: true,\n  output: "standalone",\n};\n';
    const project = nextTypeScriptProject({ 'next.config.js': own });
    imageOf(project);
    expect(readFileSync(join(project.outdir, 'next.config.js'), 'utf-8')).toBe(own);
    expect(existsSync(join(project.outdir, 'next.config.mjs'))).toBe(false);
  });

  it('runs server.js on distroless, where node is the entrypoint, as uid 65532 with a writable .next/cache', () => {
    const { text, instructions } = imageOf(nextTypeScriptProject(), { runtime: Runtime.distroless() });
    const runtime = instructions('runtime');
    expect(runtime.slice(-4)).toEqual(['CMD ["server.js"]', ...BUILD_METADATA]);
    expect(runtime).toContain('USER 65532:65532');
    expect(text).toContain('COPY --from=build --chown=65532:65532 /app/.next/runtime-cache ./.next/cache\n');
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toContain('"/nodejs/bin/node", "-e"');
  });

  it('builds a JavaScript NextJsProject the same way, with its compile task (next build)', () => {
    const project = new web.NextJsProject({ ...NEXT_OPTIONS, outdir: temporaryOutdir() });
    const { stages, instructions } = imageOf(project, { ports: [8080] });
    expect(stages).toEqual(['base', 'build', 'runtime']);
    expect(instructions('build').at(-1)).toMatch(/^RUN next build && if \[ ! -f \.next\/standalone\/server\.js \]/);
    expect(instructions('runtime')).toContain('ENV NODE_ENV=production HOSTNAME=0.0.0.0 PORT=8080 NEXT_TELEMETRY_DISABLED=1');
    expect(instructions('runtime').find((line) => line.startsWith('HEALTHCHECK'))).toContain('http://127.0.0.1:8080/api/health');
  });

  it('passes NEXT_PUBLIC_* build arguments to next build, in the build stage only', () => {
    const { instructions } = imageOf(nextTypeScriptProject(), { buildArgs: { NEXT_PUBLIC_APP_NAME: 'shop' } });
    expect(instructions('build')).toContain('ARG NEXT_PUBLIC_APP_NAME=shop');
    expect(instructions('build').indexOf('ARG NEXT_PUBLIC_APP_NAME=shop')).toBeLessThan(instructions('build').findIndex((line) => line.includes('next build')));
    expect(instructions('runtime').some((line) => line.includes('NEXT_PUBLIC_APP_NAME'))).toBe(false);
  });

  it('warns that NEXT_PUBLIC_* in environment only reach the server, and still writes the image', () => {
    const project = nextTypeScriptProject();
    const warn = vi.spyOn(project.logger, 'warn');
    const { instructions } = imageOf(project, { environment: { NEXT_PUBLIC_APP_NAME: 'shop', API_URL: 'http://api:3000' } });
    expect(instructions('runtime')).toContain('ENV NODE_ENV=production HOSTNAME=0.0.0.0 PORT=3000 NEXT_TELEMETRY_DISABLED=1 NEXT_PUBLIC_APP_NAME=shop API_URL=http://api:3000');
    expect(warn.mock.calls.map((call) => call.join(' ')).filter((line) => line.includes('[NextPublicAtRunTime]'))).toEqual([
      '[NextPublicAtRunTime] Web: NEXT_PUBLIC_APP_NAME in environment only reach the server: next build inlines NEXT_PUBLIC_* into the browser\'s code,'
        + ' so the browser sees what the build saw. Fix: Pass them as buildArgs (build arguments of the build stage), and rebuild the image to change them.',
    ]);
  });

  it('takes the Next.js preset on another project type that depends on next', () => {
    const project = typescriptTestProject({ deps: ['next', 'react', 'react-dom'] });
    writeFileSync(join(project.outdir, 'next.config.js'), 'module.exports = { output: \'standalone\' };\n');
    const { stages, instructions } = imageOf(project, { preset: ImagePreset.NEXTJS });
    expect(stages).toEqual(['base', 'build', 'runtime']);
    expect(instructions('runtime').slice(-4)).toEqual(['CMD ["node", "server.js"]', ...BUILD_METADATA]);
  });
});

describe('NodeDockerImage on Next.js: refused at synthesis, with nothing written', () => {
  it('a next.config.js that sets another output (a static export)', () => {
    const project = nextTypeScriptProject({ 'next.config.js': '/** @type {import(\'next\').NextConfig} */\nmodule.exports = { output: \'export\' };\n' });
    expect(refusal(project)).toEqual({
      written: false,
      message: 'Nothing was written: 1 problem found.\n'
        + '  [NextOutputNotStandalone] Web: next.config.js sets output: \'export\', and the image runs the standalone server, which only output: \'standalone\' writes.'
        + ' Fix: Set output: \'standalone\' in next.config.js, or delete next.config.js and run "npx projen" to have the image write next.config.mjs.'
        + ' A static export needs no Node.js server: serve its out/ folder with a web server image instead.',
    });
  });

  it('a next.config.ts that sets no output at all', () => {
    const project = nextTypeScriptProject({ 'next.config.ts': 'import type { NextConfig } from \'next\';\n// output: \'standalone\' is not set\nexport default { reactStrictMode: true } satisfies NextConfig;\n' });
    const { message, written } = refusal(project);
    expect(written).toBe(false);
    expect(message).toContain('[NextOutputNotStandalone] Web: next.config.ts does not set output, so next build writes no .next/standalone for the image to run.');
  });

  it('a PORT in environment that is not the port the image exposes and checks', () => {
    const { message, written } = refusal(nextTypeScriptProject(), { environment: { PORT: '8080' }, healthCheck: HealthCheck.http('/api/health') });
    expect(written).toBe(false);
    expect(message).toContain('[InvalidHealthCheck] Web: environment PORT is "8080", but the image exposes and checks port 3000, and server.js listens on PORT.'
      + ' Fix: Leave PORT out of environment (the image sets it to the first port), or set ports: [8080].');
  });

  it('the Next.js preset on a project that does not depend on next', () => {
    const project = typescriptTestProject();
    writeFileSync(join(project.outdir, 'next.config.js'), 'module.exports = { output: \'standalone\' };\n');
    const { message, written } = refusal(project, { preset: ImagePreset.NEXTJS });
    expect(written).toBe(false);
    expect(message).toContain('[PresetMismatch] Web: the Next.js preset builds with next build, and "next" is not a dependency of the project.');
  });
});
