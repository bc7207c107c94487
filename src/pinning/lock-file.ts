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

/** Reads a lock file; a missing file is an empty lock. Throws with the file and the entry when it is malformed. */
export function readLockFile(path: string): ImageLockEntries {
  if (!existsSync(path)) {
    return {};
  }
  let parsed: { images?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf-8'));
  } catch (error) {
    throw new Error(`${basename(path)} is not valid JSON (${(error as Error).message}). Fix: restore it from version control, or delete it and run "npx projen docker:pin".`);
  }
  const images = parsed.images ?? {};
  if (typeof images !== 'object' || Array.isArray(images)) {
    throw new Error(`${basename(path)}: "images" must be an object of image references. Fix: restore it from version control, or delete it and run "npx projen docker:pin".`);
  }
  const entries: ImageLockEntries = {};
  for (const [reference, entry] of Object.entries(images as Record<string, Partial<LockEntry>>)) {
    if (typeof entry?.digest !== 'string' || !DIGEST.test(entry.digest)) {
      throw new Error(`${basename(path)}: the digest of ${reference} is ${JSON.stringify(entry?.digest)}, which is not "sha256:" and 64 lowercase hex characters. Fix: run "npx projen docker:pin:update", or remove the entry.`);
    }
    entries[reference] = { digest: entry.digest, resolvedAt: String(entry.resolvedAt ?? '') };
  }
  return entries;
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
