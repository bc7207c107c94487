import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { beforeAll, expect, it } from 'vitest';
import { Dockerfile, EnvInstruction, StageBase } from '../../src';
import { testProject } from '../util';
import { ImageConfig, listFiles } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';

/**
 * What the property tests check against dockerfile-ast, checked against a real
 * builder: values with quotes, backslashes, `$`, spaces and non-ASCII text come
 * out of buildah and BuildKit exactly as they went into the model. This includes values that
 * begin with a quote, which dockerfile-utils misreads (see test/dockerfile-lint.ts).
 */
const VALUES: Record<string, string> = {
  QUOTES: 'say "hi" and \'bye\'',
  LEADING_SINGLE_QUOTE: "' x",
  LEADING_DOUBLE_QUOTE: '"quoted" start',
  BACKSLASHES: 'C:\\path\\ and \\"',
  DOLLARS: '$HOME ${PATH} $$ \\$',
  SPACES_AND_TABS: '  two  spaces\tand a tab ',
  NON_ASCII: 'grüße, 日本, 😀',
  EMPTY: '',
};
const FILE_NAMES = ['a "quoted" name', "it's", '$dollar', 'sp ace', 'ü-é', '{braces}', 'comma,name'];

for (const builder of BUILDERS) {
  describeWithBuilder(builder, `escaping, checked by a real build with ${builder.name}`, () => {
    const tag = `localhost/pnd-e2e/escaping:${builder.name.toLowerCase()}`;
    let config: ImageConfig;
    let copied: string[];

    beforeAll(() => {
      const context = mkdtempSync(join(tmpdir(), 'pnd-escaping-'));
      for (const name of FILE_NAMES) {
        writeFileSync(join(context, name), name);
      }
      const dockerfile = new Dockerfile(testProject());
      const app = dockerfile.addStage('app', { from: StageBase.image('node:24-trixie-slim') });
      app.addInstruction(new EnvInstruction({ variables: VALUES }));
      app.addLabels(Object.fromEntries(Object.entries(VALUES).map(([name, value]) => [`test.${name.toLowerCase()}`, value])));
      for (const name of FILE_NAMES) {
        app.addCopy([name], `/copied/${name}`);
      }
      app.addWorkdir('/work dir/$x');
      app.addVolume(['/data $x']);
      app.addUser('1000');
      writeFileSync(join(context, 'Dockerfile'), dockerfile.render());
      builder.build({ context, tag });
      config = builder.inspect(tag).config;
      copied = builder.withImageFiles(tag, (rootfs) => listFiles(join(rootfs, 'copied')));
    });

    it('keeps ENV values exact', () => {
      for (const [name, value] of Object.entries(VALUES)) {
        expect(config.Env).toContain(`${name}=${value}`);
      }
    });

    it('keeps LABEL values exact', () => {
      for (const [name, value] of Object.entries(VALUES)) {
        expect(config.Labels?.[`test.${name.toLowerCase()}`]).toBe(value);
      }
    });

    it('copies files whose names have quotes, $, spaces and non-ASCII letters', () => {
      expect(copied.sort()).toEqual([...FILE_NAMES].sort());
    });

    it('keeps WORKDIR and VOLUME paths exact', () => {
      expect(config.WorkingDir).toBe('/work dir/$x');
      expect(Object.keys((config as unknown as { Volumes: Record<string, unknown> }).Volumes)).toEqual(['/data $x']);
    });
  });
}
