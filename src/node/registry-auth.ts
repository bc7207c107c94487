import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { FileBase, IResolver, ResolveOptions } from 'projen';
import { NodePackageManager, NodeProject } from 'projen/lib/javascript';
import { FindingSeverity } from '../core/finding';
import { Problem } from '../core/problem';
import { RunMount } from '../dockerfile';
import { NodeDockerImageProps } from './node-docker-image-props';
import { NodeImageRule } from './node-image-rule';
import { PackageManagerStrategy } from './package-managers';

/**
 * Private registries: how a token from a build secret reaches the package
 * manager, whatever the project's configuration looks like.
 *
 * npm, pnpm, Yarn classic and Bun read the project's `.npmrc`, and Yarn Berry its
 * `.yarnrc.yml`; all of them expand `${NAME}` from the environment. Both files are
 * mounted into the installs as build secrets (see settings-secrets.ts), never copied;
 * as synthesized they may hold placeholders but never a token.
 * Every variable they name is read from a build secret of its name in lowercase,
 * in the install's RUN only: never ENV or ARG (history, config), never a file in
 * a layer. Secrets as environment variables (`--mount=type=secret,env=`) are
 * BuildKit-only, so the RUN reads the secret file itself.
 */

/** A build secret the install reads into an environment variable. */
export interface InstallSecret {
  /** The build secret id (`npm_token`). */
  readonly id: string;
  /** The variable the package manager reads (`NPM_TOKEN`). */
  readonly variable: string;
}

/** What the image needs to authenticate its installs, and what is wrong with the project's configuration. */
export interface RegistryAuth {
  readonly secrets: InstallSecret[];
  readonly problems: Problem[];
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `${NAME}`, `${NAME?}` (npm, Bun), `${NAME:-fallback}` and `${NAME-fallback}` (Yarn Berry, pnpm). */
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[?:-][^}]*)?\}/g;
const ONLY_A_PLACEHOLDER = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?:[?:-][^}]*)?\}$/;
/** Variables the install's own shell sets: a placeholder of these is no secret. */
const SHELL_VARIABLES = ['HOME', 'PATH', 'PWD'];
/** `.npmrc` keys that carry credentials (`//host/:_authToken`, `_auth`, `_password`). */
const NPMRC_CREDENTIAL = /(^|:)(_authToken|_auth|_password)$/;
/** `.yarnrc.yml` keys that carry credentials, at any depth (`npmScopes.<scope>.npmAuthToken`). */
const YARNRC_CREDENTIAL = /^\s*(npmAuthToken|npmAuthIdent)\s*:\s*(.*)$/;

/** The build secret a variable is read from: its name in lowercase (`NPM_TOKEN` from `npm_token`). */
export function installSecret(variable: string): InstallSecret {
  return { id: variable.toLowerCase(), variable };
}

/** The file a package manager takes its registries and tokens from, in the project folder. */
function registryConfigFile(project: NodeProject): string {
  const manager = project.package.packageManager;
  return manager === NodePackageManager.YARN_BERRY || manager === NodePackageManager.YARN2 ? '.yarnrc.yml' : '.npmrc';
}

/**
 * The build secrets the installs read and the problems of the project's registry
 * configuration: placeholders in the file the package manager reads, plus the
 * variables `installSecrets` names.
 */
export function registryAuth(project: NodeProject, options: NodeDockerImageProps): RegistryAuth {
  const installSecrets = options.installSecrets ?? [];
  const path = registryConfigFile(project);
  const text = projectFileText(project, path) ?? '';
  const lines = text.split(/\r?\n/).map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => !/^\s*[#;]/.test(line));
  const problems: Problem[] = [];
  for (const { line, number } of lines) {
    const credential = path === '.npmrc' ? npmrcCredential(line) : yarnrcCredential(line);
    if (credential && credential.value !== '' && !ONLY_A_PLACEHOLDER.test(credential.value)) {
      problems.push(literalTokenProblem(path, number, credential.key));
    }
  }
  const placeholders = lines.flatMap(({ line }) => [...line.matchAll(PLACEHOLDER)].map((match) => match[1]))
    .filter((name) => !SHELL_VARIABLES.includes(name));
  for (const name of installSecrets) {
    if (!VARIABLE.test(name) || SHELL_VARIABLES.includes(name)) {
      problems.push({
        rule: NodeImageRule.INVALID_INSTALL_SECRET,
        message: `installSecrets "${name}" is not the name of an environment variable the install could read (letters, digits and "_", not ${SHELL_VARIABLES.join(', ')}).`,
        fix: 'Name the variable the package manager reads, such as "YARN_NPM_AUTH_TOKEN" or "NPM_TOKEN".',
      });
    }
  }
  const variables = [...new Set([...placeholders, ...installSecrets.filter((name) => VARIABLE.test(name))])];
  if (path === '.yarnrc.yml' && options.npmrcSecret) {
    problems.push({
      rule: NodeImageRule.NPMRC_SECRET_NOT_READ,
      severity: FindingSeverity.WARNING,
      message: 'Yarn Berry reads no .npmrc, so the npmrc build secret mounted as /root/.npmrc never reaches it.',
      fix: 'Refer to the token in .yarnrc.yml (npmAuthToken: "${NPM_TOKEN}", passed as the build secret npm_token), or set installSecrets: [\'YARN_NPM_AUTH_TOKEN\']; then leave out npmrcSecret.',
    });
  }
  return { secrets: variables.map(installSecret), problems };
}

function literalTokenProblem(path: string, line: number, key: string): Problem {
  const npmrc = path === '.npmrc';
  return {
    rule: NodeImageRule.LITERAL_REGISTRY_TOKEN,
    // The value itself is never repeated: it is a credential.
    message: `${path} line ${line} sets ${key} to a literal value: a credential in a file of the project, which is committed and shared.`,
    fix: npmrc
      ? `Write ${key}=\${NPM_TOKEN} (project.npmrc.addConfig('${key}', '\${NPM_TOKEN}')) and pass the token as the build secret npm_token, or leave the line out and mount a user-level .npmrc with npmrcSecret.`
      : `Write ${key}: "\${NPM_TOKEN}" and pass the token as the build secret npm_token, or leave it out and set installSecrets: ['YARN_NPM_AUTH_TOKEN'].`,
  };
}

/** A credential line of an `.npmrc`: its key and its value without quotes. */
function npmrcCredential(line: string): { key: string; value: string } | undefined {
  const equals = line.indexOf('=');
  if (equals < 0) {
    return undefined;
  }
  const key = line.slice(0, equals).trim();
  return NPMRC_CREDENTIAL.test(key) ? { key, value: unquote(line.slice(equals + 1).trim()) } : undefined;
}

/** A credential line of a `.yarnrc.yml`: its key and its value without quotes or a trailing comment. */
function yarnrcCredential(line: string): { key: string; value: string } | undefined {
  const match = YARNRC_CREDENTIAL.exec(line);
  return match ? { key: match[1], value: unquote(match[2].replace(/\s+#.*$/, '').trim()) } : undefined;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/**
 * A file of the project as it will be written: rendered from the projen component
 * that writes it (projen's `NpmConfig` writes `.npmrc`, `Yarnrc` writes `.yarnrc.yml`),
 * else read from the project folder.
 */
export function projectFileText(project: NodeProject, path: string): string | undefined {
  const file = project.tryFindFile(path);
  if (file) {
    return renderedContent(file);
  }
  const onDisk = join(project.outdir, path);
  return existsSync(onDisk) ? readFileSync(onDisk, 'utf-8') : undefined;
}

/** projen renders a file only when it writes it; its `synthesizeContent` is protected, so it is called by name. */
function renderedContent(file: FileBase): string | undefined {
  const synthesize: unknown = Reflect.get(file, 'synthesizeContent');
  if (typeof synthesize !== 'function') {
    return undefined;
  }
  const resolver: IResolver = { resolve: (value: unknown, options?: ResolveOptions) => resolveValue(value, options?.omitEmpty ?? false) };
  const content: unknown = synthesize.call(file, resolver);
  return typeof content === 'string' ? content : undefined;
}

/** What projen's resolver does: calls the functions inside a value, and drops empty objects and arrays if asked. */
function resolveValue(value: unknown, omitEmpty: boolean): unknown {
  const resolved: unknown = typeof value === 'function' ? value() : value;
  if (Array.isArray(resolved)) {
    const items = resolved.map((item) => resolveValue(item, omitEmpty)).filter((item) => item !== undefined);
    return omitEmpty && items.length === 0 ? undefined : items;
  }
  if (resolved !== null && typeof resolved === 'object') {
    const entries = Object.entries(resolved)
      .map(([key, item]) => [key, resolveValue(item, omitEmpty)] as const)
      .filter(([, item]) => item !== undefined);
    return omitEmpty && entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return resolved;
}

/** The secret mounts of the install RUN steps: required, so a build without them stops at the mount. */
export function installSecretMounts(secrets: InstallSecret[]): RunMount[] {
  return secrets.map((secret) => RunMount.secret({ id: secret.id, required: true }));
}

/**
 * The package manager's install commands, each preceded by reading the secrets into
 * its variables, in the same RUN. The variables are exported rather than prefixed to
 * one command, because an install may be several (Yarn Berry installs, then focuses).
 * An empty secret (an unset variable behind `--secret id=...,env=...`) stops the step
 * with a message that names it, instead of sending an empty token.
 */
export function withRegistryAuth(strategy: PackageManagerStrategy, secrets: InstallSecret[]): PackageManagerStrategy {
  if (secrets.length === 0) {
    return strategy;
  }
  const read = secrets.map(({ id, variable }) =>
    `${variable}="$(cat /run/secrets/${id})" && export ${variable} && : "\${${variable}:?must come from the build secret ${id}, which is empty}"`);
  const authenticated = (command: string) => [...read, command].join(' && ');
  return { ...strategy, installAll: authenticated(strategy.installAll), installProduction: authenticated(strategy.installProduction) };
}
