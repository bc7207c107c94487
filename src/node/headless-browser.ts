import { DependencyType } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { NodeDockerImageProps } from './node-docker-image-props';
import { NodeImageRule } from './node-image-rule';
import { Runtime, RuntimeFamily } from './runtime';
import { Problem } from '../core/problem';

/** The packages that drive a browser, and the variable each reads the browser's path from, if any. */
const DRIVERS: Record<string, string | undefined> = {
  'puppeteer': 'PUPPETEER_EXECUTABLE_PATH',
  'puppeteer-core': 'PUPPETEER_EXECUTABLE_PATH',
  'playwright': undefined,
  'playwright-core': undefined,
  'playwright-chromium': undefined,
};

/** Chromium and what it needs to render pages (fonts), from the distribution, and where it lands. */
const CHROMIUM: Record<RuntimeFamily.SLIM | RuntimeFamily.ALPINE, { packages: string[]; path: string }> = {
  [RuntimeFamily.SLIM]: { packages: ['chromium', 'fonts-liberation'], path: '/usr/bin/chromium' },
  [RuntimeFamily.ALPINE]: { packages: ['chromium', 'nss', 'freetype', 'harfbuzz', 'font-liberation'], path: '/usr/bin/chromium-browser' },
};

/**
 * A headless browser for a service that depends on Puppeteer or Playwright: the distribution's
 * Chromium and its libraries installed in the runtime, and the drivers' own browser downloads (from
 * hosts outside the package registries, during the install) turned off. Puppeteer finds the browser
 * through `PUPPETEER_EXECUTABLE_PATH`; Playwright has no such variable, so the service passes
 * `executablePath: process.env.CHROMIUM_PATH` to `chromium.launch()`.
 */
export class HeadlessBrowser {
  /** The browser a project needs, unless it drives none or the image's options turn it off. */
  public static of(project: NodeProject, props: NodeDockerImageProps): HeadlessBrowser | undefined {
    const drivers = project.deps.all.filter((dep) => dep.name in DRIVERS && dep.type === DependencyType.RUNTIME).map((dep) => dep.name);
    return props.headlessBrowser ?? drivers.length > 0 ? new HeadlessBrowser(drivers) : undefined;
  }

  private constructor(private readonly drivers: string[]) {}

  /** What every install reads: no browser downloads. */
  public get installEnvironment(): { [name: string]: string } {
    return { PUPPETEER_SKIP_DOWNLOAD: 'true', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
  }

  /** Chromium and its fonts, on the runtimes that have a package manager. */
  public runtimePackages(runtime: Runtime): string[] {
    return runtime.family === RuntimeFamily.DISTROLESS ? [] : CHROMIUM[runtime.family].packages;
  }

  /** Where the service finds the browser. */
  public runtimeEnvironment(runtime: Runtime): { [name: string]: string } {
    if (runtime.family === RuntimeFamily.DISTROLESS) {
      return {};
    }
    const path = CHROMIUM[runtime.family].path;
    const variables = [...new Set(this.drivers.map((driver) => DRIVERS[driver]).filter((name): name is string => name !== undefined))];
    return { CHROMIUM_PATH: path, ...Object.fromEntries(variables.map((name) => [name, path])) };
  }

  /** Distroless cannot carry a browser. */
  public problems(runtime: Runtime): Problem[] {
    return runtime.family === RuntimeFamily.DISTROLESS ? [{
      rule: NodeImageRule.UNSUPPORTED_ON_RUNTIME,
      message: `${this.drivers.join(', ') || 'headlessBrowser'} drives a Chromium that needs a hundred system libraries (NSS, fonts, graphics),`
        + ' which distroless cannot install (it has no package manager), and copied in by hand they would get no security updates.',
      fix: 'Use Runtime.slim(), which installs the distribution\'s chromium, or set headlessBrowser: false if this service never launches a browser.',
    }] : [];
  }
}
