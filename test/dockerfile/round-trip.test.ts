import { Copy, Env, Instruction as ParsedInstruction, Label } from 'dockerfile-ast';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dockerfile, DockerfileStage, StageBase } from '../../src';
import { lintDockerfile } from '../dockerfile-lint';
import { testProject } from '../util';

/**
 * Random values of every kind the Dockerfile syntax can carry: ASCII and
 * non-ASCII text, the characters with a meaning to the Dockerfile lexer and the
 * shell, and tabs. Line breaks and other control characters are refused by the
 * model (see bad-input.test.ts), so they are not generated here.
 */
const SPECIALS = [' ', '  ', '\t', '"', "'", '\\', '\\\\', '$', '${X}', '$HOME', '#', '=', '`', '[', ']', ',', '{', '}', '&&', ';', '|', '*', '?', 'é', 'ß', '日本', '😀', '\u00a0'];
const text = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 40,
}).filter((value) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value));
const nonEmptyText = text.filter((value) => value.trim() !== '');
const variableName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/).filter((name) => !/TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|APIKEY|PRIVATEKEY|(^|_)(KEY|AUTH|PASS|PWD)(_|$)/i.test(name));
const labelKey = fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,30}$/);
const argv = fc.array(text, { minLength: 1, maxLength: 6 }).filter((values) => values[0].trim() !== '');
// At least 1,000 runs per property, as the issue asks; more with FC_NUM_RUNS.
const numRuns = Math.max(1000, Number(process.env.FC_NUM_RUNS ?? 0));
// Seeded, so that every run of the suite checks the same values; FC_SEED replays or varies them.
const seed = Number(process.env.FC_SEED ?? 20261201);
fc.configureGlobal({ seed });
console.log(`round-trip properties: fast-check seed ${seed} (set FC_SEED to replay another)`);

function appStage(): { dockerfile: Dockerfile; app: DockerfileStage } {
  const dockerfile = new Dockerfile(testProject());
  const app = dockerfile.addStage('app', { from: StageBase.image('node:24-trixie-slim') });
  return { dockerfile, app };
}

/** The instructions after FROM, parsed by dockerfile-ast from the rendered (and linted) text. */
function parse(dockerfile: Dockerfile): ParsedInstruction[] {
  return lintDockerfile(dockerfile.render(), { allowLeadingQuoteFalsePositive: true }).getInstructions().filter((instruction) => instruction.getKeyword() !== 'FROM');
}

/**
 * dockerfile-ast resolves `\"` and `\\` in quoted values but leaves `\$` as written
 * (escaping a variable is left to whoever expands them); a builder reads `\$` as `$`.
 */
function unescapeDollar(value: string): string {
  return value.replace(/\\\$/g, '$');
}

/** A COPY argument as a builder reads it: JSON-decoded, then each escaped character taken literally. */
function copyArguments(copy: Copy): string[] {
  const content = copy.getArgumentsContent()!;
  if (content.startsWith('[')) {
    return (JSON.parse(content) as string[]).map((word) => word.replace(/\\(.)/g, '$1'));
  }
  return copy.getArguments().map((argument) => argument.getValue());
}

function execForm(instruction: ParsedInstruction, prefix = ''): string[] {
  const content = instruction.getArgumentsContent()!;
  expect(content.startsWith(prefix)).toBe(true);
  return JSON.parse(content.slice(prefix.length));
}

describe('rendered values parse back to exactly the given values (dockerfile-ast)', () => {
  it('ENV', () => {
    fc.assert(fc.property(fc.dictionary(variableName, text, { minKeys: 1, maxKeys: 4 }), (variables) => {
      const { dockerfile, app } = appStage();
      app.addEnv(variables);
      app.addUser('1000');
      const [env] = parse(dockerfile) as Env[];
      const parsed = Object.fromEntries(env.getProperties().map((property) => [property.getName(), unescapeDollar(property.getValue() ?? '')]));
      expect(parsed).toEqual(variables);
    }), { numRuns });
  });

  it('LABEL', () => {
    fc.assert(fc.property(fc.dictionary(labelKey, text, { minKeys: 1, maxKeys: 4 }), (labels) => {
      const { dockerfile, app } = appStage();
      app.addLabels(labels);
      app.addUser('1000');
      const [label] = parse(dockerfile) as Label[];
      const parsed = Object.fromEntries(label.getProperties().map((property) => [property.getName(), unescapeDollar(property.getValue() ?? '')]));
      expect(parsed).toEqual(labels);
    }), { numRuns });
  });

  it('ARG defaults', () => {
    fc.assert(fc.property(variableName, text, (name, defaultValue) => {
      const { dockerfile, app } = appStage();
      app.addArg(name, defaultValue);
      app.addUser('1000');
      const [arg] = parse(dockerfile) as Env[];
      const [property] = arg.getProperties();
      expect(property.getName()).toBe(name);
      expect(unescapeDollar(property.getValue() ?? '')).toBe(defaultValue);
    }), { numRuns });
  });

  it('RUN argv (exec form)', () => {
    fc.assert(fc.property(argv, (values) => {
      const { dockerfile, app } = appStage();
      app.addRunExec(values);
      app.addUser('1000');
      expect(execForm(parse(dockerfile)[0])).toEqual(values);
    }), { numRuns });
  });

  it('CMD, ENTRYPOINT, SHELL and HEALTHCHECK arrays', () => {
    fc.assert(fc.property(argv, argv, argv, argv, (cmd, entrypoint, shell, check) => {
      const { dockerfile, app } = appStage();
      app.addShell(shell);
      app.addHealthcheck({ command: check });
      app.addUser('1000');
      app.addEntrypoint(entrypoint);
      app.addCmd(cmd);
      const [parsedShell, parsedCheck, , parsedEntrypoint, parsedCmd] = parse(dockerfile);
      expect(execForm(parsedShell)).toEqual(shell);
      expect(execForm(parsedCheck, 'CMD ')).toEqual(check);
      expect(execForm(parsedEntrypoint)).toEqual(entrypoint);
      expect(execForm(parsedCmd)).toEqual(cmd);
    }), { numRuns });
  });

  it('COPY paths', () => {
    const path = nonEmptyText.filter((value) => !value.startsWith('-'));
    // A backslash in a source is a pattern escape to builders, so the model refuses it there.
    const source = path.filter((value) => !value.includes('\\'));
    fc.assert(fc.property(fc.array(source, { minLength: 1, maxLength: 4 }), path, (sources, destination) => {
      const { dockerfile, app } = appStage();
      const target = sources.length > 1 ? `/${destination}/` : `/${destination}`;
      app.addCopy(sources, target);
      app.addUser('1000');
      const [copy] = parse(dockerfile) as Copy[];
      expect(copyArguments(copy)).toEqual([...sources, target]);
    }), { numRuns });
  });
});
