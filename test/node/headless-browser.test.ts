import { existsSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { NodeDockerImage, NodeDockerImageProps, Runtime } from '../../src';
import { synthDockerfile } from '../dockerfile-lint';
import { messageOf, typescriptTestProject } from '../util';

/*
 * Puppeteer and Playwright recognised from the project's dependencies. Not built here: a Chromium
 * that the drivers download themselves comes from hosts outside the package registries, which is
 * why the image turns those downloads off and installs the distribution's package instead.
 */

function dockerfileOf(deps: string[], props: NodeDockerImageProps = {}): string {
  const project = typescriptTestProject({ deps });
  new NodeDockerImage(project, 'Api', props);
  return synthDockerfile(project).text;
}

describe('NodeDockerImage on a service that drives a headless browser', () => {
  it('puppeteer on slim: the distribution\'s chromium and fonts in the runtime, no download in the installs', () => {
    const text = dockerfileOf(['puppeteer@24.10.0']);
    const base = text.slice(text.indexOf('AS base'), text.indexOf('AS deps'));
    expect(base).toContain('ENV PUPPETEER_SKIP_DOWNLOAD=true \\\n    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1\n');
    const runtime = text.slice(text.indexOf('AS runtime'));
    expect(runtime).toContain('apt-get install -y --no-install-recommends chromium fonts-liberation');
    expect(runtime).toMatch(/ENV NODE_ENV=production \\\n {4}CHROMIUM_PATH=\/usr\/bin\/chromium \\\n {4}PUPPETEER_EXECUTABLE_PATH=\/usr\/bin\/chromium\n/);
  });

  it('playwright on alpine: chromium from apk, and CHROMIUM_PATH for launch({ executablePath })', () => {
    const text = dockerfileOf(['playwright-core@1.55.0'], { runtime: Runtime.alpine() });
    expect(text).toContain('apk add --no-cache chromium font-liberation freetype harfbuzz nss');
    expect(text).toContain('CHROMIUM_PATH=/usr/bin/chromium-browser');
    expect(text).not.toContain('PUPPETEER_EXECUTABLE_PATH');
  });

  it('can be turned off (a driver used only to render at build time, say)', () => {
    expect(dockerfileOf(['puppeteer@24.10.0'], { headlessBrowser: false })).not.toContain('chromium');
  });

  it('on distroless: refused, saying why, with nothing written', () => {
    const project = typescriptTestProject({ deps: ['puppeteer@24.10.0'] });
    new NodeDockerImage(project, 'Api', { runtime: Runtime.distroless() });
    expect(messageOf(() => project.synth())).toBe('Nothing was written: 1 problem found.\n'
      + '  [UnsupportedOnRuntime] Api: puppeteer drives a Chromium that needs a hundred system libraries (NSS, fonts, graphics),'
      + ' which distroless cannot install (it has no package manager), and copied in by hand they would get no security updates.'
      + ' Fix: Use Runtime.slim(), which installs the distribution\'s chromium, or set headlessBrowser: false if this service never launches a browser.');
    expect(existsSync(join(project.outdir, 'Dockerfile'))).toBe(false);
  });
});
