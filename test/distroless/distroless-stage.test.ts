import { readdirSync } from 'fs';
import { describe, expect, it, vi } from 'vitest';
import {
  Dockerfile, DistrolessImage, DistrolessStage, DistrolessStageProps, DistrolessTag, DockerfileStage, HealthCheck,
  NodeDockerImage, NodeDockerImageProps, Runtime, StageBase,
} from '../../src';
import { lintDockerfile, synthDockerfile } from '../dockerfile-lint';
import { messageOf, testProject, typescriptTestProject } from '../util';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

/** A Dockerfile with a trixie build stage and a distroless runtime that copies its output. */
function distrolessDockerfile(props: DistrolessStageProps = {}, buildImage = 'node:24-trixie-slim', cmd = true) {
  const project = testProject();
  const dockerfile = new Dockerfile(project);
  const build = dockerfile.addStage('build', { from: StageBase.image(buildImage) });
  build.addWorkdir('/app');
  build.addRun('npm ci --omit=dev');
  const runtime = new DistrolessStage(dockerfile, 'runtime', { buildStage: build, ...props });
  runtime.addCopy(['/app'], './', { fromStage: build });
  if (cmd) {
    runtime.addCmd(['dist/main.js']);
  }
  return { project, dockerfile, build, runtime };
}

describe('DistrolessStage', () => {
  const cases = [22, 24, 26].flatMap((major) => Object.values(DistrolessTag).map((tag) => ({ major, tag })));
  it.each(cases)('Node $major, tag $tag: FROM the image, WORKDIR, USER 65532, and a shell only on debug tags', ({ major, tag }) => {
    const { project, runtime } = distrolessDockerfile({ image: DistrolessImage.google({ tag }) }, `node:${major}-trixie-slim`);
    runtime.addHealthcheck({ command: HealthCheck.http('/health')._checkArgv(runtime.image.nodeBinary, 3000)! });
    const { text, parsed } = synthDockerfile(project);
    expect(text).toMatchSnapshot();
    expect(runtime.nodeMajor).toBe(major);
    const stage = text.slice(text.indexOf('FROM gcr.io'));
    expect(stage.split('\n')[0]).toBe(`FROM gcr.io/distroless/nodejs${major}-debian13:${tag} AS runtime`);
    const debug = tag === DistrolessTag.DEBUG || tag === DistrolessTag.DEBUG_NONROOT;
    expect(stage.includes('SHELL ["/busybox/sh", "-c"]')).toBe(debug);
    expect(stage).toContain('WORKDIR /app\nUSER 65532:65532\n');
    expect(stage).toContain('CMD ["/nodejs/bin/node", "-e", ');
    expect(stage.split('\n')).toContain('CMD ["dist/main.js"]');
    expect(parsed.getInstructions().filter((instruction) => instruction.getKeyword() === 'RUN')).toHaveLength(1);
  });

  it('takes its Node major from the build stage, else the newest LTS line the library knows, whatever the day', () => {
    expect(distrolessDockerfile({}, 'node:22-trixie-slim').runtime.nodeMajor).toBe(22);
    // It reads no project: a NodeDockerImage passes the project's major on through its build stage.
    const project = typescriptTestProject({ minNodeVersion: '24.11.0' });
    expect(new DistrolessStage(new Dockerfile(project), 'runtime').nodeMajor).toBe(26);
    vi.setSystemTime(new Date('2029-05-01T00:00:00Z'));
    expect(new DistrolessStage(new Dockerfile(testProject()), 'runtime').nodeMajor).toBe(26);
  });

  it('allows RUN on the debug tags, through busybox', () => {
    const { project, runtime } = distrolessDockerfile({ image: DistrolessImage.google({ tag: DistrolessTag.DEBUG_NONROOT }) });
    runtime.addRun('ls -la /app');
    expect(synthDockerfile(project).text).toContain('SHELL ["/busybox/sh", "-c"]\nWORKDIR /app\nUSER 65532:65532\nCOPY --from=build /app ./\nCMD ["dist/main.js"]\nRUN ls -la /app');
  });

  it('copies files the service writes to with its ownership, and leaves the rest to root', () => {
    const { project, runtime, build } = distrolessDockerfile({ uid: 10001, gid: 10001 });
    runtime.addWritableCopy(['/app/cache'], './cache', { fromStage: build });
    const { text } = synthDockerfile(project);
    expect(text).toContain('COPY --from=build /app ./\n');
    expect(text).toContain('COPY --from=build --chown=10001:10001 /app/cache ./cache');
    expect(text).toContain('USER 10001:10001');
  });

  it('runs Chainguard\'s node image pinned by digest, with node at /usr/bin/node', () => {
    const { project, runtime } = distrolessDockerfile({ image: DistrolessImage.chainguard(DIGEST) });
    runtime.addHealthcheck({ command: HealthCheck.http('/health')._checkArgv(runtime.image.nodeBinary, 3000)! });
    const { text } = synthDockerfile(project);
    expect(text).toMatchSnapshot();
    expect(text).toContain(`FROM cgr.dev/chainguard/node:latest@${DIGEST} AS runtime`);
    expect(text).toContain('CMD ["/usr/bin/node", "-e", ');
  });
});

describe('NodeDockerImage on distroless', () => {
  it('builds on trixie-slim and runs the compiled entry point on distroless, as uid 65532, with no RUN in the runtime', () => {
    const project = typescriptTestProject({ libdir: 'dist', entrypoint: 'dist/main.js' });
    const image = new NodeDockerImage(project, 'Api', { runtime: Runtime.distroless(), healthCheck: HealthCheck.http('/health'), command: ['--enable-source-maps', 'dist/main.js'] });
    const { text } = synthDockerfile(project);
    expect(text).toMatchSnapshot();
    expect(image.stage('runtime')).toBeInstanceOf(DistrolessStage);
    expect(text).toContain('FROM node:26-trixie-slim AS base');
    const runtime = text.slice(text.indexOf('FROM gcr.io/distroless/nodejs26-debian13:nonroot AS runtime'));
    expect(runtime).not.toBe('');
    expect(runtime).not.toMatch(/^RUN /m);
    expect(runtime).toContain('USER 65532:65532');
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).toContain('CMD ["/nodejs/bin/node", "-e", "fetch(\'http://127.0.0.1:3000/health\')');
    // The per-commit ARGs and LABEL follow it, after every layer.
    expect(runtime).toContain('CMD ["--enable-source-maps", "dist/main.js"]\nARG REVISION=unknown\n');
  });
});

interface BadDistroless {
  readonly name: string;
  readonly props?: DistrolessStageProps;
  readonly buildImage?: string;
  readonly configure?: (runtime: DistrolessStage, build: DockerfileStage) => void;
  readonly error: string;
  /** The case adds its own CMD. */
  readonly ownCmd?: boolean;
}

const NONROOT = 'gcr.io/distroless/nodejs24-debian13:nonroot';
const written = (...lines: string[]) => [`Nothing was written: ${lines.length === 1 ? '1 problem' : `${lines.length} problems`} found.`, ...lines.map((line) => `  ${line}`)].join('\n');
const AT = 'Dockerfile@Dockerfile/runtime';

const badInputs: BadDistroless[] = [
  {
    name: 'Node 20, which distroless no longer publishes',
    props: { nodeMajor: 20 },
    error: written(
      `[UnavailableImage] ${AT}: distroless publishes Node.js images for majors 22, 24, 26, not 20. Fix: Build on one of those majors (nodeMajor, or minNodeVersion on the project).`,
      `[IncompatibleBuildStage] ${AT}: stage "runtime" runs what stage "build" builds on node:24-trixie-slim, which is Node.js 24, and gcr.io/distroless/nodejs20-debian13:nonroot runs Node.js 20:`
        + ' native addons are built for one ABI and dependencies resolved for one version. Fix: Build stage "build" on node:20-trixie-slim.',
    ),
  },
  {
    name: 'an odd major',
    buildImage: 'node:25-trixie-slim',
    error: written(`[UnavailableImage] ${AT}: distroless publishes Node.js images for majors 22, 24, 26, not 25. Fix: Build on one of those majors (nodeMajor, or minNodeVersion on the project).`),
  },
  {
    name: 'Chainguard without a digest',
    props: { image: DistrolessImage.chainguard('latest') },
    error: written(`[UnavailableImage] ${AT}: Chainguard's node image must be pinned by digest, and "latest" is not one.`
      + ' Fix: Pass the digest of cgr.dev/chainguard/node:latest, "sha256:" and 64 lowercase hex characters (only latest is free to pull, and it moves).'),
  },
  {
    name: 'an alpine build stage',
    buildImage: 'node:24-alpine',
    error: written(`[IncompatibleBuildStage] ${AT}: stage "runtime" runs what stage "build" builds on node:24-alpine, which is musl: its node_modules and native addons do not load on glibc. Fix: Build stage "build" on node:24-trixie-slim.`),
  },
  {
    name: 'a bookworm build stage',
    buildImage: 'node:24-bookworm-slim',
    error: written(`[IncompatibleBuildStage] ${AT}: stage "runtime" runs what stage "build" builds on node:24-bookworm-slim, which is Debian bookworm, and ${NONROOT} is Debian 13 (trixie): native addons may need libraries of another version. Fix: Build stage "build" on node:24-trixie-slim.`),
  },
  {
    name: 'a build stage whose tag names no Debian release',
    buildImage: 'node:24-slim',
    error: written(`[IncompatibleBuildStage] ${AT}: stage "runtime" runs what stage "build" builds on node:24-slim, which is a Debian release its tag does not name, and ${NONROOT} is Debian 13 (trixie): native addons may need libraries of another version. Fix: Build stage "build" on node:24-trixie-slim.`),
  },
  {
    name: 'a build stage of another major',
    props: { nodeMajor: 26 },
    error: written('[IncompatibleBuildStage] Dockerfile@Dockerfile/runtime: stage "runtime" runs what stage "build" builds on node:24-trixie-slim, which is Node.js 24, and gcr.io/distroless/nodejs26-debian13:nonroot runs Node.js 26: native addons are built for one ABI and dependencies resolved for one version. Fix: Build stage "build" on node:26-trixie-slim.'),
  },
  {
    name: 'RUN',
    configure: (runtime) => runtime.addRun('mkdir -p /app/tmp'),
    error: written(`[ShellNotInImage] ${AT}: RUN needs a shell, and ${NONROOT} has none. Fix: Do it in the build stage and COPY the result into this stage (only the debug tags have a shell, for debugging).`),
  },
  {
    name: 'RUN in exec form',
    configure: (runtime) => runtime.addRunExec(['/nodejs/bin/node', '-e', '1']),
    error: written(`[ShellNotInImage] ${AT}: RUN needs a shell, and ${NONROOT} has none. Fix: Do it in the build stage and COPY the result into this stage (only the debug tags have a shell, for debugging).`),
  },
  {
    name: 'a raw RUN line',
    configure: (runtime) => runtime.addRaw('RUN echo hi'),
    error: written(`[ShellNotInImage] ${AT}: RUN needs a shell, and ${NONROOT} has none. Fix: Do it in the build stage and COPY the result into this stage (only the debug tags have a shell, for debugging).`),
  },
  {
    name: 'SHELL',
    configure: (runtime) => runtime.addShell(['/bin/bash', '-c']),
    error: written(`[ShellNotInImage] ${AT}: SHELL needs a shell, and ${NONROOT} has none. Fix: Do it in the build stage and COPY the result into this stage (only the debug tags have a shell, for debugging).`),
  },
  {
    name: 'a CMD that starts with node',
    ownCmd: true,
    configure: (runtime) => runtime.addCmd(['node', '--enable-source-maps', 'dist/main.js']),
    error: written(`[CommandRepeatsEntrypoint] ${AT}: CMD ["node","--enable-source-maps","dist/main.js"] starts with "node", but the image's ENTRYPOINT is already /nodejs/bin/node, so node would be asked to run a script named "node". Fix: Give only the script and node's flags: ["--enable-source-maps","dist/main.js"].`),
  },
  {
    name: 'a CMD that starts with the image\'s own node',
    ownCmd: true,
    configure: (runtime) => runtime.addCmd(['/nodejs/bin/node', 'dist/main.js']),
    error: written(`[CommandRepeatsEntrypoint] ${AT}: CMD ["/nodejs/bin/node","dist/main.js"] starts with "/nodejs/bin/node", but the image's ENTRYPOINT is already /nodejs/bin/node, so node would be asked to run a script named "/nodejs/bin/node". Fix: Give only the script and node's flags: ["dist/main.js"].`),
  },
  {
    name: 'a HEALTHCHECK with curl',
    configure: (runtime) => runtime.addHealthcheck({ command: ['curl', '-f', 'http://127.0.0.1:3000/health'] }),
    error: written(`[ProgramNotInImage] ${AT}: HEALTHCHECK runs "curl", which ${NONROOT} does not have: it has no shell, no curl or wget, and node is /nodejs/bin/node. Fix: Run /nodejs/bin/node (HealthCheck.http writes such a check), or a program you copy in, by its absolute path.`),
  },
  {
    name: 'a HEALTHCHECK on node by name',
    configure: (runtime) => runtime.addHealthcheck({ command: HealthCheck.http('/health')._checkArgv('node', 3000)! }),
    error: written(`[ProgramNotInImage] ${AT}: HEALTHCHECK runs "node", which ${NONROOT} does not have: it has no shell, no curl or wget, and node is /nodejs/bin/node. Fix: Run /nodejs/bin/node (HealthCheck.http writes such a check), or a program you copy in, by its absolute path.`),
  },
  {
    name: 'an ENTRYPOINT through /bin/sh',
    configure: (runtime) => runtime.addEntrypoint(['/bin/sh', '-c']),
    error: written(`[ProgramNotInImage] ${AT}: ENTRYPOINT runs "/bin/sh", which ${NONROOT} does not have: it has no shell, no curl or wget, and node is /nodejs/bin/node. Fix: Run /nodejs/bin/node (HealthCheck.http writes such a check), or a program you copy in, by its absolute path.`),
  },
  {
    name: 'USER node',
    configure: (runtime) => runtime.addUser('node'),
    error: written(`[UnknownUser] ${AT}: USER names "node", which ${NONROOT} has no user or group for (it has root, nonroot and nobody). Fix: Use numeric ids, such as 65532:65532.`),
  },
  {
    name: 'COPY --chown=node:node',
    configure: (runtime, build) => runtime.addCopy(['/app/data'], './data', { fromStage: build, chown: 'node:node' }),
    error: written(
      `[UnknownUser] ${AT}: COPY names "node", which ${NONROOT} has no user or group for (it has root, nonroot and nobody). Fix: Use numeric ids, such as 65532:65532.`,
      `[UnknownUser] ${AT}: COPY names "node", which ${NONROOT} has no user or group for (it has root, nonroot and nobody). Fix: Use numeric ids, such as 65532:65532.`,
    ),
  },
];

describe('DistrolessStage bad input', () => {
  it.each(badInputs)('refuses $name at synthesis, and writes nothing', (bad) => {
    const { project, runtime, build } = distrolessDockerfile(bad.props, bad.buildImage, !bad.ownCmd);
    bad.configure?.(runtime, build);
    expect(messageOf(() => project.synth())).toBe(bad.error);
    expect(readdirSync(project.outdir)).toEqual([]);
  });

  it('refuses a distroless NodeDockerImage with runtime packages, or tini', () => {
    const declare = (props: NodeDockerImageProps) => {
      const project = typescriptTestProject();
      new NodeDockerImage(project, 'Api', { runtime: Runtime.distroless(), ...props });
      const message = messageOf(() => project.synth());
      expect(readdirSync(project.outdir)).toEqual([]);
      return message;
    };
    expect(declare({ runtimePackages: ['libvips42'] })).toBe(written('[UnsupportedOnRuntime] Api: runtimePackages (libvips42) cannot be installed on distroless, which has no package manager.'
      + ' Fix: Use Runtime.slim(), or copy what the service needs from the build stage (image.stage(\'runtime\').addCopy(...)).'));
    expect(declare({ init: true })).toBe(written('[UnsupportedOnRuntime] Api: init (tini) cannot be installed on distroless, which has no package manager.'
      + ' Fix: Leave init out and start the container with an init process (docker run --init, or your orchestrator\'s equivalent).'));
    // Node 20 is past its end of life (a warning), and distroless no longer publishes it (an error).
    expect(declare({ nodeMajor: 20 })).toBe(written(
      '[UnavailableImage] Api/Dockerfile@Dockerfile/runtime: distroless publishes Node.js images for majors 22, 24, 26, not 20. Fix: Build on one of those majors (nodeMajor, or minNodeVersion on the project).',
    ));
  });

  it('lints every good distroless Dockerfile clean', () => {
    const { dockerfile } = distrolessDockerfile();
    expect(lintDockerfile(dockerfile.render()).getFROMs()).toHaveLength(2);
  });
});
