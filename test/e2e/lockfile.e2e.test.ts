import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { CommandError, copyContext } from './containers';
import { BUILDERS, describeWithBuilder } from './describe-with-builder';
import { FIXTURES } from './fixtures';

/**
 * The image installs exactly what the lockfile says. A package.json that asks for
 * something the lockfile lacks must stop the build, never install other versions
 * (Yarn Berry's `workspaces focus` alone would: it does not check the lockfile).
 */
for (const builder of BUILDERS) {
  describeWithBuilder(builder, `a dependency missing from the lockfile fails the build with ${builder.name}`, () => {
    describe.each(FIXTURES)(`$name, built with ${builder.name}`, (fixture) => {
      it('stops at the install, naming the lockfile', () => {
        const context = copyContext(fixture.folder);
        const manifestPath = join(context, 'package.json');
        const manifest = JSON.parse(readFileSync(manifestPath, 'utf-8'));
        manifest.dependencies = { ...manifest.dependencies, 'is-odd': '3.0.1' };
        writeFileSync(manifestPath, `${JSON.stringify(manifest, undefined, 2)}\n`);
        const secret = join(context, '..', `${fixture.name}-lockfile-npmrc`);
        writeFileSync(secret, '# no secret needed\n');

        let failure: unknown;
        try {
          builder.build({ context, tag: `localhost/pnd-e2e/${fixture.name}:missing-dependency`, target: 'runtime', secrets: { npmrc: secret } });
        } catch (error) {
          failure = error;
        }
        expect(failure).toBeInstanceOf(CommandError);
        // The whole output: npm prints its usage after the message.
        const output = (failure as CommandError).result.stdout + (failure as CommandError).result.stderr;
        expect(output).toMatch(builder.failedRun('npm ci|yarn install|pnpm install|bun install'));
        // npm, Yarn classic, Yarn Berry (YN0028), pnpm and Bun each name the lockfile.
        expect(output).toMatch(/lock ?file|package-lock\.json|pnpm-lock\.yaml/i);
      });
    });
  });
}
