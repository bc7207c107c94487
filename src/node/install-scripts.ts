import { DependencyType } from 'projen';
import { NodePackageManager, NodeProject, PnpmWorkspaceYaml } from 'projen/lib/javascript';
import { NodeImageRule } from './node-image-rule';
import { PackageManagerStrategy } from './package-managers';
import { manifestField } from './project-manifest';
import { Problem } from '../core/problem';

/*
 * Install scripts of dependencies, and the native addons that need them.
 *
 * Package managers now run a dependency's install scripts only when the project
 * allows them, and skip the others without failing the install: npm 12 skips what
 * package.json `allowScripts` does not list (npm 11.19 still runs those, with a
 * warning, and silently skips what it denies with `false`), pnpm 10 builds only
 * `onlyBuiltDependencies`, Bun only `trustedDependencies`, Yarn Berry with
 * `enableScripts: false` only what `dependenciesMeta` marks `built`. A native addon
 * whose script was skipped has no binding, and the service dies when it first
 * loads it. The image therefore never widens the project's policy (the files that
 * hold it are copied into every install), refuses at synthesis an addon the policy
 * does not allow, and checks after every install that each addon has a binding.
 */

// npm package names: lower case, optionally scoped (validate-npm-package-name, for new packages).
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const DEVELOPMENT = new Set<string>([DependencyType.BUILD, DependencyType.TEST, DependencyType.DEVENV]);

/** Whether and where the project's policy lets a dependency run its install scripts. */
interface ScriptPolicy {
  /** Where the policy lives, as projen writes it. */
  readonly where: string;
  /** Why the addon may not run its scripts; undefined when it may. */
  refusal(name: string): string | undefined;
}

/** The names that are not npm package names. */
export function invalidAddonNames(addons: string[]): string[] {
  return addons.filter((name) => !PACKAGE_NAME.test(name));
}

/** Each declared native addon that the project's install-script policy does not let build, with the fix. */
export function installScriptProblems(project: NodeProject, addons: string[]): Problem[] {
  if (addons.length === 0) {
    return [];
  }
  const invalid = invalidAddonNames(addons);
  if (invalid.length > 0) {
    return [{
      rule: NodeImageRule.INVALID_NATIVE_ADDON,
      message: `native addon names ${invalid.map((name) => `"${name}"`).join(', ')} are not npm package names.`,
      fix: 'Give the names of the dependencies that compile a binding, as in package.json, such as "better-sqlite3".',
    }];
  }
  const policy = scriptPolicy(project);
  return [...new Set(addons)].flatMap((name) => {
    const refusal = policy?.refusal(name);
    return refusal === undefined ? [] : [{
      rule: NodeImageRule.NATIVE_ADDON_NOT_ALLOWED,
      message: `native addon "${name}" may not run its install scripts: ${refusal}, so the install would leave it without a binding and the service would fail when it loads it.`,
      fix: `Allow it in the project, for example with the project option allowScripts: ["${name}"] or project.package.addAllowedScripts("${name}"), which projen writes as ${policy!.where}.`,
    }];
  });
}

/** The project's install-script policy, for the package managers that have one. */
function scriptPolicy(project: NodeProject): ScriptPolicy | undefined {
  switch (project.package.packageManager) {
    case NodePackageManager.NPM:
      return npmPolicy(record(manifestField(project, 'allowScripts')));
    case NodePackageManager.PNPM:
      return pnpmPolicy(project);
    case NodePackageManager.BUN:
      return bunPolicy(list(manifestField(project, 'trustedDependencies')));
    case NodePackageManager.YARN2:
    case NodePackageManager.YARN_BERRY:
      return yarnBerryPolicy(record(manifestField(project, 'dependenciesMeta')) ?? {});
    default:
      // Yarn classic has no policy: it runs every install script.
      return undefined;
  }
}

function npmPolicy(allowScripts: Record<string, unknown> | undefined): ScriptPolicy {
  // Entries are "name" or "name@1.2.3 || 1.2.4"; a pinned one that does not match the locked version is caught by the binding check.
  const entries = (name: string) => Object.entries(allowScripts ?? {}).filter(([key]) => key === name || key.startsWith(`${name}@`));
  return {
    where: 'package.json "allowScripts"',
    refusal: (name) => {
      if (entries(name).some(([, value]) => value === false)) {
        return 'package.json "allowScripts" denies it (false), and npm skips its scripts without failing';
      }
      return entries(name).some(([, value]) => value === true) ? undefined
        : `package.json "allowScripts" ${allowScripts ? 'does not list it' : 'is not set'}, and npm 12 skips unlisted scripts without failing (npm 11.19 still runs them, with a warning)`;
    },
  };
}

function bunPolicy(trusted: string[] | undefined): ScriptPolicy {
  return {
    where: 'package.json "trustedDependencies"',
    refusal: (name) => (trusted?.includes(name) ? undefined : `package.json ${trusted ? 'lists other packages' : 'has no list'} in "trustedDependencies",`
      + ' and Bun runs only theirs (and those of its own default list, which changes between versions)'),
  };
}

function yarnBerryPolicy(meta: Record<string, unknown>): ScriptPolicy {
  const built = (name: string) => record(meta[name])?.built;
  // projen turns enableScripts off in .yarnrc.yml exactly when it marks packages built.
  const allowList = Object.keys(meta).some((name) => built(name) === true);
  return {
    where: 'package.json "dependenciesMeta" (built: true) with enableScripts: false in .yarnrc.yml',
    refusal: (name) => {
      if (built(name) === false) {
        return 'package.json "dependenciesMeta" sets built: false for it';
      }
      return allowList && built(name) !== true
        ? 'package.json "dependenciesMeta" marks only other packages built, and .yarnrc.yml disables the scripts of the rest'
        : undefined;
    },
  };
}

function pnpmPolicy(project: NodeProject): ScriptPolicy {
  const manifest = record(manifestField(project, 'pnpm')) ?? {};
  const workspace = pnpmWorkspaceSettings(project);
  const names = (key: string) => {
    const found = [list(manifest[key]), list(workspace[key])].filter((value): value is string[] => value !== undefined);
    return found.length > 0 ? found.flat() : undefined;
  };
  const only = names('onlyBuiltDependencies');
  const never = [...names('neverBuiltDependencies') ?? [], ...names('ignoredBuiltDependencies') ?? []];
  const allowAll = manifest.dangerouslyAllowAllBuilds === true || workspace.dangerouslyAllowAllBuilds === true;
  const version = /^pnpm@(\d+)/.exec(String(manifestField(project, 'packageManager') ?? ''))?.[1] ?? project.package.pnpmVersion ?? '9';
  const buildsAllByDefault = Number.parseInt(version, 10) < 10;
  return {
    where: '"onlyBuiltDependencies" in pnpm-workspace.yaml',
    refusal: (name) => {
      if (never.includes(name)) {
        return 'pnpm\'s neverBuiltDependencies or ignoredBuiltDependencies name it';
      }
      if (allowAll || only?.includes(name) || (only === undefined && buildsAllByDefault)) {
        return undefined;
      }
      return only ? '"onlyBuiltDependencies" lists other packages only, and pnpm skips the builds of the rest without failing'
        : `"onlyBuiltDependencies" is not set, and pnpm ${version.split('.')[0]} builds only what it lists, skipping the rest without failing`;
    },
  };
}

/**
 * The settings projen writes to pnpm-workspace.yaml (from `allowScripts` and
 * `pnpmOptions.workspaceYamlOptions`). projen keeps that file's object to itself until it
 * writes the file, after the checks; it is read here through the file's own render function,
 * and when a projen version hides it otherwise, the build's binding check still catches a skipped build.
 */
function pnpmWorkspaceSettings(project: NodeProject): Record<string, unknown> {
  const file = PnpmWorkspaceYaml.of(project)?.file;
  const render: unknown = file ? Reflect.get(file, 'obj') : undefined;
  const rendered: unknown = typeof render === 'function' ? render() : render;
  return record(rendered) ?? {};
}

/**
 * The install commands with a check after each that every native addon it installs has a
 * compiled binding (a `*.node` file in its package folder; the trailing slash follows pnpm's
 * symbolic link into node_modules/.pnpm), failing the build with the addon's name otherwise.
 * Development dependencies are checked only where they are installed.
 */
export function withBindingChecks(strategy: PackageManagerStrategy, project: NodeProject, addons: string[]): PackageManagerStrategy {
  if (addons.length === 0) {
    return strategy;
  }
  const development = new Set(project.deps.all.filter((dep) => DEVELOPMENT.has(dep.type)).map((dep) => dep.name));
  const production = addons.filter((name) => !development.has(name));
  return {
    ...strategy,
    installProduction: checked(strategy.installProduction, production),
    installAll: checked(strategy.installAll, addons),
  };
}

function checked(install: string, addons: string[]): string {
  return addons.length === 0 ? install : `${install} && ${bindingCheck([...new Set(addons)])}`;
}

/** A shell command that fails, naming the addon and the fix, when an addon's package folder holds no `*.node` file. */
export function bindingCheck(addons: string[]): string {
  const message = 'native addon \\"$addon\\" has no compiled binding (no *.node file in node_modules/$addon/): its install script was skipped or failed.'
    + ' Fix: allow its install scripts in the project (projen allowScripts) and read its install output above.';
  return `for addon in ${addons.join(' ')}; do if ! find "node_modules/$addon/" -name node_modules -prune -o -name '*.node' -type f -print | grep -q .; `
    + `then echo "${message}" >&2; exit 1; fi; done`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

function list(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}
