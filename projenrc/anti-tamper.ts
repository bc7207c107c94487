import { TypeScriptProject } from 'projen/lib/typescript';

/**
 * Makes `npx projen build` fail when a generated file differs from what is
 * committed: generated files must be synthesized and committed together with
 * the change that caused them (projen's anti-tamper idea, applied locally too).
 */
export function addAntiTamperCheck(project: TypeScriptProject): void {
  const check = (what: string, files: string) =>
    project.addTask(`check:${what}`, {
      description: `Fail if ${what} left any generated file different from the committed one`,
      exec: `ts-node --project projenrc/tsconfig.json projenrc/check-generated.ts ${files}`,
    });

  // `build` runs synthesis first, so pre-compile sees what it wrote; docgen runs in post-compile.
  project.preCompileTask.prependSpawn(check('synth', '--projen-files'));
  project.postCompileTask.spawn(check('docgen', 'API.md'));
}
