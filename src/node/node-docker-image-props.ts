import { DockerIgnoreMode } from '../ignore';
import { HealthCheck } from './health-check';
import { PrismaOptions } from './prisma-options';
import { Runtime } from './runtime';
import { RuntimePayload } from './runtime-payload';

/**
 * Options of a NodeDockerImage. Everything else is derived from the project.
 */
export interface NodeDockerImageProps {
  /**
   * Ports the service listens on (more can be added with `addPort()`).
   * @default - [3000], unless ports are added
   */
  readonly ports?: number[];

  /**
   * How the image checks the service's health.
   * @default - no HEALTHCHECK
   */
  readonly healthCheck?: HealthCheck;

  /**
   * The image the service runs on.
   * @default Runtime.slim()
   */
  readonly runtime?: Runtime;

  /**
   * Node.js major version.
   * @default - the project's `minNodeVersion` or `engines.node`, else the newest LTS line the library knows
   */
  readonly nodeMajor?: number;

  /**
   * The script node runs, and its arguments (never `npm start`: npm as PID 1 does not pass signals on).
   * @default - the package's `main` entry point, or its first `bin`
   */
  readonly command?: string[];

  /**
   * Environment variables of the running service (`NODE_ENV=production` is always set).
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * Numeric uid the service runs as.
   * @default 1000 (65532 on distroless)
   */
  readonly uid?: number;

  /**
   * Numeric gid the service runs as.
   * @default 1000 (65532 on distroless)
   */
  readonly gid?: number;

  /**
   * Working directory of the build and the service.
   * @default "/app"
   */
  readonly workdir?: string;

  /**
   * Path of the Dockerfile, relative to the project.
   * @default "Dockerfile"
   */
  readonly dockerfilePath?: string;

  /**
   * How the .dockerignore lets files into the build context.
   * @default - DockerIgnoreMode.ALLOW_LIST for a workspace package (see `workspaceRoot`), else DockerIgnoreMode.DENY_LIST
   */
  readonly dockerIgnoreMode?: DockerIgnoreMode;

  /**
   * The build context, relative to the project; the Dockerfile's COPY paths are relative to it.
   * @default - the workspace root for a workspace package (see `workspaceRoot`), else "."
   */
  readonly buildContext?: string;

  /**
   * The root of the npm, pnpm or Yarn workspace the project is a package of, relative to the
   * project (`"../.."`). The image is then built from the root, with the shared lockfile and
   * only the service's closure: the workspace packages it depends on (built in the image) and
   * their dependencies; its ignore file lets in only what the Dockerfile copies of them
   * (unless `dockerIgnoreMode` says otherwise). `"."` builds the project on its own.
   * @default - the root of the projen project tree when the project is a Node.js subproject of it, else "."
   */
  readonly workspaceRoot?: string;

  /**
   * Build arguments the build stage declares, with their defaults (pass others with `--build-arg`).
   * Never use them for secrets: see `npmrcSecret`.
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };

  /**
   * Mount the build secret `npmrc` as `/root/.npmrc` while dependencies install, so a
   * private registry token reaches npm, Yarn classic, pnpm or Bun and no layer keeps it
   * (`docker build --secret id=npmrc,src=$HOME/.npmrc`).
   * @default false
   */
  readonly npmrcSecret?: boolean;

  /**
   * Environment variables the dependency installs read a registry token from, each
   * filled from the build secret of its name in lowercase, in the install's RUN only
   * (`YARN_NPM_AUTH_TOKEN` from `--secret id=yarn_npm_auth_token,...`). The variables
   * that the project's `.npmrc` (or Yarn Berry's `.yarnrc.yml`) refers to as `${NAME}`
   * are read so without being listed here.
   * @default - only those the project's .npmrc or .yarnrc.yml refers to
   */
  readonly installSecrets?: string[];

  /**
   * System packages the build needs (installed with apt or apk in the stages that install and build).
   * @default - none
   */
  readonly buildPackages?: string[];

  /**
   * System packages the service needs at run time.
   * @default - none
   */
  readonly runtimePackages?: string[];

  /**
   * The project depends on native modules: their build tools (python3, make, g++) are
   * installed where dependencies install, never in the runtime; on alpine the runtime
   * also gets `libc6-compat`.
   * @default false
   */
  readonly nativeModules?: boolean;

  /**
   * Dependencies whose install script compiles a native binding (`better-sqlite3`, `bcrypt`):
   * implies `nativeModules`, and every install the image runs fails the build, naming the
   * addon, when it leaves one without a compiled binding (a `*.node` file in its folder).
   * The project's install-script policy must allow each (projen's `allowScripts` writes npm's
   * `allowScripts`, pnpm's `onlyBuiltDependencies`, Bun's `trustedDependencies`, Yarn Berry's
   * `dependenciesMeta`): synthesis refuses one it does not, as the install would skip its build.
   * @default - none
   */
  readonly nativeAddons?: string[];

  /**
   * Run the service under tini, which reaps zombie processes and passes signals on.
   * @default false
   */
  readonly init?: boolean;

  /**
   * More files or folders of the build context that the service reads at run time (`public`, `config`).
   * @default - none
   */
  readonly runtimeFiles?: string[];

  /**
   * What the runtime carries of the dependencies: all that the production install puts in
   * `node_modules`, or (`RuntimePayload.traced()`) only the files the service loads, traced from
   * its entry point in the build.
   * @default RuntimePayload.productionDependencies()
   */
  readonly payload?: RuntimePayload;

  /**
   * Pin the base images by digest from the project's ImageLock (`docker-images.lock.json`,
   * filled by `npx projen docker:pin`), and label the image with its base's name and digest.
   * @default true
   */
  readonly pinBaseImages?: boolean;

  /**
   * A preset for a kind of application.
   * @default - none
   */
  readonly preset?: ImagePreset;

  /**
   * How the image builds a service that uses Prisma (recognised from its dependencies).
   * @default - the schema in prisma/, the client generated in the build, no migrations on start
   */
  readonly prisma?: PrismaOptions;

  /**
   * Install the distribution's Chromium and its fonts in the runtime, point Puppeteer at it
   * (`PUPPETEER_EXECUTABLE_PATH`, and `CHROMIUM_PATH` for Playwright's `executablePath`), and turn
   * off the drivers' own browser downloads in the installs. Refused on distroless.
   * @default - when puppeteer, puppeteer-core, playwright, playwright-core or playwright-chromium is a production dependency
   */
  readonly headlessBrowser?: boolean;
}

/**
 * Presets for kinds of Node.js applications.
 */
export enum ImagePreset {
  /** NestJS: starts `dist/main.js`; on alpine, adds `libc6-compat` as Nest's native dependencies need it. */
  NESTJS = 'nestjs',
  /**
   * Next.js: the standalone output (`.next/standalone`, `.next/static` and `public`), run with `server.js`.
   * projen's `web.NextJsProject` and `web.NextJsTypeScriptProject` get it without the preset.
   */
  NEXTJS = 'nextjs',
}
