import { NodeProject } from 'projen/lib/javascript';
import { HeadlessBrowser } from './headless-browser';
import { NodeDockerImageProps } from './node-docker-image-props';
import { PrismaBuild } from './prisma';
import { Runtime } from './runtime';
import { Problem } from '../core/problem';
import { DockerfileStage } from '../dockerfile';

/**
 * The dependencies the image knows need system packages or build steps, recognised from the
 * project's dependencies (each can be turned off or tuned in the image's options): Prisma, and
 * Puppeteer or Playwright.
 */
export class KnownDependencies {
  public static of(project: NodeProject, props: NodeDockerImageProps): KnownDependencies {
    return new KnownDependencies(PrismaBuild.of(project, props), HeadlessBrowser.of(project, props));
  }

  private constructor(public readonly prisma: PrismaBuild | undefined, public readonly browser: HeadlessBrowser | undefined) {}

  /** System packages of the runtime. */
  public runtimePackages(runtime: Runtime): string[] {
    return [...this.prisma?.runtimePackages(runtime) ?? [], ...this.browser?.runtimePackages(runtime) ?? []];
  }

  /** Variables of the base stage, so that every install reads them. */
  public addInstallEnvironment(base: DockerfileStage): void {
    if (this.browser) {
      base.addEnv(this.browser.installEnvironment);
    }
  }

  /** Variables of the running service. */
  public runtimeEnvironment(runtime: Runtime): { [name: string]: string } {
    return { ...this.browser?.runtimeEnvironment(runtime) };
  }

  public problems(runtime: Runtime): Problem[] {
    return [...this.prisma?.problems(runtime) ?? [], ...this.browser?.problems(runtime) ?? []];
  }
}
