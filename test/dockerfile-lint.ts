import { readFileSync } from 'fs';
import { join } from 'path';
import { DockerfileParser, Dockerfile as ParsedDockerfile } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { Project } from 'projen';
import { expect } from 'vitest';

/**
 * dockerfile-utils 0.16 misreads a quoted value that begins with a quote character
 * (`ENV A="' x"`, `ENV A="\"x"`): it reports an unmatched quote, although Docker's
 * word lexer reads such values as written, and so does dockerfile-ast. Only the
 * property tests, which generate such values on purpose, pass this option.
 */
const LEADING_QUOTE_FALSE_POSITIVE = /^failed to process "(?:'|"|\\")[\s\S]*": unexpected end of statement while looking for matching (?:single|double)-quote$/;

/**
 * dockerfile-utils 0.16 expands variables in HEALTHCHECK's exec form and reports `${:}` there as an
 * unsupported modifier, although Docker substitutes no variables in HEALTHCHECK (only in ADD, COPY,
 * ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR and ONBUILD).
 */
const HEALTHCHECK_SUBSTITUTION_FALSE_POSITIVE = /^failed to process "[\s\S]*": (?:unsupported modifier|missing ':' in substitution|bad substitution)/;

export interface LintOptions {
  /** Drop dockerfile-utils' known false positives: values that begin with a quote character, and substitutions in HEALTHCHECK. */
  readonly allowLeadingQuoteFalsePositive?: boolean;
}

/**
 * Parses a Dockerfile with the independent parser and asserts that
 * dockerfile-utils finds nothing wrong with it.
 */
export function lintDockerfile(text: string, options: LintOptions = {}): ParsedDockerfile {
  const lines = text.split('\n');
  const inHealthcheck = (line: number | undefined) => line !== undefined && /^HEALTHCHECK\b/.test(lines[line] ?? '');
  const knownFalsePositive = (diagnostic: ReturnType<typeof validate>[number]) => LEADING_QUOTE_FALSE_POSITIVE.test(String(diagnostic.message))
    || (inHealthcheck((diagnostic as { instructionLine?: number }).instructionLine)
      && HEALTHCHECK_SUBSTITUTION_FALSE_POSITIVE.test(String(diagnostic.message)));
  const diagnostics = validate(text)
    .filter((diagnostic) => !(options.allowLeadingQuoteFalsePositive && knownFalsePositive(diagnostic)))
    .map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
  expect(diagnostics, `dockerfile-utils diagnostics for:\n${text}`).toEqual([]);
  return DockerfileParser.parse(text);
}

/** Synthesizes the project, then lints and returns one generated Dockerfile. */
export function synthDockerfile(project: Project, path = 'Dockerfile'): { text: string; parsed: ParsedDockerfile } {
  project.synth();
  const text = readFileSync(join(project.outdir, path), 'utf-8');
  return { text, parsed: lintDockerfile(text) };
}
