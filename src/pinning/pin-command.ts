import { readLockFile, writeLockFile, ImageLockEntries } from './lock-file';
import { endpointsFromEnvironment, RegistryClientOptions, resolveDigest } from './registry-client';

/** What `docker:pin` was asked to do. */
export interface PinRequest {
  /** The lock file. */
  readonly lockPath: string;
  /** The image references the Dockerfiles use. */
  readonly references: string[];
  /** Resolve every reference again, not only those without an entry. */
  readonly update: boolean;
}

/** Parses `--lock <file> [--update] <reference>...`. */
export function parsePinArguments(args: string[]): PinRequest {
  const references: string[] = [];
  let lockPath: string | undefined;
  let update = false;
  for (let index = 0; index < args.length; index++) {
    if (args[index] === '--lock') {
      lockPath = args[++index];
    } else if (args[index] === '--update') {
      update = true;
    } else if (args[index].startsWith('--')) {
      throw new Error(`docker:pin does not know the option ${args[index]}. Use --update to refresh every digest.`);
    } else {
      references.push(args[index]);
    }
  }
  if (!lockPath) {
    throw new Error('docker:pin needs --lock <file>.');
  }
  return { lockPath, references, update };
}

/**
 * Resolves the digests, then writes the lock once, and only when every image
 * resolved: a failure leaves the lock as it was. A digest that did not change
 * keeps its resolution time, so that a refresh shows only real moves.
 * Returns the lines to print.
 */
export async function pinImages(request: PinRequest, options: RegistryClientOptions = {}): Promise<string[]> {
  const entries = readLockFile(request.lockPath);
  const targets = request.update ? request.references : request.references.filter((reference) => !entries[reference]);
  if (targets.length === 0) {
    return [`Every base image has a digest in ${request.lockPath}; "npx projen docker:pin:update" refreshes them.`];
  }
  const settled = await Promise.allSettled(targets.map((reference) => resolveDigest(reference, options)));
  const failures = settled.flatMap((result) => (result.status === 'rejected' ? [(result.reason as Error).message] : []));
  if (failures.length > 0) {
    throw new Error([`${request.lockPath} was not changed: ${failures.length} of ${targets.length} images could not be resolved.`, ...failures.map((failure) => `  ${failure}`)].join('\n'));
  }
  const now = new Date().toISOString();
  const next: ImageLockEntries = { ...entries };
  const lines: string[] = [];
  targets.forEach((reference, index) => {
    const digest = (settled[index] as PromiseFulfilledResult<string>).value;
    const before = entries[reference]?.digest;
    if (before !== digest) {
      next[reference] = { digest, resolvedAt: now };
      lines.push(before ? `${reference}: ${before} -> ${digest}` : `${reference}: pinned to ${digest}`);
    } else {
      lines.push(`${reference}: unchanged`);
    }
  });
  if (lines.some((line) => !line.endsWith(': unchanged'))) {
    writeLockFile(request.lockPath, next);
  }
  return lines;
}

async function main(args: string[]): Promise<number> {
  try {
    const lines = await pinImages(parsePinArguments(args), { endpoints: endpointsFromEnvironment() });
    console.log(lines.join('\n'));
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
