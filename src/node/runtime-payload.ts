import { NodeImageRule } from './node-image-rule';
import { quoted, relativePathProblem } from '../core/input-checks';
import { Problem } from '../core/problem';

/**
 * Options of a traced runtime payload.
 */
export interface TracedPayloadOptions {
  /**
   * Files the tracer cannot see that the service still reads, as glob patterns relative to the
   * project (`node_modules/swagger-ui-dist/*.css`, `templates/**`): files read with `fs` from a
   * computed path, or loaded with `import()` of a computed name. Each must match a file in the build.
   * @default - none
   */
  readonly include?: string[];

  /**
   * More files the service starts Node.js with, relative to the project: `worker_threads`
   * workers and child process scripts started from computed paths (`dist/worker.js`).
   * @default - none: the entry point and the `.js` files of `command`
   */
  readonly entryPoints?: string[];
}

/**
 * What the runtime stage carries of the service's dependencies.
 */
export class RuntimePayload {
  /** Every production dependency the package manager installs, as it installs them. */
  public static productionDependencies(): RuntimePayload {
    return new RuntimePayload(false, {});
  }

  /**
   * Only the files the service loads: `@vercel/nft`, installed at a pinned version in a build stage
   * of its own, traces them from the entry point, the `.js` files of `command`, `entryPoints` and
   * the entry of each production dependency (frameworks load some by name), and adds the native
   * addons (`*.node`) of every package it reaches and what `include` matches. The build then loads
   * those packages from a copy that holds only the traced files, and adds what Node.js still did
   * not find; it fails, naming the file, when that is not in the build either. Next.js apps keep
   * the standalone output, which Next.js traces already.
   */
  public static traced(options: TracedPayloadOptions = {}): RuntimePayload {
    return new RuntimePayload(true, options);
  }

  /** Whether only the traced files are copied into the runtime. */
  public readonly isTraced: boolean;
  /** The options of a traced payload. */
  public readonly options: TracedPayloadOptions;

  private constructor(isTraced: boolean, options: TracedPayloadOptions) {
    this.isTraced = isTraced;
    this.options = options;
  }

  /** @internal */
  public _problems(service: TracedService): Problem[] {
    if (!this.isTraced) {
      return [];
    }
    const unsupported = service.prisma ? [{
      rule: NodeImageRule.UNTRACEABLE_PAYLOAD,
      message: 'a service that uses Prisma cannot have a traced payload yet: its client loads the generated client and its engine from computed paths.',
      fix: 'Leave payload out (RuntimePayload.productionDependencies()) for this image.',
    }] : [];
    const given = [...this.options.include ?? [], ...this.options.entryPoints ?? []];
    const nextjs = service.nextjs && given.length > 0 ? [{
      rule: NodeImageRule.UNTRACEABLE_PAYLOAD,
      message: 'a Next.js app\'s image copies the standalone output, which Next.js has traced already, so include and entryPoints would not be read.',
      fix: 'List the files in next.config\'s outputFileTracingIncludes instead, and leave include and entryPoints out.',
    }] : [];
    return [
      ...unsupported, ...nextjs,
      ...(this.options.include ?? []).flatMap((pattern) => includePatternProblems(pattern)),
      ...(this.options.entryPoints ?? []).flatMap((entry) => {
        const invalid = relativePathProblem('traced entry point', entry);
        return invalid ? [{ rule: NodeImageRule.INVALID_PATH, message: invalid, fix: 'Give a path relative to the project, such as "dist/worker.js".' }] : [];
      }),
    ];
  }
}

/** What a traced payload depends on in the service. */
export interface TracedService {
  /** The service uses Prisma. */
  readonly prisma: boolean;
  /** The service is a Next.js app. */
  readonly nextjs: boolean;
}

function includePatternProblems(pattern: string): Problem[] {
  const problem = pattern.startsWith('!')
    ? `include pattern ${quoted(pattern)} is a negation: a traced payload adds files, it takes none away.`
    : relativePathProblem('include pattern', pattern, { glob: true });
  return problem ? [{ rule: NodeImageRule.INVALID_PATH, message: problem, fix: 'Give a glob relative to the project, inside it, such as "node_modules/some-package/data/**".' }] : [];
}
