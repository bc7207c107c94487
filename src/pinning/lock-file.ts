import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'fs';
import { basename, dirname, join } from 'path';

/** What the lock records for one image reference. */
export interface LockEntry {
  /** The digest of the image's index (or manifest), `sha256:` and 64 hex characters. */
  readonly digest: string;
  /** When the digest was resolved, as an ISO 8601 time. */
  readonly resolvedAt: string;
}

/** The lock: image references (`name:tag`) to their digests. */
export type ImageLockEntries = { [reference: string]: LockEntry };

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const COMMENT = 'Digests of the base images of this project\'s Dockerfiles. Pin new images with "npx projen docker:pin", refresh all with "npx projen docker:pin:update".';

/** A lock file as read: its entries, or what is wrong with it. */
export interface LockFileContents {
  readonly entries: ImageLockEntries;
  readonly problem?: { readonly message: string; readonly fix: string };
}

const RESTORE = 'Restore it from version control, or delete it and run "npx projen docker:pin".';

/** Reads a lock file; a missing file is an empty lock. A malformed one is an empty lock with the problem. */
export function parseLockFile(path: string): LockFileContents {
  if (!existsSync(path)) {
    return { entries: {} };
  }
  const name = basename(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf-8'));
  } catch (error) {
    return { entries: {}, problem: { message: `${name} is not valid JSON (${(error as Error).message}).`, fix: RESTORE } };
  }
  const images = isObject(parsed) ? parsed.images ?? {} : undefined;
  if (!isObject(images)) {
    return { entries: {}, problem: { message: `${name} must be an object whose "images" is an object of image references.`, fix: RESTORE } };
  }
  const entries: ImageLockEntries = {};
  for (const [reference, entry] of Object.entries(images)) {
    const digest = isObject(entry) ? entry.digest : undefined;
    if (typeof digest !== 'string' || !DIGEST.test(digest)) {
      return {
        entries: {},
        problem: {
          message: `${name}: the digest of ${reference} is ${JSON.stringify(digest)}, which is not "sha256:" and 64 lowercase hex characters.`,
          fix: 'Run "npx projen docker:pin:update", or remove the entry.',
        },
      };
    }
    entries[reference] = { digest, resolvedAt: String((entry as Partial<LockEntry>).resolvedAt ?? '') };
  }
  return { entries };
}

/** Reads a lock file; a missing file is an empty lock. Throws with the file, the entry and the fix when it is malformed. */
export function readLockFile(path: string): ImageLockEntries {
  const { entries, problem } = parseLockFile(path);
  if (problem) {
    throw new Error(`${problem.message} Fix: ${problem.fix}`);
  }
  return entries;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The lock file's text: sorted, so that a change reads as a small diff. */
export function renderLockFile(entries: ImageLockEntries): string {
  const images: ImageLockEntries = {};
  for (const reference of Object.keys(entries).sort()) {
    images[reference] = entries[reference];
  }
  return `${JSON.stringify({ comment: COMMENT, images }, undefined, 2)}\n`;
}

/**
 * Writes the lock through a temporary file in the same folder, flushed and then
 * renamed over the old one: a reader sees the old lock or the new one, never half of one.
 */
export function writeLockFile(path: string, entries: ImageLockEntries): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const descriptor = openSync(temporary, 'w', 0o644);
    try {
      writeSync(descriptor, renderLockFile(entries));
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
