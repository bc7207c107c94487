import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { javascript } from 'projen';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { NodeDockerImage, NodeDockerImageProps, TrivyWorkflow } from '../../src';
import { synthDockerfile } from '../dockerfile-lint';
import { messageOf, temporaryOutdir, typescriptTestProject } from '../util';

const REGISTRY = '//npm.pkg.example/';
const { NPM, PNPM, YARN_CLASSIC, YARN_BERRY, BUN } = javascript.NodePackageManager;

/** A plain JavaScript service in its own folder; npm unless told. */
function service(options: Partial<javascript.NodeProjectOptions> = {}): javascript.NodeProject {
  return new javascript.NodeProject({
    name: 'api',
    defaultReleaseBranch: 'main',
    outdir: temporaryOutdir(),
    github: false,
    jest: false,
    packageManager: NPM,
    entrypoint: 'src/server.js',
    ...options,
  });
}

/** A project whose .npmrc projen writes (`project.npmrc`, projen's NpmConfig), with a scoped registry and the given lines. */
function withNpmrc<T extends javascript.NodeProject>(project: T, config: { [key: string]: string }): T {
  project.npmrc.addRegistry(`https:${REGISTRY}`, '@acme');
  for (const [key, value] of Object.entries(config)) {
    project.npmrc.addConfig(key, value);
  }
  return project;
}

/** A Yarn Berry service whose .yarnrc.yml projen writes, with a scope on a private registry. */
function berryService(scope: { [key: string]: string }): javascript.NodeProject {
  return service({
    packageManager: YARN_BERRY,
    yarnBerryOptions: { yarnRcOptions: { npmScopes: { acme: { npmRegistryServer: `https:${REGISTRY}`, ...scope } } } },
  });
}

function synthesized(project: javascript.NodeProject, props: NodeDockerImageProps = {}) {
  const image = new NodeDockerImage(project, 'Api', props);
  const { text } = synthDockerfile(project);
  const runs = text.replace(/ \\\n\s*/g, ' ').split('\n').filter((line) => line.startsWith('RUN '));
  return { image, text, runs, build: project.tasks.tryFind('docker:build:api')!.steps[0].exec! };
}

const READ_NPM_TOKEN = 'NPM_TOKEN="$(cat /run/secrets/npm_token)" && export NPM_TOKEN'
  + ' && : "${NPM_TOKEN:?must come from the build secret npm_token, which is empty}"';

describe('a token placeholder in the project\'s .npmrc', () => {
  it('is read from the build secret npm_token, in the install RUN, for npm', () => {
    const { image, text, runs, build } = synthesized(withNpmrc(service(), { [`${REGISTRY}:_authToken`]: '${NPM_TOKEN}' }));
    expect(runs.filter((line) => line.includes('npm ci'))).toEqual([
      'RUN --mount=type=cache,target=/root/.npm,id=npm,sharing=locked --mount=type=secret,id=npm_token,required=true '
        + '--mount=type=secret,id=project-npmrc,target=/app/.npmrc,required=true '
        + `${READ_NPM_TOKEN} && npm ci --omit=dev && mkdir -p node_modules`,
    ]);
    // The project's .npmrc reaches the install as a secret mount, so npm reads its registries; no layer keeps it.
    expect(text).toContain('COPY package.json package-lock.json ./\n');
    expect(text).not.toMatch(/^COPY .*\.npmrc/m);
    expect(image.buildSecretFiles).toEqual({ 'project-npmrc': '.npmrc' });
    expect(build).toContain(' --secret id=project-npmrc,src=.npmrc ');
    expect(text).not.toMatch(/^(ENV|ARG) .*NPM_TOKEN/m);
    expect(image.buildSecrets).toEqual(['npm_token']);
    expect(build).toContain(': "${NPM_TOKEN:?docker:build passes NPM_TOKEN as the build secret npm_token: set it}";');
    expect(build).toContain(' --secret id=npm_token,env=NPM_TOKEN --secret id=project-npmrc,src=.npmrc --build-arg REVISION=');
  });

  it.each([
    ['pnpm', PNPM, 'pnpm install --frozen-lockfile --prod'],
    ['Yarn classic', YARN_CLASSIC, 'yarn install --frozen-lockfile --non-interactive --production'],
    ['Bun', BUN, 'bun install --frozen-lockfile --production'],
  ])('is read the same way for %s, which also reads .npmrc', (_name, packageManager, install) => {
    const { text, runs } = synthesized(withNpmrc(service({ packageManager }), { [`${REGISTRY}:_authToken`]: '${NPM_TOKEN}' }));
    const deps = runs.find((line) => line.includes(install))!;
    expect(deps).toContain('--mount=type=secret,id=npm_token,required=true ');
    expect(deps).toContain(`${READ_NPM_TOKEN} && ${install}`);
    expect(deps).toContain('--mount=type=secret,id=project-npmrc,target=/app/.npmrc,required=true ');
    expect(text).not.toMatch(/^COPY .*\.npmrc/m);
  });

  it('reaches both installs of a compiled project, and no other step', () => {
    const { runs } = synthesized(withNpmrc(typescriptTestProject(), { [`${REGISTRY}:_authToken`]: '${NPM_TOKEN}' }));
    expect(runs.filter((line) => line.includes('id=npm_token')).map((line) => line.slice(line.indexOf(READ_NPM_TOKEN) + READ_NPM_TOKEN.length)))
      .toEqual([' && npm ci --omit=dev && mkdir -p node_modules', ' && npm ci']);
    expect(runs.filter((line) => !line.includes('id=npm_token')).some((line) => line.includes('NPM_TOKEN'))).toBe(false);
  });

  it('reads each variable from its own secret, named in lowercase, and also an .npmrc the project keeps by hand', () => {
    const project = service({ packageManager: PNPM });
    writeFileSync(join(project.outdir, '.npmrc'), [
      '# a file projen does not write',
      '@acme:registry=https://npm.pkg.example/',
      `${REGISTRY}:_authToken="\${ACME_TOKEN}"`,
      '//npm.pkg.github.com/:_authToken=${GITHUB_PACKAGES_TOKEN}',
      '; cafile=${HOME}/ca.pem is commented out, and HOME is the shell\'s own',
      'cafile=${HOME}/ca.pem',
      '',
    ].join('\n'));
    const { image, runs, build } = synthesized(project);
    expect(image.buildSecrets).toEqual(['acme_token', 'github_packages_token']);
    const deps = runs.find((line) => line.includes('pnpm install'))!;
    expect(deps).toContain('--mount=type=secret,id=acme_token,required=true --mount=type=secret,id=github_packages_token,required=true ');
    expect(deps).toContain('ACME_TOKEN="$(cat /run/secrets/acme_token)" && export ACME_TOKEN');
    expect(deps).toContain('GITHUB_PACKAGES_TOKEN="$(cat /run/secrets/github_packages_token)" && export GITHUB_PACKAGES_TOKEN');
    expect(deps).not.toContain('secrets/home');
    expect(build).toContain('--secret id=acme_token,env=ACME_TOKEN --secret id=github_packages_token,env=GITHUB_PACKAGES_TOKEN ');
  });

  it('reaches the scan workflow, which passes it from the repository secret of its name in upper case', () => {
    const github = typescriptTestProject({ github: true, buildWorkflow: false, release: false, depsUpgrade: false, pullRequestTemplate: false });
    const project = withNpmrc(github, { [`${REGISTRY}:_authToken`]: '${NPM_TOKEN}' });
    const image = new NodeDockerImage(project, 'Api');
    new TrivyWorkflow(project, 'Scan', { images: [image] });
    project.synth();
    const workflow = parse(readFileSync(join(project.outdir, '.github', 'workflows', 'container-images.yml'), 'utf-8'));
    const build = workflow.jobs['image-api'].steps.find((step: { uses?: string }) => step.uses?.startsWith('docker/build-push-action'));
    expect(build.with.secrets).toBe('npm_token=${{ secrets.NPM_TOKEN }}');
  });

  it('keeps the npmrc secret for a token-less project .npmrc, beside the placeholders', () => {
    const { image, runs } = synthesized(withNpmrc(service(), {}), { npmrcSecret: true });
    expect(image.buildSecrets).toEqual(['npmrc']);
    expect(runs[0]).toContain('--mount=type=secret,id=npmrc,target=/root/.npmrc --mount=type=secret,id=project-npmrc,target=/app/.npmrc,required=true npm ci --omit=dev');
    expect(runs[0]).not.toContain('/run/secrets/');
  });

  it('asks for no secret when the project has no registry token', () => {
    const { image, text, build } = synthesized(service());
    expect(image.buildSecrets).toEqual([]);
    expect(text).not.toContain('type=secret');
    expect(build).not.toContain('--secret');
  });
});

describe('Yarn Berry\'s token', () => {
  it('is read from a secret when .yarnrc.yml refers to it as npmAuthToken: ${NPM_TOKEN}', () => {
    const { image, runs } = synthesized(berryService({ npmAuthToken: '${NPM_TOKEN}' }));
    expect(image.buildSecrets).toEqual(['npm_token']);
    const deps = runs.find((line) => line.includes('yarn workspaces focus'))!;
    // Exported, so that both commands of the install read it.
    expect(deps).toContain('--mount=type=secret,id=npm_token,required=true --mount=type=secret,id=project-yarnrc-yml,target=/app/.yarnrc.yml,required=true '
      + `${READ_NPM_TOKEN} && yarn install --immutable --mode=skip-build && yarn workspaces focus --all --production`);
    expect(image.buildSecretFiles).toEqual({ 'project-yarnrc-yml': '.yarnrc.yml' });
  });

  it('is read into YARN_NPM_AUTH_TOKEN when installSecrets names it, for a .yarnrc.yml without a token', () => {
    const { image, runs, build } = synthesized(berryService({}), { installSecrets: ['YARN_NPM_AUTH_TOKEN'] });
    expect(image.buildSecrets).toEqual(['yarn_npm_auth_token']);
    expect(runs.find((line) => line.includes('yarn install'))).toContain(
      'YARN_NPM_AUTH_TOKEN="$(cat /run/secrets/yarn_npm_auth_token)" && export YARN_NPM_AUTH_TOKEN && : "${YARN_NPM_AUTH_TOKEN:?must come from the build secret yarn_npm_auth_token, which is empty}" && yarn install');
    expect(build).toContain('--secret id=yarn_npm_auth_token,env=YARN_NPM_AUTH_TOKEN ');
  });

  it('is not looked for in .npmrc, which Berry neither reads nor gets', () => {
    const project = berryService({ npmAuthToken: '${NPM_TOKEN}' });
    writeFileSync(join(project.outdir, '.npmrc'), `${REGISTRY}:_authToken=npm_literal\n`);
    const { image, text } = synthesized(project);
    expect(image.buildSecrets).toEqual(['npm_token']);
    expect(text).not.toMatch(/^COPY .*\.npmrc/m);
    expect(readFileSync(join(project.outdir, '.dockerignore'), 'utf-8').split('\n')).toContain('**/.npmrc');
  });

  it('warns that the npmrc secret never reaches Berry', () => {
    const project = berryService({ npmAuthToken: '${NPM_TOKEN}' });
    const warn = vi.spyOn(project.logger, 'warn');
    synthesized(project, { npmrcSecret: true });
    expect(warn.mock.calls.map((call) => call.join(' ')).filter((line) => line.includes('[NpmrcSecretNotRead]'))).toEqual([
      '[NpmrcSecretNotRead] Api: Yarn Berry reads no .npmrc, so the npmrc build secret mounted as /root/.npmrc never reaches it.'
        + ' Fix: Refer to the token in .yarnrc.yml (npmAuthToken: "${NPM_TOKEN}", passed as the build secret npm_token),'
        + ' or set installSecrets: [\'YARN_NPM_AUTH_TOKEN\']; then leave out npmrcSecret.',
    ]);
  });
});

const refused = (problem: string) => `Nothing was written: 1 problem found.\n  ${problem}`;
const NPMRC_FIX = (key: string) => `Fix: Write ${key}=\${NPM_TOKEN} (project.npmrc.addConfig('${key}', '\${NPM_TOKEN}')) and pass the token as the build secret npm_token,`
  + ' or leave the line out and mount a user-level .npmrc with npmrcSecret.';

describe('a credential written into the configuration the image copies', () => {
  it.each([
    ['an _authToken', `${REGISTRY}:_authToken`, 'npm_0123456789abcdef'],
    ['an _auth', `${REGISTRY}:_auth`, 'dXNlcjpwYXNz'],
    ['a _password', `${REGISTRY}:_password`, 'c2VjcmV0'],
    ['a token with a placeholder inside', `${REGISTRY}:_authToken`, 'npm_${SUFFIX}'],
  ])('is refused for %s in projen\'s .npmrc, naming the line but not the value, and nothing is written', (_name, key, value) => {
    const project = withNpmrc(service(), { [key]: value });
    new NodeDockerImage(project, 'Api');
    expect(messageOf(() => project.synth())).toBe(refused(
      `[LiteralRegistryToken] Api: .npmrc line 4 sets ${key} to a literal value: a credential in a file of the project, which is committed and shared. ${NPMRC_FIX(key)}`));
    expect(readdirSync(project.outdir)).toEqual([]);
  });

  it('is refused in an .npmrc kept by hand, for pnpm', () => {
    const project = service({ packageManager: PNPM });
    writeFileSync(join(project.outdir, '.npmrc'), `# tokens\n${REGISTRY}:_authToken = "npm_0123456789abcdef"\n`);
    new NodeDockerImage(project, 'Api');
    const message = messageOf(() => project.synth())!;
    expect(message).toBe(refused(`[LiteralRegistryToken] Api: .npmrc line 2 sets ${REGISTRY}:_authToken to a literal value: a credential in a file of the project, which is committed and shared. ${NPMRC_FIX(`${REGISTRY}:_authToken`)}`));
    expect(message).not.toContain('npm_0123456789abcdef');
    expect(existsSync(join(project.outdir, 'Dockerfile'))).toBe(false);
    expect(existsSync(join(project.outdir, 'package.json'))).toBe(false);
  });

  it('is refused as npmAuthToken in Yarn Berry\'s .yarnrc.yml', () => {
    const project = berryService({ npmAuthToken: 'npm_0123456789abcdef' });
    new NodeDockerImage(project, 'Api');
    expect(messageOf(() => project.synth())).toMatch(new RegExp(
      '^Nothing was written: 1 problem found\\.\\n  \\[LiteralRegistryToken\\] Api: \\.yarnrc\\.yml line \\d+ sets npmAuthToken to a literal value: '
      + 'a credential in a file of the project, which is committed and shared\\. '
      + 'Fix: Write npmAuthToken: "\\$\\{NPM_TOKEN\\}" and pass the token as the build secret npm_token, or leave it out and set installSecrets: \\[\'YARN_NPM_AUTH_TOKEN\'\\]\\.$'));
    expect(readdirSync(project.outdir)).toEqual([]);
  });

  it('is not a credential when empty, a placeholder with npm\'s "?" or commented out', () => {
    const project = withNpmrc(service(), { [`${REGISTRY}:_authToken`]: '${NPM_TOKEN?}', '//other.example/:_auth': '' });
    const { image } = synthesized(project);
    expect(image.buildSecrets).toEqual(['npm_token']);
  });
});

describe('installSecrets', () => {
  it('refuses a name that is no environment variable, or one the shell sets', () => {
    const project = service();
    new NodeDockerImage(project, 'Api', { installSecrets: ['NPM TOKEN', 'HOME'] });
    expect(messageOf(() => project.synth())).toBe([
      'Nothing was written: 2 problems found.',
      '  [InvalidInstallSecret] Api: installSecrets "NPM TOKEN" is not the name of an environment variable the install could read (letters, digits and "_", not HOME, PATH, PWD).'
        + ' Fix: Name the variable the package manager reads, such as "YARN_NPM_AUTH_TOKEN" or "NPM_TOKEN".',
      '  [InvalidInstallSecret] Api: installSecrets "HOME" is not the name of an environment variable the install could read (letters, digits and "_", not HOME, PATH, PWD).'
        + ' Fix: Name the variable the package manager reads, such as "YARN_NPM_AUTH_TOKEN" or "NPM_TOKEN".',
    ].join('\n'));
  });

  it('adds to the placeholders without repeating one', () => {
    const { image } = synthesized(withNpmrc(service(), { [`${REGISTRY}:_authToken`]: '${NPM_TOKEN}' }), { installSecrets: ['NPM_TOKEN', 'EXTRA_TOKEN'] });
    expect(image.buildSecrets).toEqual(['npm_token', 'extra_token']);
  });
});
