import { posix } from 'path';
import { DependencyType } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { NextJsProject, NextJsTypeScriptProject } from 'projen/lib/web';
import { MANAGED_NEXT_CONFIG, nextConfigProblems, NextStandaloneConfig, ownNextConfig } from './nextjs-config';
import { ImagePreset, NodeDockerImageProps } from './node-docker-image-props';
import { NodeImageRule } from './node-image-rule';
import { shellWords } from './project-build';
import { FindingSeverity } from '../core/finding';
import { Problem } from '../core/problem';
import { DistrolessStage } from '../distroless/distroless-stage';
import { CacheSharing, DockerfileStage, RunMount } from '../dockerfile';

/** Where `next build` writes the server that the image runs, relative to the project. */
const STANDALONE = '.next/standalone';
/** An empty folder of the build, copied as the runtime's `.next/cache`, the one folder the server writes to. */
const RUNTIME_CACHE = '.next/runtime-cache';

/** What the build stage copies, and what the runtime never needs from the context. */
const NEXT_BUILD_OUTPUTS = ['.next', 'out'];

/**
 * A Next.js application in its standalone image: `next build` with `output: 'standalone'`
 * writes `.next/standalone` (server.js and the production dependencies it traced), and the
 * runtime gets that folder, `.next/static` and `public`, and runs `node server.js`, which listens
 * on `PORT` and on the address in `HOSTNAME`. Only what does not change after the project is
 * created decides that a project is a Next.js application; what its files say is read at synthesis.
 * The image has no production-dependency stage: the standalone output carries what it traced.
 */
export class NextApp {
  /** The Next.js application of a project: one of projen's Next.js project types, or the Next.js preset. */
  public static of(project: NodeProject, props: NodeDockerImageProps): NextApp | undefined {
    const nextProject = project instanceof NextJsProject || project instanceof NextJsTypeScriptProject;
    return nextProject || props.preset === ImagePreset.NEXTJS ? new NextApp(project, nextProject) : undefined;
  }

  /** The build stage copies the whole context (Next.js reads pages, app, public, its configuration, and more). */
  public readonly buildInputs = ['.'];
  /** What the image runs: the standalone server. */
  public readonly entry = 'server.js';

  private constructor(private readonly project: NodeProject, nextProject: boolean) {
    // A configuration is written only where the project has none of its own, so it is never overwritten.
    if (nextProject && !ownNextConfig(project) && !project.tryFindFile(MANAGED_NEXT_CONFIG)) {
      new NextStandaloneConfig(project);
    }
  }

  /** Folders of the project that a build context never needs: Next.js's own build output. */
  public get ignored(): string[] {
    return NEXT_BUILD_OUTPUTS;
  }

  /** What keeps the standalone image from being built or from starting, and what it would bake in. */
  public problems(props: NodeDockerImageProps, port: number | undefined): Problem[] {
    const project = this.project;
    const own = ownNextConfig(project);
    const hasNext = project.deps.all.some((dep) => dep.name === 'next' && dep.type === DependencyType.RUNTIME);
    const environment = props.environment ?? {};
    const baked = Object.keys(environment).filter((name) => name.startsWith('NEXT_PUBLIC_'));
    return [
      ...(hasNext ? [] : [{
        rule: NodeImageRule.PRESET_MISMATCH,
        message: 'the Next.js preset builds with next build, and "next" is not a dependency of the project.',
        fix: 'Add "next" with project.addDeps("next"), or use projen\'s web.NextJsTypeScriptProject.',
      }]),
      ...(own ? nextConfigProblems(project, own) : []),
      ...(!own && !project.tryFindFile(MANAGED_NEXT_CONFIG) ? [{
        rule: NodeImageRule.NEXT_OUTPUT_NOT_STANDALONE,
        message: 'the project has no next.config.*, so next build writes no .next/standalone for the image to run.',
        fix: `Add ${MANAGED_NEXT_CONFIG} with output: 'standalone' (projen's web.NextJsProject and web.NextJsTypeScriptProject get it from the image).`,
      }] : []),
      ...(environment.PORT !== undefined && port !== undefined && environment.PORT !== String(port) ? [{
        rule: NodeImageRule.INVALID_HEALTH_CHECK,
        message: `environment PORT is "${environment.PORT}", but the image exposes and checks port ${port}, and server.js listens on PORT.`,
        fix: `Leave PORT out of environment (the image sets it to the first port), or set ports: [${environment.PORT}].`,
      }] : []),
      ...(baked.length > 0 ? [{
        rule: NodeImageRule.NEXT_PUBLIC_AT_RUN_TIME,
        severity: FindingSeverity.WARNING,
        message: `${baked.join(', ')} in environment only reach the server: next build inlines NEXT_PUBLIC_* into the browser's code, so the browser sees what the build saw.`,
        fix: 'Pass them as buildArgs (build arguments of the build stage), and rebuild the image to change them.',
      }] : []),
    ];
  }

  /** The build: the compile task (next build) with Next.js's cache in a cache mount, then a check that the standalone server was written. */
  public addBuild(stage: DockerfileStage, workdir: string): void {
    stage.addEnv({ NEXT_TELEMETRY_DISABLED: '1' });
    stage.addRunCommands([
      ...this.compileCommands(),
      // next build exits 0 without the standalone folder when output is set otherwise (a computed value, say).
      `if [ ! -f ${STANDALONE}/server.js ]; then echo "next build wrote no ${STANDALONE}/server.js: set output: 'standalone' in the Next.js configuration" >&2; exit 1; fi`,
      // The runtime copies public/ and an empty cache folder that the service may write to.
      `mkdir -p public ${RUNTIME_CACHE}`,
    ], { mounts: [RunMount.cache({ target: posix.join(workdir, '.next/cache'), id: `next-${this.cacheId}`, sharing: CacheSharing.LOCKED })] });
  }

  /** The standalone server and the files Next.js leaves out of it, owned by root but for the cache folder. */
  public addRuntimeFiles(stage: DockerfileStage, build: DockerfileStage, workdir: string, props: NodeDockerImageProps): void {
    const owner = stage instanceof DistrolessStage ? stage.owner : `${props.uid ?? 1000}:${props.gid ?? 1000}`;
    stage.addCopy([posix.join(workdir, 'public')], './public', { fromStage: build });
    stage.addCopy([posix.join(workdir, STANDALONE)], './', { fromStage: build });
    stage.addCopy([posix.join(workdir, '.next/static')], './.next/static', { fromStage: build });
    // The image optimizer and incremental regeneration write below .next/cache while the service runs.
    stage.addCopy([posix.join(workdir, RUNTIME_CACHE)], './.next/cache', { fromStage: build, chown: owner });
  }

  /** What the standalone server reads at start: the address and port it listens on. */
  public runtimeEnvironment(port: number | undefined): { [name: string]: string } {
    return { HOSTNAME: '0.0.0.0', ...(port === undefined ? {} : { PORT: String(port) }), NEXT_TELEMETRY_DISABLED: '1' };
  }

  /** The compile task's commands (next build, and tsc before it for TypeScript), else next build. */
  private compileCommands(): string[] {
    const steps = this.project.compileTask.steps.map((step) => step.exec ?? (step.execArgs ? shellWords(step.execArgs) : undefined));
    return steps.length > 0 && steps.every((step) => step !== undefined) ? (steps as string[]) : ['next build'];
  }

  private get cacheId(): string {
    return this.project.package.packageName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'app';
  }
}
