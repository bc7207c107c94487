import { randomUUID } from 'crypto';
import { appendFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { buildImage, buildSteps, copyContext } from './containers';
import { describeWithContainers } from './describe-with-containers';
import { FIXTURES } from './fixtures';

describeWithContainers('layer cache: a change to one source file reuses the dependency layers', () => {
  it.each(FIXTURES)('$name', (fixture) => {
    const context = copyContext(fixture.folder);
    const secret = join(context, '..', `${fixture.name}-cache-npmrc`);
    writeFileSync(secret, '# no secret needed\n');
    const tag = `localhost/pnd-e2e/${fixture.name}:cache`;
    buildImage({ context, tag, secrets: { npmrc: secret } });

    // A new text every run: the same change as an earlier run would hit that run's layers.
    appendFileSync(join(context, fixture.sourceFile), `\n// changed by the cache test ${randomUUID()}\n`);
    const steps = buildSteps(buildImage({ context, tag, secrets: { npmrc: secret } }).log);

    const installs = steps.filter((step) => /\b(npm ci|yarn install|yarn workspaces focus|pnpm install|bun install)\b/.test(step.instruction));
    expect(installs.length).toBeGreaterThan(0);
    expect(installs.filter((step) => !step.cached)).toEqual([]);
    const copiesOfTheSource = steps.filter((step) => /^COPY (src|\.) /.test(step.instruction));
    expect(copiesOfTheSource.length).toBeGreaterThan(0);
    expect(copiesOfTheSource.every((step) => !step.cached)).toBe(true);
  });
});

describe('the harness can fail', () => {
  describeWithContainers('a broken Dockerfile', () => {
    it('fails the build with the builder\'s own message', () => {
      const context = copyContext(FIXTURES[0].folder);
      writeFileSync(join(context, 'Dockerfile'), 'FROM node:24-trixie-slim AS app\nCOPY missing-file.txt /app/\n');
      expect(() => buildImage({ context, tag: 'localhost/pnd-e2e/broken:test' }))
        .toThrow(/buildah bud .* exited with \d+:[\s\S]*missing-file\.txt[\s\S]*no such file or directory/);
    });
  });
});
