import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { javascript } from 'projen';
import { expect, it } from 'vitest';
import { Dockerfile, DockerIgnore, StageBase } from '../../src';
import { temporaryOutdir } from '../util';
import { listFiles } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';

/** A build context with something for every default pattern, and some files that must get through. */
const CONTEXT_FILES = [
  'package.json', 'src/index.ts', 'src/deep/util.ts', '.env.example', 'README.md',
  '.env', '.env.production', '.git/HEAD', 'node_modules/ms/index.js', 'src/node_modules/x.js', 'coverage/lcov.info',
  'deploy/server.pem', 'deploy/run.sh', 'keys/id_ed25519', '.npmrc', '.vscode/settings.json', '.github/workflows/build.yml',
  '.projenrc.ts', 'debug.log', 'logs/app.log', 'dist/js/app.tgz', 'docs/guide.md', 'docs/keep.md',
];

for (const builder of BUILDERS) {
  describeWithBuilder(builder, `DockerIgnore agrees with ${builder.name} on what enters the build context`, () => {
    it('sends exactly the files its matcher lets in', () => {
      const context = mkdtempSync(join(tmpdir(), 'pnd-ignore-'));
      for (const file of CONTEXT_FILES) {
        mkdirSync(join(context, dirname(file)), { recursive: true });
        writeFileSync(join(context, file), file);
      }
      const project = new javascript.NodeProject({ name: 'api', defaultReleaseBranch: 'main', outdir: temporaryOutdir(), github: false, jest: false });
      const dockerfile = new Dockerfile(project);
      const stage = dockerfile.addStage('context', { name: 'ctx', from: StageBase.image('node:24-trixie-slim') });
      stage.addCopy(['.'], '/ctx/');
      stage.addUser('1000');
      // The project's package output, as NodeDockerImage tells its ignore file; docs are excluded by default.
      const ignore = new DockerIgnore(project, { dockerfile, defaultExcludes: ['dist'], include: ['docs/keep.md', 'deploy'] });
      ignore.preSynthesize();
      writeFileSync(join(context, 'Dockerfile'), dockerfile.render());
      writeFileSync(join(context, '.dockerignore'), [...ignore.patterns, ''].join('\n'));

      const tag = `localhost/pnd-e2e/dockerignore:${builder.name.toLowerCase()}`;
      builder.build({ context, tag });
      const sent = builder.withImageFiles(tag, (rootfs) => listFiles(join(rootfs, 'ctx'))).sort();
      const expected = CONTEXT_FILES.filter((file) => !ignore.ignores(file)).sort();

      expect(sent).toEqual(expected);
      // deploy/ is let in, its key is not.
      expect(expected).toEqual(['.env.example', 'deploy/run.sh', 'docs/keep.md', 'package.json', 'src/deep/util.ts', 'src/index.ts']);
    });

    it('lets in a file the Dockerfile copies by its own path only: the same kind of file elsewhere, and secrets in a copied folder, stay out', () => {
      const context = mkdtempSync(join(tmpdir(), 'pnd-ignore-exact-'));
      const files = ['package.json', 'certs/ca.pem', 'certs/other.pem', 'config/private.pem', 'docs/api.md', 'docs/.env', 'docs/keys/server.key', 'README.md'];
      for (const file of files) {
        mkdirSync(join(context, dirname(file)), { recursive: true });
        writeFileSync(join(context, file), file);
      }
      const project = new javascript.NodeProject({ name: 'api', defaultReleaseBranch: 'main', outdir: temporaryOutdir(), github: false, jest: false });
      const dockerfile = new Dockerfile(project);
      const stage = dockerfile.addStage('context', { name: 'ctx', from: StageBase.image('node:24-trixie-slim') });
      // What runtimeFiles: ['certs/ca.pem', 'docs'] copies: a file a secret default matches, and a folder a default excludes.
      stage.addCopy(['certs/ca.pem'], '/copied/certs/');
      stage.addCopy(['docs'], '/copied/docs');
      stage.addCopy(['.'], '/ctx/');
      stage.addUser('1000');
      const ignore = new DockerIgnore(project, { dockerfile });
      ignore.preSynthesize();
      writeFileSync(join(context, 'Dockerfile'), dockerfile.render());
      writeFileSync(join(context, '.dockerignore'), [...ignore.patterns, ''].join('\n'));

      const tag = `localhost/pnd-e2e/dockerignore:exact-${builder.name.toLowerCase()}`;
      builder.build({ context, tag });
      const sent = builder.withImageFiles(tag, (rootfs) => listFiles(join(rootfs, 'ctx'))).sort();
      expect(sent).toEqual(files.filter((file) => !ignore.ignores(file)).sort());
      expect(sent).toEqual(['certs/ca.pem', 'docs/api.md', 'package.json']);
    });
  });
}
