import { javascript, Project } from 'projen';
import { HealthCheck, ImagePreset, NodeDockerImage, NodeDockerImageProps, Runtime } from '../../src';
import { typescriptTestProject } from '../util';
import { BadInput } from './sandbox';

const NODE_IMAGE = 'NodeDockerImage';

/** A TypeScript service with one image, `Api`, of these options. */
function tsImage(props: NodeDockerImageProps, more?: (image: NodeDockerImage, project: javascript.NodeProject) => void) {
  return (outdir: string): Project => {
    const project = typescriptTestProject({ outdir });
    const image = new NodeDockerImage(project, 'Api', props);
    more?.(image, project);
    return project;
  };
}

/** A plain JavaScript service with one image. */
function jsImage(props: NodeDockerImageProps, options: Partial<javascript.NodeProjectOptions> = {}) {
  return (outdir: string): Project => {
    const project = new javascript.NodeProject({
      name: 'api', defaultReleaseBranch: 'main', outdir, github: false, jest: false, packageManager: javascript.NodePackageManager.NPM, ...options,
    });
    new NodeDockerImage(project, 'Api', props);
    return project;
  };
}

function withId(id: string) {
  return (outdir: string): Project => {
    const project = typescriptTestProject({ outdir });
    new NodeDockerImage(project, id, { dockerfilePath: 'w.Dockerfile' });
    return project;
  };
}

const cases: Array<[string, (outdir: string) => Project]> = [
  // Ids: they name tasks, jobs and the image.
  ['an id with $(...)', withId('W$(touch pwned)')],
  ['an id with a space', withId('My Worker')],
  ['an id with backticks', withId('api`id`')],
  ['an id starting with a digit', withId('9lives')],
  ['an id with ${{ }}', withId('${{ github.actor }}')],
  ['the same id twice', (outdir) => {
    const project = typescriptTestProject({ outdir });
    new NodeDockerImage(project, 'Api');
    new NodeDockerImage(project, 'Api', { dockerfilePath: 'api.Dockerfile' });
    return project;
  }],
  ['two ids that differ only in case', (outdir) => {
    const project = typescriptTestProject({ outdir });
    new NodeDockerImage(project, 'Api');
    new NodeDockerImage(project, 'api', { dockerfilePath: 'api.Dockerfile' });
    return project;
  }],
  ['two ids that differ only in punctuation', (outdir) => {
    const project = typescriptTestProject({ outdir });
    new NodeDockerImage(project, 'ApiWorker');
    new NodeDockerImage(project, 'api-worker', { dockerfilePath: 'worker.Dockerfile' });
    return project;
  }],
  // Paths.
  ['a dockerfilePath leading out of the project', tsImage({ dockerfilePath: '../../x.Dockerfile' })],
  ['an absolute dockerfilePath', tsImage({ dockerfilePath: '/tmp/pnd-absolute.Dockerfile' })],
  ['a dockerfilePath with a space', tsImage({ dockerfilePath: 'my api.Dockerfile' })],
  ['a dockerfilePath with a newline', tsImage({ dockerfilePath: 'a\nb.Dockerfile' })],
  ['a dockerfilePath with ${{ }}', tsImage({ dockerfilePath: '${{ github.event.pull_request.title }}.Dockerfile' })],
  ['an empty dockerfilePath', tsImage({ dockerfilePath: '' })],
  ['a dockerfilePath with a semicolon', tsImage({ dockerfilePath: 'x;rm -rf ~.Dockerfile' })],
  ['a dockerfilePath another file has', (outdir) => {
    const project = typescriptTestProject({ outdir });
    new NodeDockerImage(project, 'Api', { dockerfilePath: 'tsconfig.json' });
    return project;
  }],
  ['a buildContext with $(...)', tsImage({ buildContext: 'ctx$(id)' })],
  ['an absolute buildContext', tsImage({ buildContext: '/srv/app' })],
  ['a buildContext with a newline', tsImage({ buildContext: '.\n..' })],
  ['a buildContext below the project', tsImage({ buildContext: 'src' })],
  ['a workdir with a space', tsImage({ workdir: '/app dir' })],
  ['a workdir with ..', tsImage({ workdir: '/app/../etc' })],
  ['a workdir with $(...)', tsImage({ workdir: '/app$(id)' })],
  ['a relative workdir', tsImage({ workdir: 'app' })],
  ['a runtime file outside the project', tsImage({ runtimeFiles: ['../secret.txt'] })],
  ['an absolute runtime file', tsImage({ runtimeFiles: ['/etc/passwd'] })],
  ['a .env runtime file', tsImage({ runtimeFiles: ['.env'] })],
  ['a .env.production runtime file', tsImage({ runtimeFiles: ['config/.env.production'] })],
  ['an .npmrc runtime file', tsImage({ runtimeFiles: ['.npmrc'] })],
  ['a private key runtime file', tsImage({ runtimeFiles: ['keys/server.key'] })],
  ['an SSH key runtime file', tsImage({ runtimeFiles: ['deploy/id_ed25519'] })],
  ['a runtime file with a space', tsImage({ runtimeFiles: ['a b.json'] })],
  ['a runtime file with a newline', tsImage({ runtimeFiles: ['x\ny'] })],
  ['a runtime file with a glob', tsImage({ runtimeFiles: ['public/*'] })],
  // Commands.
  ['a command run through bash', tsImage({ command: ['/bin/bash', '-c', 'node dist/index.js'] })],
  ['a command run through sh', tsImage({ command: ['sh', '-c', 'node dist/index.js'] })],
  ['a command run through env', tsImage({ command: ['/usr/bin/env', 'node', 'dist/index.js'] })],
  ['an empty command argument', tsImage({ command: [''] })],
  ['a command through tsx', tsImage({ command: ['tsx', 'src/index.ts'] })],
  ['a command through ts-node', tsImage({ command: ['ts-node', 'src/main.ts'] })],
  ['a command of a TypeScript file', tsImage({ command: ['src/index.ts'] })],
  ['a command that starts with node', tsImage({ command: ['node', 'dist/index.js'] })],
  ['a command through npm start', tsImage({ command: ['npm', 'start'] })],
  ['an empty command', tsImage({ command: [] })],
  ['a command argument with a newline', tsImage({ command: ['dist/index.js', 'a\nb'] })],
  ['a command of a program name', tsImage({ command: ['serve'] })],
  // Environment and build arguments.
  ['NODE_ENV set to development', tsImage({ environment: { NODE_ENV: 'development' } })],
  ['NODE_ENV added as test', tsImage({}, (image) => image.addEnvironment({ NODE_ENV: 'test' }))],
  ['an environment name with a space', tsImage({ environment: { 'BAD NAME': 'x' } })],
  ['an environment name starting with a digit', tsImage({ environment: { '1X': 'y' } })],
  ['an environment name with $(...)', tsImage({ environment: { 'X$(id)': 'y' } })],
  ['a database URL with a password', tsImage({ environment: { DATABASE_URL: 'postgres://app:hunter2@db:5432/app' } })],
  ['an environment value with a newline', tsImage({ environment: { LOG_FORMAT: 'a\nb' } })],
  ['a token in the environment', tsImage({ environment: { API_TOKEN: 'abc' } })],
  ['a build argument the image sets itself', tsImage({ buildArgs: { REVISION: 'x' } })],
  ['a build argument name with a dash', tsImage({ buildArgs: { 'A-B': 'x' } })],
  ['a build argument with a URL password', tsImage({ buildArgs: { MIRROR: 'https://user:secret@mirror.example/' } })],
  ['a build argument with a newline', tsImage({ buildArgs: { FLAVOUR: 'a\nb' } })],
  ['a token as a build argument', tsImage({ buildArgs: { NPM_TOKEN: 'x' } })],
  // Ports and health checks.
  ['a port listed twice', tsImage({ ports: [3000, 3000] })],
  ['a port given and added again', tsImage({ ports: [8080] }, (image) => image.addPort(8080))],
  ['a port out of range', tsImage({ ports: [70000] })],
  ['an HTTP health check without a port', tsImage({ ports: [], healthCheck: HealthCheck.http('/health') })],
  ['a health check through curl on slim', tsImage({ healthCheck: HealthCheck.command(['curl', '-f', 'http://127.0.0.1:3000/health']) })],
  ['a health check through wget on slim', tsImage({ healthCheck: HealthCheck.command(['wget', '-q', '-O-', 'http://127.0.0.1:3000/health']) })],
  ['a health check through curl on distroless', tsImage({ runtime: Runtime.distroless(), healthCheck: HealthCheck.command(['curl', 'http://127.0.0.1:3000']) })],
  ['a health check through a shell on distroless', tsImage({ runtime: Runtime.distroless(), healthCheck: HealthCheck.command(['/bin/sh', '-c', 'true']) })],
  ['a health check through curl on alpine', tsImage({ runtime: Runtime.alpine(), healthCheck: HealthCheck.command(['curl', 'http://127.0.0.1:3000']) })],
  ['an empty health check command', tsImage({ healthCheck: HealthCheck.command([]) })],
  ['a health check with an empty argument', tsImage({ healthCheck: HealthCheck.command(['node', '']) })],
  ['a health check path with a space', tsImage({ healthCheck: HealthCheck.http('/health check') })],
  ['a health check port of 0', tsImage({ healthCheck: HealthCheck.http('/health', { port: 0 }) })],
  // Users, packages, secrets, addons.
  ['uid 0', tsImage({ uid: 0 })],
  ['a negative gid', tsImage({ gid: -1 })],
  ['a fractional uid', tsImage({ uid: 1.5 })],
  ['a build package with a shell command', tsImage({ buildPackages: ['curl; rm -rf /'] })],
  ['a runtime package with $(...)', tsImage({ runtimePackages: ['$(id)'] })],
  ['runtime packages on distroless', tsImage({ runtime: Runtime.distroless(), runtimePackages: ['curl'] })],
  ['init on distroless', tsImage({ runtime: Runtime.distroless(), init: true })],
  ['an install secret named HOME', tsImage({ installSecrets: ['HOME'] })],
  ['an install secret with a dash', tsImage({ installSecrets: ['npm-token'] })],
  ['a native addon that is not a package name', tsImage({ nativeAddons: ['../x'] })],
  ['Node.js 16', tsImage({ nodeMajor: 16 })],
  ['Node.js 23, not an LTS line', tsImage({ nodeMajor: 23 })],
  // The project.
  ['the NestJS preset on a JavaScript project', jsImage({ preset: ImagePreset.NESTJS })],
  ['an absolute JavaScript entry point', jsImage({}, { entrypoint: '/srv/index.js' })],
  ['a JavaScript entry point outside the project', jsImage({}, { entrypoint: '../index.js' })],
  ['a TypeScript entry point outside the output', (outdir) => {
    const project = typescriptTestProject({ outdir, entrypoint: 'src/index.ts' });
    new NodeDockerImage(project, 'Api');
    return project;
  }],
  ['a project that is no Node.js project', (outdir) => {
    const project = new Project({ name: 'plain', outdir });
    new NodeDockerImage(project, 'Api');
    return project;
  }],
  ['a literal token in the project .npmrc', (outdir) => {
    const project = typescriptTestProject({ outdir });
    project.npmrc.addConfig('//npm.pkg.example/:_authToken', 'npm_abcdef');
    new NodeDockerImage(project, 'Api');
    return project;
  }],
  ['a raw instruction that hides USER root', tsImage({}, (image) => image.stage('runtime').addRaw('ONBUILD RUN x\nUSER root'))],
  ['a raw USER root', tsImage({}, (image) => image.stage('runtime').addRaw('USER root'))],
  ['an ignore pattern that excludes the sources', tsImage({}, (image) => image.dockerIgnore.addExclude('src'))],
  ['an ignore pattern with a newline', tsImage({}, (image) => image.dockerIgnore.addExclude('docs\n!**/.env'))],
];

export const nodeImageCases: Array<Omit<BadInput, 'message'>> = cases.map(([name, declare]) => ({ construct: NODE_IMAGE, name, declare }));
