import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { javascript } from 'projen';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HealthCheck, NodeServiceProject, NodeServiceProjectOptions, Runtime } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { messageOf, temporaryOutdir } from '../util';
import { lintWorkflow } from '../workflow-lint';

function serviceProject(options: Partial<NodeServiceProjectOptions> = {}): NodeServiceProject {
  return new NodeServiceProject({
    name: 'orders',
    defaultReleaseBranch: 'main',
    outdir: temporaryOutdir(),
    packageManager: javascript.NodePackageManager.NPM,
    ...options,
  });
}

const read = (project: NodeServiceProject, path: string) => readFileSync(join(project.outdir, path), 'utf-8');
const tasksOf = (project: NodeServiceProject) => JSON.parse(read(project, '.projen/tasks.json')).tasks;

describe('NodeServiceProject', () => {
  it('writes the image, its scan workflow, the compose file, the tasks and a sample service that answers its health route', async () => {
    const project = serviceProject();
    project.synth();
    const dockerfile = lintDockerfile(read(project, 'Dockerfile'));
    expect(dockerfile.getFROMs().map((from) => from.getBuildStage())).toEqual(['base', 'deps', 'build', 'runtime']);
    expect(read(project, 'Dockerfile')).toContain('CMD ["node", "lib/index.js"]');
    expect(read(project, 'Dockerfile')).toContain("fetch('http://127.0.0.1:3000/health')");
    expect(read(project, '.dockerignore')).toContain('\ntest\n');
    const workflow = read(project, '.github/workflows/container-images.yml');
    expect(await lintWorkflow(workflow, '.github/workflows/container-images.yml')).toEqual([]);
    const compose = parse(read(project, 'compose.yaml'), { version: '1.1' });
    expect(compose.services.service).toMatchObject({
      image: 'localhost/orders:0.0.0', ports: ['127.0.0.1:3000:3000'], init: true, read_only: true,
    });
    expect(compose.services.service.healthcheck.test[0]).toBe('CMD');
    const tasks = tasksOf(project);
    for (const task of ['docker:build', 'docker:run', 'docker:scan', 'docker:pin', 'docker:pin:update', 'docker:up', 'docker:down']) {
      expect(tasks[task], task).toBeDefined();
    }
    // The upgrade moves the base images forward too.
    expect(tasks['post-upgrade'].steps).toContainEqual({ spawn: 'docker:pin:update' });
    expect(read(project, 'src/server.ts')).toContain("request.url === '/health'");
    expect(read(project, 'src/index.ts')).toContain('Number(process.env.PORT ?? 3000)');
    expect(read(project, 'test/server.test.ts')).toContain("path: '/health'");
    // projen's own sample is not written beside the service's.
    expect(existsSync(join(project.outdir, 'src', 'hello.ts'))).toBe(false);
    const devDependencies = JSON.parse(read(project, 'package.json')).devDependencies;
    expect(devDependencies.typescript).toBe('~6.0.0');
    // The types of the Node.js line the image runs (26, the newest LTS line on the tests' day).
    expect(devDependencies['@types/node']).toBe('^26');
    expect(read(project, 'README.md')).toContain('npx projen docker:up');
  });

  it('takes the image options as its own and leaves everything it declares to escape hatches', () => {
    const project = serviceProject({
      ports: [8080],
      healthCheck: HealthCheck.http('/ready'),
      runtime: Runtime.distroless(),
      nodeMajor: 24,
      environment: { LOG_LEVEL: 'info' },
      jest: false,
    });
    project.image.stage('runtime').addLabels({ team: 'orders' });
    project.composeService!.addEnvironment({ LOG_LEVEL: 'debug' });
    project.compose!.file.addOverride('services.service.restart', 'unless-stopped');
    project.imageScan!.file!.addOverride('jobs.image-image.timeout-minutes', 30);
    project.synth();
    const dockerfile = read(project, 'Dockerfile');
    expect(dockerfile).toContain('FROM gcr.io/distroless/nodejs24-debian13:nonroot AS runtime');
    expect(dockerfile).toContain('EXPOSE 8080');
    expect(dockerfile).toContain('LABEL team=orders');
    const service = parse(read(project, 'compose.yaml')).services.service;
    expect(service).toMatchObject({ ports: ['127.0.0.1:8080:8080'], restart: 'unless-stopped', environment: { NODE_ENV: 'production', LOG_LEVEL: 'debug' } });
    expect(service.healthcheck.test).toEqual(['CMD', '/nodejs/bin/node', '-e', expect.stringContaining("fetch('http://127.0.0.1:8080/ready')")]);
    expect(parse(read(project, '.github/workflows/container-images.yml')).jobs['image-image']['timeout-minutes']).toBe(30);
    expect(read(project, 'src/server.ts')).toContain("request.url === '/ready'");
    expect(read(project, 'src/index.ts')).toContain('Number(process.env.PORT ?? 8080)');
    expect(existsSync(join(project.outdir, 'test', 'server.test.ts'))).toBe(false);
  });

  it('adds a Postgres database the service waits for, and leaves out what is turned off', () => {
    const project = serviceProject({ postgres: true, github: false });
    project.synth();
    const { services } = parse(read(project, 'compose.yaml'));
    expect(services.service.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(services.service.environment.DATABASE_URL).toBe('postgres://app:app@db:5432/app');
    expect(services.db.image).toBe('postgres:17-trixie');
    expect(project.imageScan).toBeUndefined();
    expect(existsSync(join(project.outdir, '.github'))).toBe(false);

    const bare = serviceProject({ compose: false, imageScan: false, sampleCode: false });
    bare.synth();
    expect(existsSync(join(bare.outdir, 'compose.yaml'))).toBe(false);
    expect(existsSync(join(bare.outdir, '.github', 'workflows', 'container-images.yml'))).toBe(false);
    expect(existsSync(join(bare.outdir, 'src', 'server.ts'))).toBe(false);
    expect(tasksOf(bare)['docker:up']).toBeUndefined();
    expect(existsSync(join(bare.outdir, 'Dockerfile'))).toBe(true);
  });

  it('writes samples only where no file is', () => {
    const outdir = temporaryOutdir();
    mkdirSync(join(outdir, 'src'));
    writeFileSync(join(outdir, 'src', 'index.ts'), 'export const mine = true;\n');
    const project = serviceProject({ outdir });
    project.synth();
    expect(read(project, 'src/index.ts')).toBe('export const mine = true;\n');
    expect(existsSync(join(outdir, 'src', 'server.ts'))).toBe(true);
  });

  it('refuses postgres without the compose file, and a scan without GitHub workflows, with nothing written', () => {
    const project = serviceProject({ postgres: true, compose: false, github: false, imageScan: true });
    expect(messageOf(() => project.synth())).toBe([
      'Nothing was written: 2 problems found.',
      '  [NoGitHub] ImageScan: project "orders" has no GitHub configuration, so there is no workflow to write. '
      + 'Fix: Enable GitHub on the root project (github: true), or leave out the TrivyWorkflow.',
      '  [PostgresWithoutCompose] orders: postgres adds a database to compose.yaml, and compose is false. Fix: Leave compose out (it is true by default), or leave out postgres.',
    ].join('\n'));
    expect(existsSync(join(project.outdir, 'Dockerfile'))).toBe(false);
    expect(existsSync(join(project.outdir, 'package.json'))).toBe(false);
  });
});
