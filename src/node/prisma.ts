import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, posix } from 'path';
import { DependencyType } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { TypeScriptProject } from 'projen/lib/typescript';
import { NextJsProject } from 'projen/lib/web';
import { NodeDockerImageProps } from './node-docker-image-props';
import { NodeImageRule } from './node-image-rule';
import { manifestField } from './project-manifest';
import { Runtime, RuntimeFamily } from './runtime';
import { Problem } from '../core/problem';
import { DockerfileStage } from '../dockerfile';

const CONFIG_FILES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs'];
const NEWEST_MAJOR = 7;

/** The Rust engine's platform on each runtime: Debian trixie and bookworm and Alpine all ship OpenSSL 3. */
const ENGINE_TARGETS: Record<RuntimeFamily, string> = {
  [RuntimeFamily.SLIM]: 'debian-openssl-3.0.x',
  [RuntimeFamily.DISTROLESS]: 'debian-openssl-3.0.x',
  [RuntimeFamily.ALPINE]: 'linux-musl-openssl-3.0.x',
};

/**
 * Prisma in an image, recognised from the project's dependencies. The client is generated in the build
 * (never migrated there): Prisma 7's `prisma-client` generator writes TypeScript and a WebAssembly query
 * compiler into the sources, so it is compiled with them and needs no engine at run time (with a driver
 * adapter); the older `prisma-client-js` generator writes into `node_modules/.prisma` with a Rust query
 * engine for the build's platform, which needs OpenSSL where the service runs.
 */
export class PrismaBuild {
  /** Prisma for a project, unless it does not use Prisma or the image's options turn it off. */
  public static of(project: NodeProject, props: NodeDockerImageProps): PrismaBuild | undefined {
    const uses = project.deps.all.some((dep) => dep.name === 'prisma' || dep.name === '@prisma/client');
    return props.prisma?.enabled ?? uses ? new PrismaBuild(project, props) : undefined;
  }

  private constructor(private readonly project: NodeProject, private readonly props: NodeDockerImageProps) {}

  /** The schema file or folder. */
  public get schema(): string {
    return posix.normalize(this.props.prisma?.schema ?? 'prisma/schema.prisma');
  }

  /**
   * What the build copies before it generates: the schema's folder (with its migrations), Prisma's configuration,
   * and the tsconfig, from which the prisma-client generator chooses the extension of its imports.
   */
  public get inputs(): string[] {
    const folder = this.schemaIsFolder ? this.schema : posix.dirname(this.schema);
    const tsconfig = this.project instanceof TypeScriptProject ? this.project.tsconfig?.fileName : undefined;
    return [
      ...(folder === '.' ? [this.schema] : [folder]),
      ...CONFIG_FILES.filter((file) => existsSync(join(this.project.outdir, file))),
      ...(tsconfig && /provider\s*=\s*"prisma-client"/.test(this.schemaText ?? '') ? [tsconfig] : []),
    ];
  }

  /** What an install copies before it runs, when the project's own postinstall generates the client. */
  public get manifestInputs(): string[] {
    const postinstall = (manifestField(this.project, 'scripts') as Record<string, unknown> | undefined)?.postinstall;
    return typeof postinstall === 'string' && postinstall.includes('prisma generate') ? this.inputs : [];
  }

  /** System packages the runtime needs: OpenSSL for a Rust engine (distroless cannot install any). */
  public runtimePackages(runtime: Runtime): string[] {
    return this.rustEngine && runtime.family !== RuntimeFamily.DISTROLESS ? ['openssl'] : [];
  }

  /** What keeps the client from being generated, or from finding its engine where the service runs. */
  public problems(runtime: Runtime): Problem[] {
    const project = this.project;
    const dep = (name: string, type?: DependencyType) =>
      project.deps.all.find((candidate) => candidate.name === name && (!type || candidate.type === type));
    const problem = (message: string, fix: string, rule = NodeImageRule.PRISMA_NOT_BUILDABLE): Problem[] => [{ rule, message, fix }];
    const text = this.schemaText;
    if (text === undefined) {
      return problem(`the Prisma schema "${this.schema}" is not in the project, so prisma generate would fail in the build.`,
        'Set prisma.schema on the image to the schema file or folder, or prisma.enabled to false if the image does not use Prisma.');
    }
    const targets = /binaryTargets\s*=\s*\[([^\]]*)\]/.exec(text)?.[1].match(/"[^"]+"/g)?.map((target) => target.slice(1, -1));
    const target = ENGINE_TARGETS[runtime.family];
    const migrate = this.props.prisma?.migrateOnStart ?? false;
    return [
      ...(!(project instanceof TypeScriptProject || project instanceof NextJsProject) ? problem('Prisma\'s client is generated in the build stage, and this project compiles no TypeScript, so the image has none.',
        'Use a typescript.TypeScriptAppProject, or set prisma.enabled to false and generate the client in your own build step.') : []),
      ...(!dep('prisma') ? problem('the project does not depend on the prisma CLI, which generates the client in the build.',
        'Add it as a development dependency: project.addDevDeps("prisma").') : []),
      ...(!dep('@prisma/client', DependencyType.RUNTIME) ? problem('@prisma/client is not a production dependency, and the generated client loads it at run time.',
        'Add it with project.addDeps("@prisma/client").') : []),
      ...(!this.rustEngine && !project.deps.all.some((candidate) => candidate.name.startsWith('@prisma/adapter-') && candidate.type === DependencyType.RUNTIME)
        ? problem('the prisma-client generator has no query engine and needs a driver adapter, and the project has no @prisma/adapter-* production dependency.',
          'Add the adapter of your database, such as project.addDeps("@prisma/adapter-better-sqlite3") or "@prisma/adapter-pg", and pass it to new PrismaClient({ adapter }).') : []),
      ...(this.rustEngine && targets && !targets.includes('native') && !targets.includes(target)
        ? problem(`the schema's binaryTargets (${targets.join(', ')}) have no engine for the ${runtime.family} runtime, which needs "${target}", so the client would fail to load.`,
          `Add "${target}" (or "native", the build's own platform, which is the runtime's) to binaryTargets in ${this.schema}.`, NodeImageRule.PRISMA_ENGINE_MISMATCH) : []),
      ...(migrate && runtime.family === RuntimeFamily.DISTROLESS
        ? problem('migrateOnStart runs prisma migrate deploy before node, which needs a shell, and distroless has none.',
          'Run prisma migrate deploy as its own step before the release (a job or an init container with the build stage), or use Runtime.slim().') : []),
      ...(migrate && !dep('prisma', DependencyType.RUNTIME)
        ? problem('migrateOnStart runs the prisma CLI in the runtime, which has only production dependencies, and prisma is not one.',
          'Move prisma to the production dependencies (project.addDeps("prisma")), or run migrations as their own step.') : []),
    ];
  }

  /**
   * The build: the schema and configuration, then the client generated before the sources are copied,
   * so that a source edit reuses it, and compiled with them, as they import it.
   */
  public addGenerate(stage: DockerfileStage, fromContext: (path: string) => string): void {
    for (const input of this.inputs) {
      stage.addCopy([fromContext(input)], `./${input}`);
    }
    stage.addRun(`prisma generate${this.schemaOption}`);
  }

  /** What the build context must not bring: the client generated from the schema (a stale local copy would replace the fresh one). */
  public get ignored(): string[] {
    const schemaFolder = this.schemaIsFolder ? this.schema : posix.dirname(this.schema);
    return [...(this.schemaText ?? '').matchAll(/^\s*output\s*=\s*"([^"]+)"/gm)]
      .map((match) => posix.normalize(posix.join(schemaFolder, match[1])))
      .filter((path) => !path.startsWith('..') && !path.startsWith('node_modules'));
  }

  /** The runtime: the Rust engine's client, and for migrations on start the schema folder and configuration. */
  public addRuntimeFiles(stage: DockerfileStage, build: DockerfileStage, workdir: string): void {
    if (this.rustEngine) {
      stage.addCopy([posix.join(workdir, 'node_modules/.prisma')], './node_modules/.prisma', { fromStage: build });
    }
    if (this.props.prisma?.migrateOnStart) {
      for (const input of this.inputs.filter((path) => !path.startsWith('tsconfig'))) {
        stage.addCopy([posix.join(workdir, input)], `./${input}`, { fromStage: build });
      }
    }
  }

  /** What the container runs: the service, after the migrations when they run on start. */
  public command(argv: string[]): string[] {
    if (!this.props.prisma?.migrateOnStart) {
      return argv;
    }
    // exec hands PID 1 to node, so SIGTERM reaches the service and not the shell.
    return ['/bin/sh', '-c', `node_modules/.bin/prisma migrate deploy${this.schemaOption} && exec ${argv.join(' ')}`];
  }

  /** Whether the schema's generator is the one with a Rust query engine (`prisma-client-js` before Prisma 7, or an explicit engineType). */
  private get rustEngine(): boolean {
    const text = this.schemaText ?? '';
    const provider = /provider\s*=\s*"(prisma-client(?:-js)?)"/.exec(text)?.[1];
    return provider === 'prisma-client-js' && (this.major < NEWEST_MAJOR || /engineType\s*=\s*"(library|binary)"/.test(text));
  }

  /** The Prisma major the project asks for, read from its dependency's version; the newest when it names none. */
  private get major(): number {
    const version = this.project.deps.all.find((dep) => dep.name === 'prisma' || dep.name === '@prisma/client')?.version;
    const major = Number(/\d+/.exec(version ?? '')?.[0]);
    return Number.isInteger(major) && major > 0 ? major : NEWEST_MAJOR;
  }

  /** The CLI's --schema, unless the schema is where the CLI looks by default. */
  private get schemaOption(): string {
    return this.schemaIsFolder || this.schema !== 'prisma/schema.prisma' ? ` --schema ${this.schema}` : '';
  }

  private get schemaIsFolder(): boolean {
    const path = join(this.project.outdir, this.schema);
    return existsSync(path) && statSync(path).isDirectory();
  }

  /** The schema's text (every .prisma file of a schema folder), or undefined when it is not there. */
  private get schemaText(): string | undefined {
    const path = join(this.project.outdir, this.schema);
    if (!existsSync(path)) {
      return undefined;
    }
    return this.schemaIsFolder
      ? readdirSync(path).filter((file) => file.endsWith('.prisma')).map((file) => readFileSync(join(path, file), 'utf-8')).join('\n')
      : readFileSync(path, 'utf-8');
  }
}
