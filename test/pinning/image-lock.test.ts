import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it, vi } from 'vitest';
import { Dockerfile, HealthCheck, ImageLock, NodeDockerImage, Runtime, StageBase } from '../../src';
import { renderLockFile } from '../../src/pinning/lock-file';
import { synthDockerfile } from '../dockerfile-lint';
import { messageOf, temporaryOutdir, testProject, typescriptTestProject } from '../util';

const digest = (character: string) => `sha256:${character.repeat(64)}`;
const SLIM = 'node:26-trixie-slim';
const DISTROLESS = 'gcr.io/distroless/nodejs26-debian13:nonroot';

/** A TypeScript service whose folder already holds a lock file with these entries. */
function serviceWithLock(images: { [reference: string]: string }) {
  const outdir = temporaryOutdir();
  const entries = Object.fromEntries(Object.entries(images).map(([reference, value]) => [reference, { digest: value, resolvedAt: '2026-11-20T10:00:00.000Z' }]));
  writeFileSync(join(outdir, 'docker-images.lock.json'), renderLockFile(entries));
  return typescriptTestProject({ outdir });
}

describe('ImageLock', () => {
  it('pins every FROM image that has an entry, and labels the runtime with its base name and digest', () => {
    const project = serviceWithLock({ [SLIM]: digest('a') });
    new NodeDockerImage(project, 'Api', { healthCheck: HealthCheck.http('/health') });
    const { text } = synthDockerfile(project);
    expect(text).toContain(`FROM ${SLIM}@${digest('a')} AS base\n`);
    expect(text).toContain('org.opencontainers.image.base.name=docker.io/library/node:26-trixie-slim');
    expect(text).toContain(`org.opencontainers.image.base.digest=${digest('a')}`);
    expect(text.match(/^FROM /gm)).toHaveLength(4);
    expect(text.match(/^FROM [a-z].*@sha256:/gm)).toHaveLength(1);
  });

  it('pins the distroless runtime and its trixie build image separately', () => {
    const project = serviceWithLock({ [SLIM]: digest('a'), [DISTROLESS]: digest('b') });
    new NodeDockerImage(project, 'Api', { runtime: Runtime.distroless() });
    const { text } = synthDockerfile(project);
    expect(text).toContain(`FROM ${SLIM}@${digest('a')} AS base\n`);
    expect(text).toContain(`FROM ${DISTROLESS}@${digest('b')} AS runtime\n`);
    expect(text).toContain(`org.opencontainers.image.base.name=${DISTROLESS}`);
    expect(text).toContain(`org.opencontainers.image.base.digest=${digest('b')}`);
  });

  it('leaves an image without an entry on its tag, and says once how to pin it', () => {
    const project = typescriptTestProject();
    new NodeDockerImage(project, 'Api');
    new NodeDockerImage(project, 'Worker', { dockerfilePath: 'worker.Dockerfile', runtime: Runtime.alpine() });
    const warn = vi.spyOn(project.logger, 'warn');
    project.synth();
    const text = readFileSync(join(project.outdir, 'Dockerfile'), 'utf-8');
    expect(text).toContain(`FROM ${SLIM} AS base\n`);
    expect(text).not.toContain('image.base.digest');
    const unpinned = warn.mock.calls.map((call) => String(call[0])).filter((message) => message.includes('not pinned'));
    expect(unpinned).toEqual(['2 base images are not pinned by digest (node:26-alpine, node:26-trixie-slim), so builds follow whatever the tag points to. Pin them with "npx projen docker:pin".']);
    expect(existsSync(join(project.outdir, 'docker-images.lock.json'))).toBe(false);
  });

  it('drops entries that no Dockerfile uses any more, and leaves a current lock untouched', () => {
    const project = serviceWithLock({ [SLIM]: digest('a'), 'node:24-trixie-slim': digest('c') });
    new NodeDockerImage(project, 'Api');
    project.synth();
    const lock = JSON.parse(readFileSync(join(project.outdir, 'docker-images.lock.json'), 'utf-8'));
    expect(Object.keys(lock.images)).toEqual([SLIM]);
    expect(lock.images[SLIM]).toEqual({ digest: digest('a'), resolvedAt: '2026-11-20T10:00:00.000Z' });
  });

  it('can be turned off per image', () => {
    const project = serviceWithLock({ [SLIM]: digest('a') });
    new NodeDockerImage(project, 'Api', { pinBaseImages: false });
    new NodeDockerImage(project, 'Worker', { dockerfilePath: 'worker.Dockerfile' });
    expect(synthDockerfile(project).text).toContain(`FROM ${SLIM} AS base\n`);
    expect(synthDockerfile(project, 'worker.Dockerfile').text).toContain(`FROM ${SLIM}@${digest('a')} AS base\n`);
  });

  it('serves any Dockerfile that takes it as imagePins, but not images that name a digest or a variable', () => {
    const project = testProject();
    writeFileSync(join(project.outdir, 'docker-images.lock.json'), renderLockFile({ 'alpine:3.22': { digest: digest('d'), resolvedAt: '' } }));
    const lock = ImageLock.of(project);
    const dockerfile = new Dockerfile(project, { imagePins: lock });
    dockerfile.addGlobalArg('BASE', 'alpine:3.22');
    dockerfile.addStage('one', { from: StageBase.image('alpine:3.22') });
    dockerfile.addStage('two', { from: StageBase.image(`alpine:3.21@${digest('e')}`) });
    dockerfile.addStage('three', { from: StageBase.image('${BASE}') }).addUser('1000');
    const text = dockerfile.render();
    expect(text).toContain(`FROM alpine:3.22@${digest('d')} AS one`);
    expect(text).toContain(`FROM alpine:3.21@${digest('e')} AS two`);
    expect(text).toContain('FROM ${BASE} AS three');
    expect(lock.references).toEqual(['alpine:3.22']);
  });

  it('adds docker:pin and docker:pin:update, which resolve and then synthesize again; the upgrade runs the refresh', () => {
    const project = typescriptTestProject({ depsUpgrade: true });
    new NodeDockerImage(project, 'Api', { runtime: Runtime.distroless() });
    project.synth();
    const tasks = JSON.parse(readFileSync(join(project.outdir, '.projen', 'tasks.json'), 'utf-8')).tasks;
    expect(tasks['docker:pin'].steps[0].exec).toMatch(new RegExp(`^node \\S+/lib/pinning/pin-command\\.js --lock docker-images\\.lock\\.json '${DISTROLESS}' '${SLIM}'$`));
    expect(tasks['docker:pin:update'].steps[0].exec).toContain('pin-command.js --lock docker-images.lock.json --update ');
    expect(tasks['docker:pin'].steps[1]).toEqual({ spawn: 'default' });
    expect(tasks['docker:pin'].steps[0].receiveArgs).toBe(true);
    expect(tasks['post-upgrade'].steps).toContainEqual({ spawn: 'docker:pin:update' });
  });

  it.each([
    ['a digest that is not sha256 and 64 hex characters', JSON.stringify({ images: { [SLIM]: { digest: 'sha256:abc', resolvedAt: '' } } }),
      'docker-images.lock.json: the digest of node:26-trixie-slim is "sha256:abc", which is not "sha256:" and 64 lowercase hex characters. Fix: Run "npx projen docker:pin:update", or remove the entry.'],
    ['null', 'null',
      'docker-images.lock.json must be an object whose "images" is an object of image references. Fix: Restore it from version control, or delete it and run "npx projen docker:pin".'],
    ['an entry that is null', JSON.stringify({ images: { [SLIM]: null } }),
      'docker-images.lock.json: the digest of node:26-trixie-slim is undefined, which is not "sha256:" and 64 lowercase hex characters. Fix: Run "npx projen docker:pin:update", or remove the entry.'],
    ['text that is not JSON', '{ "images": ',
      'docker-images.lock.json is not valid JSON (Unexpected end of JSON input). Fix: Restore it from version control, or delete it and run "npx projen docker:pin".'],
  ])('refuses a lock holding %s at synthesis, naming the entry and the fix, and writes nothing', (_name, text, error) => {
    const outdir = temporaryOutdir();
    writeFileSync(join(outdir, 'docker-images.lock.json'), text);
    const project = typescriptTestProject({ outdir });
    new NodeDockerImage(project, 'Api');
    expect(messageOf(() => project.synth())).toBe(`Nothing was written: 1 problem found.\n  [MalformedLockFile] ImageLock: ${error}`);
    expect(readdirSync(outdir)).toEqual(['docker-images.lock.json']);
    expect(readFileSync(join(outdir, 'docker-images.lock.json'), 'utf-8')).toBe(text);
  });
});
