import { Runtime, RuntimeFamily } from './runtime';

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.:=~_-]*$/;

/** Packages that native modules need to build (node-gyp). */
export const NATIVE_BUILD_PACKAGES = ['python3', 'make', 'g++'];

/**
 * The shell commands that install system packages on a runtime family, with
 * the package index fetched and removed in the same layer.
 */
export function installPackagesCommands(runtime: Runtime, packages: string[]): string[] {
  const names = [...new Set(packages)].sort();
  if (runtime.family === RuntimeFamily.ALPINE) {
    return [`apk add --no-cache ${names.join(' ')}`];
  }
  return [
    'apt-get update',
    `apt-get install -y --no-install-recommends ${names.join(' ')}`,
    'rm -rf /var/lib/apt/lists/*',
  ];
}

/** The package names that are not valid Debian or Alpine package names (or version pins). */
export function invalidPackageNames(packages: string[]): string[] {
  return packages.filter((name) => !PACKAGE_NAME.test(name));
}
