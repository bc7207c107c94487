import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { run } from './containers';

/**
 * An image saved as a docker-archive (`podman save --format docker-archive`, `docker save`):
 * the same layout from both tools, read with tar.
 */

/** A layer: its diff id (the digest of the uncompressed tar) and its size in bytes. */
export interface Layer {
  readonly diffId: string;
  readonly bytes: number;
}

/** A temporary path for an archive. */
export function archivePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'pnd-save-')), 'image.tar');
}

/** The image's layers, lowest first, with their sizes as the archive stores them (uncompressed). */
export function archiveLayers(archive: string): Layer[] {
  const [manifest] = JSON.parse(run('tar', ['-xOf', archive, 'manifest.json']).stdout) as Array<{ Config: string; Layers: string[] }>;
  const config = JSON.parse(run('tar', ['-xOf', archive, manifest.Config]).stdout) as { rootfs: { diff_ids: string[] } };
  const sizes = new Map<string, number>();
  for (const line of run('tar', ['-tvf', archive, '--numeric-owner']).stdout.split('\n')) {
    // -rw-r--r-- 0/0 12345 2026-12-01 08:00 path
    const match = /^\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(.+)$/.exec(line);
    if (match) {
      sizes.set(match[2], Number(match[1]));
    }
  }
  return manifest.Layers.map((path, index) => ({ diffId: config.rootfs.diff_ids[index], bytes: sizes.get(path) ?? 0 }));
}
