import { writeFileSync } from 'fs';
import { join } from 'path';
import { javascript, Project, TextFile, typescript } from 'projen';
import {
  ComposeFile, DistrolessImage, DistrolessStage, DistrolessTag, Dockerfile, DockerIgnore, DockerIgnoreMode, Duration, HealthcheckInstruction,
  ImageLock, NodeDockerImage, NodeServiceProject, NodeServiceProjectOptions, Protocol, RunMount, StageBase, TrivyIgnore, TrivySeverity, TrivyWorkflow,
  TrivyWorkflowProps,
} from '../../src';
import { githubProject } from '../github/workflow-kit';
import { typescriptTestProject } from '../util';
import { BadInput } from './sandbox';

type Declare = (outdir: string) => Project;

/** A bare project with a Dockerfile whose one stage, "app", copies tsconfig.json and runs as 1000. */
function dockerfile(configure: (file: Dockerfile, app: ReturnType<Dockerfile['addStage']>, project: Project) => void, path?: string): Declare {
  return (outdir) => {
    const project = new Project({ name: 'bare', outdir });
    const file = new Dockerfile(project, { path });
    const app = file.addStage('app', { from: StageBase.image('node:24-trixie-slim') });
    app.addCopy(['tsconfig.json'], './');
    app.addUser('1000', '1000');
    configure(file, app, project);
    return project;
  };
}

type IgnoreOptions = { exclude?: string[]; include?: string[]; path?: string; mode?: DockerIgnoreMode };

function ignore(props: IgnoreOptions, more?: (ignoreFile: DockerIgnore) => void): Declare {
  return dockerfile((file, _app, project) => {
    const ignoreFile = new DockerIgnore(project, { dockerfile: file, ...props });
    more?.(ignoreFile);
  });
}

function distroless(props: ConstructorParameters<typeof DistrolessStage>[2], more?: (stage: DistrolessStage) => void): Declare {
  return (outdir) => {
    const project = new Project({ name: 'bare', outdir });
    const file = new Dockerfile(project);
    const build = file.addStage('build', { from: StageBase.image('node:24-trixie-slim') });
    build.addWorkdir('/app');
    const stage = new DistrolessStage(file, 'runtime', { buildStage: build, ...props });
    stage.addCmd(['dist/main.js']);
    more?.(stage);
    return project;
  };
}

function workflow(props: (project: typescript.TypeScriptAppProject, api: NodeDockerImage) => Partial<TrivyWorkflowProps>, options = {}): Declare {
  return (outdir) => {
    const project = githubProject({ outdir, ...options });
    const api = new NodeDockerImage(project, 'Api');
    new TrivyWorkflow(project, 'Scan', { images: [api], ...props(project, api) });
    return project;
  };
}

function trivyIgnore(props: ConstructorParameters<typeof TrivyIgnore>[1]): Declare {
  return (outdir) => {
    const project = new Project({ name: 'bare', outdir });
    new TrivyIgnore(project, props);
    return project;
  };
}

function lockFile(contents: string | undefined, path?: string): Declare {
  return (outdir) => {
    if (contents !== undefined) {
      writeFileSync(join(outdir, 'docker-images.lock.json'), contents);
    }
    const project = typescriptTestProject({ outdir });
    new ImageLock(project, { path });
    new NodeDockerImage(project, 'Api', { pinBaseImages: false });
    return project;
  };
}

function compose(configure: (file: ComposeFile, api: NodeDockerImage, project: typescript.TypeScriptAppProject) => void, path?: string): Declare {
  return (outdir) => {
    const project = typescriptTestProject({ outdir });
    const api = new NodeDockerImage(project, 'Api');
    configure(new ComposeFile(project, 'Compose', { path }), api, project);
    return project;
  };
}


function service(options: Partial<NodeServiceProjectOptions>): Declare {
  return (outdir) => new NodeServiceProject({
    name: 'orders', defaultReleaseBranch: 'main', outdir, packageManager: javascript.NodePackageManager.NPM, ...options,
  });
}

const cases: Array<[string, string, Declare]> = [
  // NodeServiceProject: its own options, and the image and workflow options it passes on.
  ['NodeServiceProject', 'postgres without compose', service({ postgres: true, compose: false })],
  ['NodeServiceProject', 'a port listed twice', service({ ports: [8080, 8080] })],
  ['NodeServiceProject', 'a command through tsx', service({ command: ['tsx', 'src/index.ts'] })],
  ['NodeServiceProject', 'NODE_ENV set to development', service({ environment: { NODE_ENV: 'development' } })],
  ['NodeServiceProject', 'a scan runner label with ${{ }}', service({ imageScanOptions: { runsOn: ['${{ github.event.pull_request.title }}'] } })],
  ['NodeServiceProject', 'a push repository with $(...)', service({ imageScanOptions: { push: { repository: 'team/$(id)' } } })],
  // Dockerfile
  ['Dockerfile', 'a path leading out of the project', dockerfile(() => undefined, '../../Dockerfile')],
  ['Dockerfile', 'an absolute path', dockerfile(() => undefined, '/tmp/pnd-absolute/Dockerfile')],
  ['Dockerfile', 'a path with a space', dockerfile(() => undefined, 'Docker file')],
  ['Dockerfile', 'a path with a newline', dockerfile(() => undefined, 'a\nDockerfile')],
  ['Dockerfile', 'a path with ${{ }}', dockerfile(() => undefined, '${{ github.head_ref }}.Dockerfile')],
  ['Dockerfile', 'two Dockerfiles on one path', dockerfile((_file, _app, project) => new Dockerfile(project))],
  ['Dockerfile', 'a path a TextFile has', (outdir) => {
    const project = new Project({ name: 'bare', outdir });
    new TextFile(project, 'Dockerfile', { lines: ['FROM scratch'] });
    new Dockerfile(project).addStage('app', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000');
    return project;
  }],
  ['Dockerfile', 'no stages', (outdir) => {
    const project = new Project({ name: 'bare', outdir });
    new Dockerfile(project);
    return project;
  }],
  ['Dockerfile', 'a stage named Build', dockerfile((file) => file.addStage('Build', { from: StageBase.image('node:24-trixie-slim') }))],
  ['Dockerfile', 'a stage named scratch', dockerfile((file) => file.addStage('scratch', { from: StageBase.image('node:24-trixie-slim') }))],
  ['Dockerfile', 'two stages of one name', dockerfile((file) => file.addStage('again', { name: 'app', from: StageBase.image('node:24-trixie-slim') }))],
  ['Dockerfile', 'an empty raw instruction', dockerfile((_file, app) => app.addRaw(''))],
  ['Dockerfile', 'a raw FROM', dockerfile((_file, app) => app.addRaw('FROM alpine'))],
  ['Dockerfile', 'a raw instruction ending in a continuation', dockerfile((_file, app) => app.addRaw('RUN a \\'))],
  ['Dockerfile', 'two instructions in one raw text', dockerfile((_file, app) => app.addRaw('RUN a\nRUN b'))],
  ['Dockerfile', 'a raw USER root after USER 1000', dockerfile((_file, app) => app.addRaw('USER root'))],
  ['Dockerfile', 'a raw text that hides USER root behind ONBUILD', dockerfile((_file, app) => app.addRaw('ONBUILD RUN x\nUSER root'))],
  ['Dockerfile', 'USER root', dockerfile((_file, app) => app.addUser('root'))],
  ['Dockerfile', 'a relative WORKDIR', dockerfile((_file, app) => app.addWorkdir('app'))],
  ['Dockerfile', 'a port out of range', dockerfile((_file, app) => app.addExpose(70000))],
  ['Dockerfile', 'an invalid image reference', dockerfile((file) => file.addStage('other', { from: StageBase.image('Node:Latest') }).addUser('1000'))],
  ['Dockerfile', 'an ENV name with a space', dockerfile((_file, app) => app.addEnv({ 'A B': 'x' }))],
  ['Dockerfile', 'an ENV value with a newline', dockerfile((_file, app) => app.addEnv({ MODE: 'a\nb' }))],
  ['Dockerfile', 'a label key with a newline', dockerfile((_file, app) => app.addLabels({ 'a\nb': 'x' }))],
  ['Dockerfile', 'an ARG name with $', dockerfile((_file, app) => app.addArg('A$B'))],
  ['Dockerfile', 'a secret ARG', dockerfile((_file, app) => app.addArg('NPM_TOKEN', 'x'))],
  ['Dockerfile', 'a secret mount id with a space', dockerfile((_file, app) => app.addRun('true', { mounts: [RunMount.secret({ id: 'a b' })] }))],
  ['Dockerfile', 'a health check with negative retries', dockerfile((_file, app) => app.addInstruction(new HealthcheckInstruction({
    command: ['node', 'check.js'], retries: -1,
  })))],
  ['Dockerfile', 'a health check interval of 0', dockerfile((_file, app) => app.addHealthcheck({ command: ['node', 'check.js'], interval: Duration.seconds(0) }))],
  ['Dockerfile', 'an EXPOSE of a range given as a port', dockerfile((_file, app) => app.addExpose(0, Protocol.UDP))],
  // DockerIgnore
  ['DockerIgnore', 'an exclude with a newline that would let .env in', ignore({}, (file) => file.addExclude('docs\n!**/.env'))],
  ['DockerIgnore', 'an exclude with a newline that hides a copied file', ignore({}, (file) => file.addExclude('tmp\ntsconfig.json'))],
  ['DockerIgnore', 'an include with a carriage return', ignore({}, (file) => file.addInclude('a\rb'))],
  ['DockerIgnore', 'a default exclude with NUL', ignore({}, (file) => file.addDefaultExclude('x\u0000y'))],
  ['DockerIgnore', 'an exclude of a copied file', ignore({ exclude: ['tsconfig*.json'] })],
  ['DockerIgnore', 'an allow-list exclude of a copied file', ignore({ mode: DockerIgnoreMode.ALLOW_LIST, exclude: ['tsconfig.json'] })],
  ['DockerIgnore', 'a path leading out of the project', ignore({ path: '../../.dockerignore' })],
  ['DockerIgnore', 'an absolute path', ignore({ path: '/tmp/pnd-absolute.dockerignore' })],
  ['DockerIgnore', 'a path with a space', ignore({ path: 'a b.dockerignore' })],
  ['DockerIgnore', 'a path with ${{ }}', ignore({ path: '${{ github.head_ref }}.dockerignore' })],
  ['DockerIgnore', 'two ignore files on one path', ignore({}, (file) => new DockerIgnore(file.project, { dockerfile: file.dockerfile }))],
  // DistrolessStage
  ['DistrolessStage', 'a tag with a newline', distroless({ image: DistrolessImage.google({ tag: 'nonroot\nUSER root' as DistrolessTag }) })],
  ['DistrolessStage', 'a tag that is not one of Google\'s', distroless({ image: DistrolessImage.google({ tag: 'edge' as DistrolessTag }) })],
  ['DistrolessStage', 'a Chainguard digest that is no digest', distroless({ image: DistrolessImage.chainguard('sha256:xyz') })],
  ['DistrolessStage', 'uid 0', distroless({ uid: 0 })],
  ['DistrolessStage', 'a relative workdir', distroless({ workdir: 'app' })],
  ['DistrolessStage', 'Node.js 16', distroless({ nodeMajor: 16 })],
  ['DistrolessStage', 'a RUN without a shell', distroless({}, (stage) => stage.addRun('echo hi'))],
  // TrivyWorkflow
  ['TrivyWorkflow', 'a workflowName leading out of .github/workflows', workflow(() => ({ workflowName: '../../wf' }))],
  ['TrivyWorkflow', 'a workflowName with a space', workflow(() => ({ workflowName: 'my scan' }))],
  ['TrivyWorkflow', 'a workflowName with ${{ }}', workflow(() => ({ workflowName: '${{ github.actor }}' }))],
  ['TrivyWorkflow', 'no runner labels', workflow(() => ({ runsOn: [] }))],
  ['TrivyWorkflow', 'a runner label with a shell command', workflow(() => ({ runsOn: ['ubuntu; rm -rf ~'] }))],
  ['TrivyWorkflow', 'a runner label with ${{ }}', workflow(() => ({ runsOn: ['${{ github.event.pull_request.title }}'] }))],
  ['TrivyWorkflow', 'a push repository with ${{ }}', workflow(() => ({ push: { repository: '${{ github.event.pull_request.title }}' } }))],
  ['TrivyWorkflow', 'a push repository in capitals', workflow(() => ({ push: { repository: 'Team/Services' } }))],
  ['TrivyWorkflow', 'a push registry with a path', workflow(() => ({ push: { registry: 'ghcr.io/x' } }))],
  ['TrivyWorkflow', 'a username secret GitHub reserves', workflow(() => ({ push: { registry: 'docker.io', usernameSecret: 'GITHUB_USER', passwordSecret: 'DOCKER_PASSWORD' } }))],
  ['TrivyWorkflow', 'a password secret with a dash', workflow(() => ({ push: { registry: 'docker.io', usernameSecret: 'DOCKER_USER', passwordSecret: 'docker-password' } }))],
  ['TrivyWorkflow', 'a build secret named with ${{ }}', workflow(() => ({ buildSecrets: { npmrc: '${{ github.event.issue.title }}' } }), {})],
  ['TrivyWorkflow', 'an npmrcSecret with a space', workflow(() => ({ npmrcSecret: 'NPM RC' }))],
  ['TrivyWorkflow', 'a schedule of six fields', workflow(() => ({ schedule: '0 0 4 * * 1' }))],
  ['TrivyWorkflow', 'a schedule with a newline', workflow(() => ({ schedule: '23 4 * * 1\non: push' }))],
  ['TrivyWorkflow', 'no severities', workflow(() => ({ severities: [] }))],
  ['TrivyWorkflow', 'an unknown severity', workflow(() => ({ severities: ['SEVERE' as TrivySeverity] }))],
  ['TrivyWorkflow', 'a platform without an architecture', workflow(() => ({ platforms: ['linux'] }))],
  ['TrivyWorkflow', 'a trivyVersion of latest', workflow(() => ({ trivyVersion: 'latest' }))],
  ['TrivyWorkflow', 'no images', workflow(() => ({ images: [] }))],
  ['TrivyWorkflow', 'one image twice', workflow((_project, api) => ({ images: [api, api] }))],
  ['TrivyWorkflow', 'two workflows of one name', (outdir) => {
    const project = githubProject({ outdir });
    const api = new NodeDockerImage(project, 'Api');
    new TrivyWorkflow(project, 'Scan', { images: [api] });
    new TrivyWorkflow(project, 'Again', { images: [api] });
    return project;
  }],
  ['TrivyWorkflow', 'two workflows of one id', (outdir) => {
    const project = githubProject({ outdir });
    const api = new NodeDockerImage(project, 'Api');
    new TrivyWorkflow(project, 'Scan', { images: [api] });
    new TrivyWorkflow(project, 'Scan', { images: [api], workflowName: 'nightly' });
    return project;
  }],
  ['TrivyWorkflow', 'a second workflow of one image, with a bad schedule', (outdir) => {
    const project = githubProject({ outdir });
    const api = new NodeDockerImage(project, 'Api');
    new TrivyWorkflow(project, 'Scan', { images: [api] });
    new TrivyWorkflow(project, 'Nightly', { images: [api], workflowName: 'nightly', schedule: 'nightly' });
    return project;
  }],
  ['TrivyWorkflow', 'a project without GitHub', (outdir) => {
    const project = typescriptTestProject({ outdir });
    new TrivyWorkflow(project, 'Scan', { images: [new NodeDockerImage(project, 'Api')] });
    return project;
  }],
  ['TrivyWorkflow', 'workflows turned off', workflow(() => ({}), { githubOptions: { workflows: false } })],
  ['TrivyWorkflow', 'an image of another project', workflow(() => ({ images: [new NodeDockerImage(typescriptTestProject({ name: 'other' }), 'Other')] }))],
  // TrivyIgnore
  ['TrivyIgnore', 'a path leading out of the project', trivyIgnore({ path: '../../.trivyignore' })],
  ['TrivyIgnore', 'an absolute path', trivyIgnore({ path: '/tmp/pnd-absolute.trivyignore' })],
  ['TrivyIgnore', 'a path with a newline', trivyIgnore({ path: '.trivy\nignore' })],
  ['TrivyIgnore', 'an id that is no finding id', trivyIgnore({ entries: [{ id: 'not an id', reason: 'r' }] })],
  ['TrivyIgnore', 'an id with a newline', trivyIgnore({ entries: [{ id: 'CVE-2024-1234\nCVE-2024-9999', reason: 'r' }] })],
  ['TrivyIgnore', 'no reason', trivyIgnore({ entries: [{ id: 'CVE-2024-1234', reason: ' ' }] })],
  ['TrivyIgnore', 'an expiry that is no day', trivyIgnore({ entries: [{ id: 'CVE-2024-1234', reason: 'r', expires: '2026-13-01' }] })],
  ['TrivyIgnore', 'one id twice', trivyIgnore({ entries: [{ id: 'CVE-2024-1234', reason: 'r' }, { id: 'CVE-2024-1234', reason: 's' }] })],
  ['TrivyIgnore', 'two ignore files on one path', (outdir) => {
    const project = new Project({ name: 'bare', outdir });
    new TrivyIgnore(project);
    new TrivyIgnore(project);
    return project;
  }],
  // ImageLock
  ['ImageLock', 'a lock file holding null', lockFile('null')],
  ['ImageLock', 'an entry holding null', lockFile('{"images": {"node:24-trixie-slim": null}}')],
  ['ImageLock', 'a lock file that is no JSON', lockFile('{"images": ')],
  ['ImageLock', 'images that are a list', lockFile('{"images": []}')],
  ['ImageLock', 'a digest that is no digest', lockFile('{"images": {"node:24-trixie-slim": {"digest": "sha256:abc"}}}')],
  ['ImageLock', 'a path leading out of the project', lockFile(undefined, '../../docker-images.lock.json')],
  ['ImageLock', 'a path with a space', lockFile(undefined, 'docker images.lock.json')],
  // ComposeFile
  ['ComposeFile', 'a path leading out of the project', compose((file, api) => file.addImage('api', api), '../../compose.yaml')],
  ['ComposeFile', 'an absolute path', compose((file, api) => file.addImage('api', api), '/tmp/pnd-absolute/compose.yaml')],
  ['ComposeFile', 'a path with $(...)', compose((file, api) => file.addImage('api', api), 'compose$(id).yaml')],
  ['ComposeFile', 'no services', compose(() => undefined)],
  ['ComposeFile', 'a service name with a space', compose((file, api) => file.addImage('my api', api))],
  ['ComposeFile', 'an environment name with a space', compose((file, api) => file.addImage('api', api, { environment: { 'A B': 'x' } }))],
  ['ComposeFile', 'a published port out of range', compose((file, api) => file.addImage('api', api, { ports: [{ target: 3000, published: 70000 }] }))],
  ['ComposeFile', 'an image reference with a space', compose((file) => file.addService('cache', { image: 'redis 7' }))],
  ['ComposeFile', 'two compose files on one path', (outdir) => {
    const project = typescriptTestProject({ outdir });
    const api = new NodeDockerImage(project, 'Api');
    new ComposeFile(project, 'Compose').addImage('api', api);
    new ComposeFile(project, 'Again').addImage('api', api);
    return project;
  }],
  ['ComposeFile', 'two compose files of one id', (outdir) => {
    const project = typescriptTestProject({ outdir });
    const api = new NodeDockerImage(project, 'Api');
    new ComposeFile(project, 'Compose').addImage('api', api);
    new ComposeFile(project, 'Compose', { path: 'compose.dev.yaml' }).addImage('api', api);
    return project;
  }],
  ['ComposeFile', 'an image of another project', compose((file) => file.addImage('other', new NodeDockerImage(typescriptTestProject({ name: 'other' }), 'Other')))],
];

export const otherCases: Array<Omit<BadInput, 'message'>> = cases.map(([construct, name, declare]) => ({ construct, name, declare }));
