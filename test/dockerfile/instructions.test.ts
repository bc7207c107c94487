import { Copy, Env, Healthcheck, Label, Run } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import {
  CacheSharing, Comment, Dockerfile, DockerfileStage, Duration, EnvInstruction, Protocol, RunMount, StageBase,
} from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { testProject } from '../util';

function stage(): { dockerfile: Dockerfile; app: DockerfileStage } {
  const dockerfile = new Dockerfile(testProject());
  const app = dockerfile.addStage('app', { from: StageBase.image('node:24-trixie-slim') });
  return { dockerfile, app };
}

/** Renders the Dockerfile, lints it, and returns the parsed instructions after FROM. */
function parsedInstructions(dockerfile: Dockerfile) {
  const parsed = lintDockerfile(dockerfile.render());
  return parsed.getInstructions().filter((instruction) => instruction.getKeyword() !== 'FROM');
}

describe('each instruction renders and parses back', () => {
  it('ARG with and without a default', () => {
    const { dockerfile, app } = stage();
    app.addArg('VERSION');
    app.addArg('MESSAGE', 'hello world');
    app.addUser('1000');
    const [plain, withDefault] = parsedInstructions(dockerfile);
    expect(dockerfile.render()).toContain('ARG VERSION\nARG MESSAGE="hello world"\n');
    expect(plain.getKeyword()).toBe('ARG');
    expect((withDefault as unknown as Env).getProperties().map((p) => [p.getName(), p.getValue()])).toEqual([['MESSAGE', 'hello world']]);
  });

  it('ENV with several variables, literal and expanded', () => {
    const { dockerfile, app } = stage();
    app.addEnv({ NODE_ENV: 'production', PORT: '3000' });
    app.addInstruction(new EnvInstruction({ variables: { PATH: '/app/node_modules/.bin:$PATH' }, expandVariables: true }));
    app.addUser('1000');
    expect(dockerfile.render()).toContain('ENV NODE_ENV=production \\\n    PORT=3000\nENV PATH="/app/node_modules/.bin:$PATH"\n');
    const [env, expanded] = parsedInstructions(dockerfile) as Env[];
    expect(env.getProperties().map((p) => [p.getName(), p.getValue()])).toEqual([['NODE_ENV', 'production'], ['PORT', '3000']]);
    expect(expanded.getProperties()[0].getValue()).toBe('/app/node_modules/.bin:$PATH');
  });

  it('LABEL with OCI keys', () => {
    const { dockerfile, app } = stage();
    app.addLabels({ 'org.opencontainers.image.title': 'api', 'org.opencontainers.image.description': 'An API' });
    app.addUser('1000');
    const [label] = parsedInstructions(dockerfile) as Label[];
    expect(label.getProperties().map((p) => [p.getName(), p.getValue()])).toEqual([
      ['org.opencontainers.image.title', 'api'],
      ['org.opencontainers.image.description', 'An API'],
    ]);
  });

  it('WORKDIR, quoted only when it must be', () => {
    const { dockerfile, app } = stage();
    app.addWorkdir('/app');
    app.addWorkdir('/srv/my app');
    app.addUser('1000');
    expect(dockerfile.render()).toContain('WORKDIR /app\nWORKDIR "/srv/my app"\n');
    expect(parsedInstructions(dockerfile).map((i) => i.getKeyword())).toEqual(['WORKDIR', 'WORKDIR', 'USER']);
  });

  it('USER with and without a group', () => {
    const { dockerfile, app } = stage();
    app.addUser('node');
    app.addUser('1000', '1000');
    expect(dockerfile.render()).toContain('USER node\nUSER 1000:1000\n');
  });

  it('COPY with every flag, in plain and JSON form', () => {
    const { dockerfile, app } = stage();
    const second = dockerfile.addStage('second', { from: StageBase.stage(app) });
    second.addCopy(['/app/dist'], './dist', { fromStage: app, chown: '1000:1000', chmod: '0644' });
    second.addCopy(['my file.txt', 'b.txt'], '/app/data/');
    second.addCopy(['/etc/ssl/certs/ca-certificates.crt'], '/etc/ssl/certs/', { from: 'gcr.io/distroless/static-debian13:nonroot' });
    second.addUser('1000');
    const text = dockerfile.render();
    expect(text).toContain('COPY --from=app --chown=1000:1000 --chmod=0644 /app/dist ./dist\n');
    expect(text).toContain('COPY ["my file.txt", "b.txt", "/app/data/"]\n');
    const copies = parsedInstructions(dockerfile).filter((i) => i.getKeyword() === 'COPY') as Copy[];
    expect(copies[0].getFlags().map((f) => [f.getName(), f.getValue()])).toEqual([['from', 'app'], ['chown', '1000:1000'], ['chmod', '0644']]);
    expect(JSON.parse(copies[1].getArgumentsContent()!)).toEqual(['my file.txt', 'b.txt', '/app/data/']);
    expect(copies[2].getFromFlag()!.getValue()).toBe('gcr.io/distroless/static-debian13:nonroot');
  });

  it('RUN in shell form, as a command list, in exec form, with every mount type', () => {
    const { dockerfile, app } = stage();
    app.addRun('npm ci', {
      mounts: [
        RunMount.cache({ target: '/root/.npm', id: 'npm', sharing: CacheSharing.LOCKED, uid: 1000, gid: 1000, mode: '0755' }),
        RunMount.secret({ id: 'npmrc', target: '/root/.npmrc', required: true }),
        RunMount.bind({ target: '/src', source: 'src' }),
        RunMount.tmpfs({ target: '/tmp', sizeBytes: 1048576 }),
      ],
    });
    app.addRunCommands(['apt-get update', 'apt-get install -y --no-install-recommends tini', 'rm -rf /var/lib/apt/lists/*']);
    app.addRunExec(['node', '-e', 'console.log("built")']);
    app.addUser('1000');
    const text = dockerfile.render();
    expect(text).toContain([
      'RUN --mount=type=cache,target=/root/.npm,id=npm,sharing=locked,uid=1000,gid=1000,mode=0755 \\',
      '    --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true \\',
      '    --mount=type=bind,target=/src,source=src \\',
      '    --mount=type=tmpfs,target=/tmp,size=1048576 \\',
      '    npm ci',
    ].join('\n'));
    expect(text).toContain('RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n');
    expect(text).toContain('RUN ["node", "-e", "console.log(\\"built\\")"]\n');
    const runs = parsedInstructions(dockerfile).filter((i) => i.getKeyword() === 'RUN') as Run[];
    expect(runs[0].getFlags().map((f) => f.getValue())).toEqual([
      'type=cache,target=/root/.npm,id=npm,sharing=locked,uid=1000,gid=1000,mode=0755',
      'type=secret,id=npmrc,target=/root/.npmrc,required=true',
      'type=bind,target=/src,source=src',
      'type=tmpfs,target=/tmp,size=1048576',
    ]);
    expect(runs[0].getArgumentsContent()).toBe('npm ci');
    expect(JSON.parse(runs[2].getArgumentsContent()!)).toEqual(['node', '-e', 'console.log("built")']);
  });

  it('RUN bind mounts from a stage name the stage', () => {
    const { dockerfile, app } = stage();
    const next = dockerfile.addStage('next', { from: StageBase.image('node:24-trixie-slim') });
    next.addRun('cp -r /from/app /app', { mounts: [RunMount.bind({ target: '/from', fromStage: app })] });
    next.addUser('1000');
    expect(dockerfile.render()).toContain('RUN --mount=type=bind,target=/from,from=app \\\n    cp -r /from/app /app\n');
    lintDockerfile(dockerfile.render());
  });

  it('EXPOSE, STOPSIGNAL, SHELL, VOLUME, ENTRYPOINT and CMD', () => {
    const { dockerfile, app } = stage();
    app.addShell(['/bin/bash', '-o', 'pipefail', '-c']);
    app.addExpose(3000);
    app.addExpose(5353, Protocol.UDP);
    app.addVolume(['/data', '/var/lib/my data']);
    app.addStopSignal('SIGINT');
    app.addUser('1000');
    app.addEntrypoint(['/usr/bin/tini', '--']);
    app.addCmd(['node', 'dist/main.js']);
    expect(dockerfile.render()).toContain([
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'EXPOSE 3000/tcp',
      'EXPOSE 5353/udp',
      'VOLUME ["/data", "/var/lib/my data"]',
      'STOPSIGNAL SIGINT',
      'USER 1000',
      'ENTRYPOINT ["/usr/bin/tini", "--"]',
      'CMD ["node", "dist/main.js"]',
    ].join('\n'));
    expect(parsedInstructions(dockerfile).map((i) => i.getKeyword())).toEqual([
      'SHELL', 'EXPOSE', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'USER', 'ENTRYPOINT', 'CMD',
    ]);
  });

  it('HEALTHCHECK in exec form with every option, and NONE', () => {
    const { dockerfile, app } = stage();
    app.addHealthcheck({
      command: ['node', '-e', "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1))"],
      interval: Duration.minutes(1.5),
      timeout: Duration.seconds(5),
      startPeriod: Duration.seconds(20),
      retries: 3,
    });
    app.addUser('1000');
    const other = dockerfile.addStage('other', { from: StageBase.stage(app) });
    other.disableHealthcheck();
    const text = dockerfile.render();
    expect(text).toContain('HEALTHCHECK --interval=1m30s --timeout=5s --start-period=20s --retries=3 \\\n    CMD ["node", "-e",');
    expect(text).toContain('HEALTHCHECK NONE\n');
    const [check, none] = parsedInstructions(dockerfile).filter((i) => i.getKeyword() === 'HEALTHCHECK') as Healthcheck[];
    expect(check.getSubcommand()!.getValue()).toBe('CMD');
    expect(check.getFlags().map((f) => [f.getName(), f.getValue()])).toEqual([['interval', '1m30s'], ['timeout', '5s'], ['start-period', '20s'], ['retries', '3']]);
    expect(none.getSubcommand()!.getValue()).toBe('NONE');
  });

  it('comments stand on lines of their own, one # per line', () => {
    const { dockerfile, app } = stage();
    app.addWorkdir('/app');
    app.addComment('Install production dependencies only.\nDevelopment ones stay in the build stage. # not a trailing comment');
    app.addInstruction(new Comment({ text: 'second' }));
    app.addUser('1000');
    const text = dockerfile.render();
    expect(text).toContain('WORKDIR /app\n\n# Install production dependencies only.\n# Development ones stay in the build stage. # not a trailing comment\n\n# second\nUSER 1000\n');
    expect(lintDockerfile(text).getComments().map((c) => c.getContent())).toContain('Install production dependencies only.');
  });

  it('raw instructions are written as given', () => {
    const { dockerfile, app } = stage();
    app.addRaw('ONBUILD RUN echo "child image"');
    app.addUser('1000');
    expect(dockerfile.render()).toContain('\nONBUILD RUN echo "child image"\nUSER 1000\n');
    expect(parsedInstructions(dockerfile)[0].getKeyword()).toBe('ONBUILD');
  });

  it('Duration renders as Go durations', () => {
    expect(Duration.seconds(30).toDockerString()).toBe('30s');
    expect(Duration.minutes(2).toDockerString()).toBe('2m');
    expect(Duration.seconds(3725).toDockerString()).toBe('1h2m5s');
    expect(Duration.millis(250).toDockerString()).toBe('250ms');
    expect(Duration.seconds(0).toDockerString()).toBe('0s');
  });
});

describe('long RUN commands', () => {
  it('wrap before && and at white space outside quotes, indenting wrapped arguments deeper', () => {
    const { dockerfile, app } = stage();
    const packages = Array.from({ length: 14 }, (_, i) => `package-number-${i}`).join(' ');
    app.addRunCommands(['apt-get update', `apt-get install -y --no-install-recommends ${packages}`, 'echo "a quoted   string that must stay whole, spaces and all"']);
    app.addUser('1000');
    const text = dockerfile.render();
    const run = text.slice(text.indexOf('RUN'), text.indexOf('USER'));
    const lines = run.trimEnd().split('\n');
    expect(lines.every((line) => line.length <= 100)).toBe(true);
    expect(lines[0]).toBe('RUN apt-get update \\');
    expect(lines[1].startsWith('    && apt-get install -y')).toBe(true);
    expect(lines.some((line) => /^ {8}package-number-/.test(line))).toBe(true);
    expect(run).toContain('"a quoted   string that must stay whole, spaces and all"');
    const parsed = parsedInstructions(dockerfile).find((i) => i.getKeyword() === 'RUN')!;
    // The builder joins continuation lines; the command keeps every word in order.
    expect(parsed.getArgumentsContent()!.split(/\s+/).filter(Boolean)).toEqual(
      `apt-get update && apt-get install -y --no-install-recommends ${packages} && echo "a quoted string that must stay whole, spaces and all"`.split(/\s+/),
    );
  });

  it('never start a continuation line with #, which the parser would drop as a comment', () => {
    const { dockerfile, app } = stage();
    app.addRun(`${'x'.repeat(90)} #not-a-comment-but-an-argument`);
    app.addUser('1000');
    const text = dockerfile.render();
    expect(text.split('\n').some((line) => line.trimStart().startsWith('#not'))).toBe(false);
    expect(parsedInstructions(dockerfile)[0].getArgumentsContent()).toContain('#not-a-comment-but-an-argument');
  });

  it('do not split inside command substitutions', () => {
    const { dockerfile, app } = stage();
    app.addRun(`echo "$(printf '%s' "a   b")" ${'y'.repeat(85)}`);
    app.addUser('1000');
    expect(dockerfile.render()).toContain('echo "$(printf \'%s\' "a   b")"');
  });
});
