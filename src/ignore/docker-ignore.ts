import createMatcher from '@balena/dockerignore';
import { IConstruct } from 'constructs';
import { FileBase, IResolver } from 'projen';
import { Finding } from '../core/finding';
import { claimFilePath, filePathProblems } from '../core/file-paths';
import { findingsOf } from '../core/problem';
import { SynthesisChecks } from '../core/synthesis-checks';
import { CopyInstruction, Dockerfile, DockerfileRule, DockerfileStage } from '../dockerfile';
import { COMMON_EXCLUDES, SECRET_EXCLUDES } from './default-patterns';
import { DockerIgnoreMode } from './docker-ignore-mode';
import { contextCopies } from '../dockerfile/context-copies';

/**
 * Options of a DockerIgnore.
 */
export interface DockerIgnoreProps {
  /** The Dockerfile whose build context this file filters. */
  readonly dockerfile: Dockerfile;

  /**
   * Path of the ignore file.
   * @default - ".dockerignore" beside a Dockerfile named "Dockerfile", otherwise "<Dockerfile path>.dockerignore", which BuildKit reads for that Dockerfile
   */
  readonly path?: string;

  /**
   * Whether the file lists what to exclude, or only what to let in.
   * @default DockerIgnoreMode.DENY_LIST
   */
  readonly mode?: DockerIgnoreMode;

  /**
   * Start from the patterns every Node.js project needs (version control, node_modules,
   * reports, `.env*` but `.env.example`, keys, editor and CI folders) and the `defaultExcludes`.
   * Defaults that would exclude a file the Dockerfile copies are left out.
   * @default true
   */
  readonly projectDefaults?: boolean;

  /**
   * More default patterns, such as the project's own build output and tests: like the
   * common ones, each is left out when it would exclude a file the Dockerfile copies.
   * @default - none
   */
  readonly defaultExcludes?: string[];

  /**
   * Where the project lies inside the build context, when the context is a folder
   * above it (a monorepo root): the project defaults are written below this path.
   * @default - the build context is the project folder
   */
  readonly projectPath?: string;

  /**
   * More patterns to exclude, in .dockerignore syntax.
   * @default - none
   */
  readonly exclude?: string[];

  /**
   * Patterns to let in again (written as `!pattern`), or in allow-list mode, more paths to let in.
   * @default - none
   */
  readonly include?: string[];
}

/**
 * A .dockerignore kept in step with its Dockerfile.
 *
 * At synthesis every path that the Dockerfile copies from the build context is
 * checked with Docker's matching rules: if a pattern excludes it, synthesis
 * fails naming the COPY, the pattern and the fix, and nothing is written.
 */
export class DockerIgnore extends FileBase {
  // BuildKit reads <Dockerfile>.dockerignore beside a Dockerfile of another name.
  private static defaultPath(dockerfilePath: string): string {
    return dockerfilePath === 'Dockerfile' ? '.dockerignore' : `${dockerfilePath}.dockerignore`;
  }

  /** The Dockerfile whose context this file filters. */
  public readonly dockerfile: Dockerfile;
  /** Deny-list or allow-list. */
  public readonly mode: DockerIgnoreMode;
  private readonly projectDefaults: boolean;
  private readonly projectPath?: string;
  private readonly excludes: string[];
  private readonly includes: string[];
  private readonly defaults: string[];

  public constructor(scope: IConstruct, props: DockerIgnoreProps) {
    super(scope, claimFilePath(scope, props.path ?? DockerIgnore.defaultPath(props.dockerfile.path), 'DockerIgnore'), { readonly: true });
    this.dockerfile = props.dockerfile;
    this.mode = props.mode ?? DockerIgnoreMode.DENY_LIST;
    this.projectDefaults = props.projectDefaults ?? true;
    this.projectPath = props.projectPath ? normalize(props.projectPath) : undefined;
    this.excludes = [...(props.exclude ?? [])];
    this.includes = [...(props.include ?? [])];
    this.defaults = [...(props.defaultExcludes ?? [])];
    SynthesisChecks.of(this.project).register({ findings: () => this.findings() });
  }

  /** Adds default patterns, which are left out when they would exclude a file the Dockerfile copies. */
  public addDefaultExclude(...patterns: string[]): void {
    this.defaults.push(...patterns);
  }

  /** Excludes more paths. */
  public addExclude(...patterns: string[]): void {
    this.excludes.push(...patterns);
  }

  /** Lets paths in again (or, in allow-list mode, lets them in). */
  public addInclude(...patterns: string[]): void {
    this.includes.push(...patterns);
  }

  /**
   * The patterns, in the order they are written (the last matching pattern decides): the defaults,
   * the excludes, the includes, a file the Dockerfile copies that a default excludes (let in by its
   * own path only), then the secret defaults, and last what is let in although a secret default
   * excludes it: only paths named one by one, never a folder, so nothing inside it gets past them.
   */
  public get patterns(): string[] {
    const copied = this.copiedPaths().map((copy) => copy.path);
    const includes = this.includes.map((pattern) => `!${pattern.replace(/^!/, '')}`);
    if (this.mode === DockerIgnoreMode.ALLOW_LIST) {
      return [...new Set(['*', '.*', ...copied.map((path) => `!${path}`), ...includes, ...this.excludes])];
    }
    const defaults = this.projectDefaults
      ? [...new Set([...COMMON_EXCLUDES, ...this.defaults].map((pattern) => pattern.replace(/\/+$/, '')))].map((pattern) => this.inProject(pattern))
      : [];
    const secrets = new Set(SECRET_EXCLUDES.map((pattern) => this.inProject(pattern)));
    const plain = defaults.filter((pattern) => !secrets.has(pattern));
    const keptSecrets = defaults.filter((pattern) => secrets.has(pattern));
    const excludedBy = (patterns: string[], path: string) => patterns.length > 0 && createMatcher().add(patterns).ignores(path);
    // A user's exclude of a copied file is reported, not undone; a default's is undone for that path alone.
    const letIn = copied.filter((path) => excludedBy(plain, path) && !excludedBy(this.excludes, path)).map((path) => `!${path}`);
    const secretLooking = (include: string) => excludedBy(keptSecrets, include.slice(1));
    const secretCopies = copied.filter((path) => secretLooking(`!${path}`) && !excludedBy(this.excludes, path)).map((path) => `!${path}`);
    return [...new Set([
      ...plain, ...this.excludes, ...includes.filter((include) => !secretLooking(include)), ...letIn,
      ...keptSecrets, ...includes.filter(secretLooking), ...secretCopies,
    ])];
  }

  /** A project pattern as seen from the build context (patterns starting with a globstar match anywhere already). */
  private inProject(pattern: string): string {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    const path = this.projectPath && this.projectPath !== '.' && !body.startsWith('**/') ? `${this.projectPath}/${body}` : body;
    return negated ? `!${path}` : path;
  }

  /** True when Docker would leave this path (relative to the build context) out of the build context. */
  public ignores(path: string): boolean {
    return createMatcher().add(this.patterns).ignores(normalize(path));
  }

  public preSynthesize(): void {
    SynthesisChecks.of(this.project).run();
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    return [`# ${this.marker}`, ...this.patterns, ''].join('\n');
  }

  private findings(): Finding[] {
    // A path the Dockerfile's own is made from is reported once, by the Dockerfile.
    const pathProblems = filePathProblems('the ignore file path', this.path, '').length > 0 && filePathProblems('', this.dockerfile.path, '').length === 0
      ? filePathProblems('the ignore file path', this.path, 'api.Dockerfile.dockerignore') : [];
    const given = [...this.defaults, ...this.excludes, ...this.includes];
    const patternProblems = [
      ...given.filter((pattern) => /[\u0000-\u001f\u007f]/.test(pattern)).map((pattern) => ({
        rule: DockerfileRule.INVALID_IGNORE_PATTERN,
        message: `pattern ${JSON.stringify(pattern)} has a newline or another control character; the file would hold other patterns than the one given.`,
        fix: 'Give each pattern as its own string, such as addExclude(\'docs\', \'tmp\').',
      })),
      ...[...given, ...(this.projectPath ? [this.inProject('node_modules')] : [])].filter((pattern) => !readable(pattern)).map((pattern) => ({
        rule: DockerfileRule.INVALID_IGNORE_PATTERN,
        message: `pattern ${JSON.stringify(pattern)} is not a pattern Docker can read (an unclosed "[" or a stray escape).`,
        fix: 'Close each "[" with "]", or escape it as "\\[" to match the character itself.',
      })),
    ];
    // Patterns the matcher cannot read would stop the COPY checks with its own error.
    return [...findingsOf(this, [...pathProblems, ...patternProblems]), ...(patternProblems.length > 0 ? [] : this.copyFindings())];
  }

  private copyFindings(): Finding[] {
    return this.copiedPaths().filter(({ path }) => this.ignores(path)).map(({ path, copy, stage }) => {
      const pattern = [...this.patterns].reverse().find((candidate) => !candidate.startsWith('!') && createMatcher().add(candidate).ignores(path));
      return findingsOf(stage, [{
        rule: DockerfileRule.COPY_IGNORED_FILE,
        message: `${copy.render()} copies "${path}", which pattern "${pattern}" in ${this.path} excludes from the build context.`,
        fix: `Remove "${pattern}" from exclude, or add include: ['${path}'].`,
      }])[0];
    });
  }

  /** The literal paths that COPY instructions take from the build context (other patterns are not checked). */
  private copiedPaths(): Array<{ path: string; copy: CopyInstruction; stage: DockerfileStage }> {
    return contextCopies(this.dockerfile)
      // `name*` is how an optional file is copied: it counts as the file itself.
      .map(({ source, copy, stage }) => ({ source: source.replace(/^([^*?[]+)\*$/, '$1'), copy, stage }))
      .filter(({ source }) => !/[*?[]/.test(source))
      .map(({ source, copy, stage }) => ({ path: normalize(source), copy, stage }));
  }
}

/** Whether Docker's matching rules can read the pattern. */
function readable(pattern: string): boolean {
  try {
    createMatcher().add(pattern).ignores('probe');
    return true;
  } catch {
    return false;
  }
}

function normalize(path: string): string {
  return path.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
}
