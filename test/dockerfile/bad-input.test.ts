import { existsSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import {
  BuilderCompatibility, CopyInstruction, Dockerfile, DockerfileProps, DockerfileRule, DockerfileStage, Duration, EnvInstruction,
  HealthcheckInstruction, Protocol, RunMount, StageBase,
} from '../../src';
import { testProject } from '../util';

const STAGE = 'Dockerfile@Dockerfile/app';
const FILE = 'Dockerfile@Dockerfile';

interface BadInput {
  readonly name: string;
  readonly props?: DockerfileProps;
  /** Adds the bad part to a Dockerfile whose one stage, "app", is otherwise valid. */
  readonly configure: (dockerfile: Dockerfile, app: DockerfileStage) => void;
  /** The one error line expected, without the leading two spaces. */
  readonly error: string;
}

const badInputs: BadInput[] = [
  {
    name: 'duplicate stage names',
    configure: (df) => df.addStage('again', { name: 'app', from: StageBase.image('node:24-trixie-slim') }).addUser('1000'),
    error: `[DuplicateStageName] Dockerfile@Dockerfile/again: stage name "app" is already used by ${STAGE}. Fix: Give each stage its own name.`,
  },
  {
    name: 'a stage named scratch',
    configure: (df) => df.addStage('scratch', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000'),
    error: '[ReservedStageName] Dockerfile@Dockerfile/scratch: stage name "scratch" is reserved by builders. Fix: Choose another name, such as "scratch-stage".',
  },
  {
    name: 'a stage named context',
    configure: (df) => df.addStage('Context', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000'),
    error: '[ReservedStageName] Dockerfile@Dockerfile/Context: stage name "Context" is reserved by builders. Fix: Choose another name, such as "context-stage".',
  },
  {
    name: 'an uppercase stage name from the construct id',
    configure: (df) => df.addStage('Runtime', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000'),
    error: '[StageNameCasing] Dockerfile@Dockerfile/Runtime: stage name "Runtime" must be lowercase letters, digits, "-", "_" and ".", starting with a letter. Fix: Pass name: "runtime" (the name defaults to the construct id).',
  },
  {
    name: 'a stage name with a space',
    configure: (df) => df.addStage('last', { name: 'my stage', from: StageBase.image('node:24-trixie-slim') }).addUser('1000'),
    error: '[StageNameCasing] Dockerfile@Dockerfile/last: stage name "my stage" must be lowercase letters, digits, "-", "_" and ".", starting with a letter. Fix: Pass name: "my-stage" (the name defaults to the construct id).',
  },
  {
    name: 'COPY --from the stage itself',
    configure: (_df, app) => app.addCopy(['/x'], '/x', { from: 'app' }),
    error: `[StageReference] ${STAGE}: COPY --from=app in stage "app" names the stage itself. Fix: Only earlier stages can be copied from: there are none before this one.`,
  },
  {
    name: 'COPY --from a later stage (by object)',
    configure: (df, app) => {
      const later = df.addStage('later', { from: StageBase.image('node:24-trixie-slim') });
      app.addCopy(['/x'], '/x', { fromStage: later });
      later.addUser('1000');
    },
    error: `[StageReference] ${STAGE}: COPY --from=later in stage "app" names a later stage. Fix: Only earlier stages can be copied from: create "later" before "app".`,
  },
  {
    name: 'COPY --from a later stage (by name)',
    configure: (df, app) => {
      app.addCopy(['/x'], '/x', { from: 'later' });
      df.addStage('later', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000');
    },
    error: `[StageReference] ${STAGE}: COPY --from=later in stage "app" names a later stage. Fix: Only earlier stages can be copied from: there are none before this one.`,
  },
  {
    name: 'COPY --from a stage that does not exist',
    configure: (_df, app) => app.addCopy(['/x'], '/x', { from: 'buidl' }),
    error: `[StageReference] ${STAGE}: COPY --from=buidl in stage "app" names no stage of this Dockerfile (app) and is not a tagged image reference. Fix: Pass fromStage with the stage object, use an earlier stage's name, or give an image with a tag such as "node:24-trixie-slim".`,
  },
  {
    name: 'COPY --from a stage of another Dockerfile',
    configure: (df, app) => {
      const other = new Dockerfile(df.project, { path: 'other.Dockerfile' });
      const foreign = other.addStage('build', { from: StageBase.image('node:24-trixie-slim'), ignoreRules: [DockerfileRule.ROOT_USER] });
      app.addCopy(['/x'], '/x', { fromStage: foreign });
    },
    error: `[StageReference] ${STAGE}: COPY --from=build in stage "app" names a stage of another Dockerfile. Fix: Only earlier stages can be copied from: create "build" before "app".`,
  },
  {
    name: 'RUN bind mount from a later stage',
    configure: (df, app) => {
      const later = df.addStage('later', { from: StageBase.image('node:24-trixie-slim') });
      app.addRun('ls /src', { mounts: [RunMount.bind({ target: '/src', fromStage: later })] });
      later.addUser('1000');
    },
    error: `[StageReference] ${STAGE}: RUN --mount from=later in stage "app" names a later stage. Fix: Only earlier stages can be copied from: create "later" before "app".`,
  },
  {
    name: 'a relative WORKDIR',
    configure: (_df, app) => app.addWorkdir('app'),
    error: `[WorkdirRelativePath] ${STAGE}: WORKDIR "app" is relative, so it depends on every earlier WORKDIR and on the base image. Fix: Use an absolute path (for example "/app").`,
  },
  {
    name: 'port 70000',
    configure: (_df, app) => app.addExpose(70000),
    error: `[ExposeInvalidFormat] ${STAGE}: EXPOSE port 70000 is not a port number. Fix: Use a whole number from 1 to 65535.`,
  },
  {
    name: 'port 0',
    configure: (_df, app) => app.addExpose(0, Protocol.UDP),
    error: `[ExposeInvalidFormat] ${STAGE}: EXPOSE port 0 is not a port number. Fix: Use a whole number from 1 to 65535.`,
  },
  {
    name: 'an unknown protocol',
    configure: (_df, app) => app.addExpose(53, 'sctp' as Protocol),
    error: `[ExposeInvalidFormat] ${STAGE}: EXPOSE protocol "sctp" is not supported. Fix: Use Protocol.TCP or Protocol.UDP.`,
  },
  {
    name: 'two CMDs',
    configure: (_df, app) => {
      app.addCmd(['node', 'a.js']);
      app.addCmd(['node', 'b.js']);
    },
    error: `[MultipleInstructionsDisallowed] ${STAGE}: stage "app" has 2 CMD instructions; only the last would take effect. Fix: Keep one CMD per stage.`,
  },
  {
    name: 'two ENTRYPOINTs',
    configure: (_df, app) => {
      app.addEntrypoint(['node']);
      app.addEntrypoint(['tini', '--']);
    },
    error: `[MultipleInstructionsDisallowed] ${STAGE}: stage "app" has 2 ENTRYPOINT instructions; only the last would take effect. Fix: Keep one ENTRYPOINT per stage.`,
  },
  {
    name: 'two HEALTHCHECKs',
    configure: (_df, app) => {
      app.addHealthcheck({ command: ['node', 'health.js'] });
      app.disableHealthcheck();
    },
    error: `[MultipleInstructionsDisallowed] ${STAGE}: stage "app" has 2 HEALTHCHECK instructions; only the last would take effect. Fix: Keep one HEALTHCHECK per stage.`,
  },
  {
    name: 'an invalid image reference',
    configure: (df) => df.addStage('other', { from: StageBase.image('Node:24') }).addUser('1000'),
    error: '[InvalidImageReference] Dockerfile@Dockerfile/other: image "Node:24" is not a valid reference: repository path component "Node" must be lowercase letters and digits, separated by ".", "_", "__" or "-". Fix: Write it as [registry/]repository:tag[@sha256:digest], for example "node:24-trixie-slim".',
  },
  {
    name: 'a malformed digest',
    configure: (df) => df.addStage('other', { from: StageBase.image('node:24@sha256:abc') }).addUser('1000'),
    error: '[InvalidImageReference] Dockerfile@Dockerfile/other: image "node:24@sha256:abc" is not a valid reference: digest "sha256:abc" must be an algorithm and a hex value, like sha256:<64 hex characters>. Fix: Write it as [registry/]repository:tag[@sha256:digest], for example "node:24-trixie-slim".',
  },
  {
    name: 'an untagged image',
    configure: (df) => df.addStage('other', { from: StageBase.image('node') }).addUser('1000'),
    error: '[UnpinnedImage] Dockerfile@Dockerfile/other: image "node" has no tag or uses "latest", so every build may get a different image. Fix: Give a version tag (for example "node:24-trixie-slim") or a digest, or ignore rule UnpinnedImage on purpose.',
  },
  {
    name: 'a latest image',
    configure: (df) => df.addStage('other', { from: StageBase.image('gcr.io/distroless/nodejs24-debian13:latest') }).addUser('65532'),
    error: '[UnpinnedImage] Dockerfile@Dockerfile/other: image "gcr.io/distroless/nodejs24-debian13:latest" has no tag or uses "latest", so every build may get a different image. Fix: Give a version tag (for example "node:24-trixie-slim") or a digest, or ignore rule UnpinnedImage on purpose.',
  },
  {
    name: 'COPY --from an untagged image',
    configure: (_df, app) => app.addCopy(['/x'], '/x', { from: 'busybox:latest' }),
    error: `[UnpinnedImage] ${STAGE}: image "busybox:latest" has no tag or uses "latest", so every build may get a different image. Fix: Give a version tag (for example "node:24-trixie-slim") or a digest, or ignore rule UnpinnedImage on purpose.`,
  },
  {
    name: 'a token in an ARG default',
    configure: (_df, app) => app.addArg('NPM_TOKEN', 'abc123'),
    error: `[SecretsUsedInArgOrEnv] ${STAGE}: ARG "NPM_TOKEN" looks like a secret and is given a value, which is stored in the image's history and config. Fix: Pass the secret as a build secret (RunMount.secret({ id: 'npm_token' }) on the RUN that needs it), or ignore rule SecretsUsedInArgOrEnv if the value is not secret.`,
  },
  {
    name: 'a password in ENV',
    configure: (_df, app) => app.addEnv({ DB_PASSWORD: 'hunter2' }),
    error: `[SecretsUsedInArgOrEnv] ${STAGE}: ENV "DB_PASSWORD" looks like a secret and is given a value, which is stored in the image's history and config. Fix: Pass the secret as a build secret (RunMount.secret({ id: 'db_password' }) on the RUN that needs it), or ignore rule SecretsUsedInArgOrEnv if the value is not secret.`,
  },
  {
    name: 'an API key in ENV',
    configure: (_df, app) => app.addEnv({ STRIPE_API_KEY: 'sk_live_x' }),
    error: `[SecretsUsedInArgOrEnv] ${STAGE}: ENV "STRIPE_API_KEY" looks like a secret and is given a value, which is stored in the image's history and config. Fix: Pass the secret as a build secret (RunMount.secret({ id: 'stripe_api_key' }) on the RUN that needs it), or ignore rule SecretsUsedInArgOrEnv if the value is not secret.`,
  },
  {
    name: 'a final stage that switches to root',
    configure: (_df, app) => app.addUser('root'),
    error: `[RootUser] ${STAGE}: the final stage "app" runs as root (USER root). Fix: Add a non-root USER with a numeric id (for example stage.addUser('1000', '1000')), or ignore rule RootUser on purpose.`,
  },
  {
    name: 'a final stage running as uid 0',
    configure: (_df, app) => app.addUser('0', '0'),
    error: `[RootUser] ${STAGE}: the final stage "app" runs as root (USER 0). Fix: Add a non-root USER with a numeric id (for example stage.addUser('1000', '1000')), or ignore rule RootUser on purpose.`,
  },
  {
    name: 'a FROM variable without a global ARG',
    configure: (df) => df.addStage('other', { from: StageBase.image('node:${NODE_MAJOR}-trixie-slim') }).addUser('1000'),
    error: "[UndefinedArgInFrom] Dockerfile@Dockerfile/other: FROM node:${NODE_MAJOR}-trixie-slim uses $NODE_MAJOR, which no ARG before the first FROM declares. Fix: Declare it with dockerfile.addGlobalArg('NODE_MAJOR', '<default>').",
  },
  {
    name: 'a --platform variable that is not declared',
    configure: (df) => df.addStage('other', { from: StageBase.image('node:24-trixie-slim'), platform: '$MY_PLATFORM' }).addUser('1000'),
    error: "[UndefinedArgInFrom] Dockerfile@Dockerfile/other: --platform=$MY_PLATFORM uses $MY_PLATFORM, which is neither a builder platform ARG nor declared before the first FROM. Fix: Use $BUILDPLATFORM, or declare it with dockerfile.addGlobalArg('MY_PLATFORM', '<default>').",
  },
  {
    name: 'a malformed platform',
    configure: (df) => df.addStage('other', { from: StageBase.image('node:24-trixie-slim'), platform: 'amd64' }).addUser('1000'),
    error: '[InvalidValue] Dockerfile@Dockerfile/other: platform "amd64" is not os/arch[/variant] or a variable. Fix: Use a platform such as "linux/amd64" or "linux/arm64/v8", or "$BUILDPLATFORM".',
  },
  {
    name: 'an empty RUN',
    configure: (_df, app) => app.addRun('   '),
    error: `[EmptyInstruction] ${STAGE}: RUN has no command. Fix: Give a command, or remove the RUN.`,
  },
  {
    name: 'an empty exec-form RUN',
    configure: (_df, app) => app.addRunExec([]),
    error: `[EmptyInstruction] ${STAGE}: RUN has no command. Fix: Give a command, or remove the RUN.`,
  },
  {
    name: 'a COPY without sources',
    configure: (_df, app) => app.addCopy([], '/app/'),
    error: `[EmptyInstruction] ${STAGE}: COPY has an empty or missing source. Fix: Give at least one non-empty source path and a destination.`,
  },
  {
    name: 'a COPY without destination',
    configure: (_df, app) => app.addCopy(['package.json'], ''),
    error: `[EmptyInstruction] ${STAGE}: COPY has no destination. Fix: Give at least one non-empty source path and a destination.`,
  },
  {
    name: 'an empty CMD',
    configure: (_df, app) => app.addCmd([]),
    error: `[EmptyInstruction] ${STAGE}: CMD has no program. Fix: Give the program and its arguments, such as ["node", "dist/main.js"], or remove the CMD.`,
  },
  {
    name: 'a raw newline in an ENV value',
    configure: (_df, app) => app.addEnv({ GREETING: 'hello\nworld' }),
    error: `[UnrepresentableValue] ${STAGE}: ENV GREETING value contains a line break, which would end the instruction. Fix: Remove line breaks and control characters; for multi-line content, COPY a file instead.`,
  },
  {
    name: 'a line break in a shell RUN command',
    configure: (_df, app) => app.addRun('npm ci\nnpm run build'),
    error: `[UnrepresentableValue] ${STAGE}: RUN command "npm ci..." contains a line break, which would end the instruction. Fix: Pass each line as its own entry in commands (they are joined with &&), or move the script into a file.`,
  },
  {
    name: 'a RUN command ending in a backslash',
    configure: (_df, app) => app.addRun('echo done \\'),
    error: `[UnrepresentableValue] ${STAGE}: RUN command "echo done \\" ends with "\\", which would join the next line to it. Fix: Remove the trailing backslash.`,
  },
  {
    name: 'a backslash in a COPY source',
    configure: (_df, app) => app.addCopy(['config\\app.json'], '/app/'),
    error: `[UnrepresentableValue] ${STAGE}: COPY source "config\\app.json" contains "\\", which builders read as an escape in the source pattern, not as part of the name. Fix: Rename the file, or copy the folder that holds it.`,
  },
  {
    name: 'an invalid ENV name',
    configure: (_df, app) => app.addEnv({ 'NODE-ENV': 'production' }),
    error: `[InvalidName] ${STAGE}: ENV name "NODE-ENV" is not a valid variable name. Fix: Use letters, digits and "_", not starting with a digit (for example NODE_ENV).`,
  },
  {
    name: 'an invalid label key',
    configure: (_df, app) => app.addLabels({ 'my label': 'x' }),
    error: `[InvalidName] ${STAGE}: LABEL key "my label" is not a valid label key. Fix: Use letters, digits, ".", "-", "_" and "/", starting with a letter or digit (for example org.opencontainers.image.title).`,
  },
  {
    name: 'an invalid user',
    configure: (_df, app) => app.addUser('Node User'),
    error: `[InvalidValue] ${STAGE}: USER user "Node User" is neither a numeric id nor a valid name. Fix: Use a numeric id (for example 1000) or a lowercase name such as "node".`,
  },
  {
    name: 'an invalid chown',
    configure: (_df, app) => app.addCopy(['dist'], '/app/dist', { chown: 'node user' }),
    error: `[InvalidValue] ${STAGE}: COPY --chown "node user" is not uid[:gid] or user[:group]. Fix: Use numeric ids such as "1000:1000".`,
  },
  {
    name: 'an invalid chmod',
    configure: (_df, app) => app.addCopy(['dist'], '/app/dist', { chmod: 'u+x' }),
    error: `[InvalidValue] ${STAGE}: COPY --chmod "u+x" is not an octal permission. Fix: Use three or four octal digits, such as "0644".`,
  },
  {
    name: 'several sources into a file destination',
    configure: (_df, app) => app.addCopy(['package.json', 'package-lock.json'], '/app'),
    error: `[InvalidValue] ${STAGE}: COPY of 2 sources to "/app": with several sources the destination must be a directory. Fix: End the destination with "/" ("/app/").`,
  },
  {
    name: 'an invalid stop signal',
    configure: (_df, app) => app.addStopSignal('term'),
    error: `[InvalidValue] ${STAGE}: STOPSIGNAL "term" is not a signal name or number. Fix: Use a name such as "SIGTERM" or "SIGINT" (uppercase, with the SIG prefix), or a number.`,
  },
  {
    name: 'a negative healthcheck retry count',
    configure: (_df, app) => app.addHealthcheck({ command: ['node', 'health.js'], retries: -1 }),
    error: `[InvalidHealthcheck] ${STAGE}: HEALTHCHECK retries -1 is not a positive whole number. Fix: Use a whole number of at least 1.`,
  },
  {
    name: 'a zero healthcheck interval',
    configure: (_df, app) => app.addHealthcheck({ command: ['node', 'health.js'], interval: Duration.seconds(0) }),
    error: `[InvalidHealthcheck] ${STAGE}: HEALTHCHECK interval of 0ms is not allowed. Fix: Use a whole number of milliseconds of at least 1ms.`,
  },
  {
    name: 'a relative bind mount target',
    configure: (_df, app) => app.addRun('npm ci', { mounts: [RunMount.bind({ target: 'package.json', source: 'package.json' })] }),
    error: `[InvalidMount] ${STAGE}: bind mount target "package.json" is relative; Buildah refuses relative targets and BuildKit resolves them against WORKDIR. Fix: Use an absolute path (for example "/package.json").`,
  },
  {
    name: 'a cache mount target with a comma',
    configure: (_df, app) => app.addRun('npm ci', { mounts: [RunMount.cache({ target: '/root/.npm,x' })] }),
    error: `[InvalidMount] ${STAGE}: cache mount target "/root/.npm,x" contains white space, a comma, a quote or "=", which the mount syntax cannot carry. Fix: Use a value without those characters.`,
  },
  {
    name: 'a secret exposed as env on all builders',
    configure: (_df, app) => app.addRun('npm ci', { mounts: [RunMount.secret({ id: 'npmrc', env: 'NPM_TOKEN' })] }),
    error: `[BuilderCompatibility] ${STAGE}: secret mount "npmrc" is exposed as environment variable NPM_TOKEN, which only BuildKit supports. Fix: Read the secret from its file (omit env), or set compatibility: BuilderCompatibility.BUILDKIT on the Dockerfile.`,
  },
  {
    name: 'COPY --link on all builders',
    configure: (_df, app) => app.addCopy(['dist'], '/app/dist', { link: true }),
    error: `[BuilderCompatibility] ${STAGE}: COPY --link is understood by BuildKit only; Buildah and Podman reject it. Fix: Remove link: true, or set compatibility: BuilderCompatibility.BUILDKIT on the Dockerfile.`,
  },
  {
    name: 'HEALTHCHECK --start-interval on all builders',
    configure: (_df, app) => app.addHealthcheck({ command: ['node', 'health.js'], startInterval: Duration.seconds(2) }),
    error: `[BuilderCompatibility] ${STAGE}: HEALTHCHECK --start-interval is understood by BuildKit only; Buildah rejects it. Fix: Remove startInterval, or set compatibility: BuilderCompatibility.BUILDKIT on the Dockerfile.`,
  },
  {
    name: 'a raw instruction that starts a stage',
    configure: (_df, app) => app.addRaw('FROM alpine:3.20 AS sneaky'),
    error: `[InvalidRawInstruction] ${STAGE}: raw instruction "FROM alpine:3.20 AS sneaky" starts a stage, which the model would not know of. Fix: Add the stage with Dockerfile.addStage() instead.`,
  },
  {
    name: 'a raw instruction ending with a continuation',
    configure: (_df, app) => app.addRaw('ONBUILD RUN echo \\'),
    error: `[InvalidRawInstruction] ${STAGE}: raw instruction ends with a line continuation, which would swallow the next instruction. Fix: Remove the trailing backslash.`,
  },
  {
    name: 'a stage built on a stage of another Dockerfile',
    configure: (df) => {
      const other = new Dockerfile(df.project, { path: 'other.Dockerfile' });
      const foreign = other.addStage('build', { from: StageBase.image('node:24-trixie-slim'), ignoreRules: [DockerfileRule.ROOT_USER] });
      df.addStage('other', { from: StageBase.stage(foreign) }).addUser('1000');
    },
    error: '[StageReference] Dockerfile@Dockerfile/other: FROM build names a stage of another Dockerfile; a stage can only build on earlier stages of its Dockerfile. Fix: Create the base stage first, in the same Dockerfile.',
  },
  {
    name: 'ignoring a rule that guards broken output',
    props: { ignoreRules: [DockerfileRule.STAGE_REFERENCE] },
    configure: () => undefined,
    error: `[UnignorableRule] ${FILE}: rule StageReference cannot be ignored: what it finds would break the build or the image. Fix: Remove StageReference from ignoreRules and fix what it reports; only UnpinnedImage, SecretsUsedInArgOrEnv, RootUser, InvalidDefaultArgInFrom, RedundantTargetPlatform can be ignored.`,
  },
  {
    name: 'a malformed build check name',
    props: { skipBuildChecks: ['JSONArgs Recommended'] },
    configure: () => undefined,
    error: `[InvalidValue] ${FILE}: build check "JSONArgs Recommended" in skipBuildChecks is not a check name. Fix: Use check names such as "JSONArgsRecommended", letters only.`,
  },
];

function validDockerfile(props: DockerfileProps = {}) {
  const project = testProject();
  const dockerfile = new Dockerfile(project, props);
  const app = dockerfile.addStage('app', { from: StageBase.image('node:24-trixie-slim') });
  app.addWorkdir('/app');
  app.addUser('1000', '1000');
  return { project, dockerfile, app };
}

describe('bad input', () => {
  it('has a table of at least 30 cases', () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(30);
  });

  it('accepts the valid Dockerfile every case starts from', () => {
    const { project, dockerfile } = validDockerfile();
    expect(dockerfile.validate()).toEqual([]);
    project.synth();
    expect(existsSync(join(project.outdir, 'Dockerfile'))).toBe(true);
  });

  it.each(badInputs)('refuses $name with its exact error, and writes nothing', ({ props, configure, error }) => {
    const { project, dockerfile, app } = validDockerfile(props);
    configure(dockerfile, app);
    const expected = `Nothing was written: 1 problem found.\n  ${error}`;
    expect(() => dockerfile.render()).toThrow(expected);
    expect(() => project.synth()).toThrow(expected);
    expect(existsSync(join(project.outdir, 'Dockerfile'))).toBe(false);
  });
});

describe('a Dockerfile without stages', () => {
  it('is refused', () => {
    const project = testProject();
    const dockerfile = new Dockerfile(project);
    const expected = `Nothing was written: 1 problem found.\n  [NoStages] ${FILE}: the Dockerfile has no stage. Fix: Add a stage with addStage().`;
    expect(() => dockerfile.render()).toThrow(expected);
    expect(() => project.synth()).toThrow(expected);
  });
});

describe('instructions built directly', () => {
  it('are validated like those added through the stage', () => {
    const { dockerfile, app } = validDockerfile();
    app.addInstruction(new EnvInstruction({ variables: {} }));
    app.addInstruction(new CopyInstruction({ sources: ['a'], destination: '/a', from: 'app', fromStage: app }));
    expect(() => dockerfile.render()).toThrow(/ENV has no variables[\s\S]*COPY has both fromStage and from/);
  });

  it('HEALTHCHECK NONE is accepted alongside nothing else', () => {
    const { dockerfile, app } = validDockerfile();
    app.addInstruction(HealthcheckInstruction.none());
    expect(dockerfile.render()).toContain('\nHEALTHCHECK NONE\n');
  });

  it('BuildKit-only features are accepted when the Dockerfile targets BuildKit', () => {
    const { dockerfile, app } = validDockerfile({ compatibility: BuilderCompatibility.BUILDKIT });
    app.addCopy(['dist'], '/app/dist', { link: true });
    app.addRun('npm ci', { mounts: [RunMount.secret({ id: 'npmrc', env: 'NPM_TOKEN' })] });
    app.addHealthcheck({ command: ['node', 'h.js'], startInterval: Duration.seconds(2) });
    const text = dockerfile.render();
    expect(text).toContain('COPY --link dist /app/dist');
    expect(text).toContain('--mount=type=secret,id=npmrc,env=NPM_TOKEN');
    expect(text).toContain('--start-interval=2s');
  });
});
