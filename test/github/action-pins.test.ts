import { readFileSync } from 'fs';
import { join } from 'path';
import { gte } from 'semver';
import { describe, expect, it } from 'vitest';
import { ACTION_PINS, TRIVY_VERSION } from '../../src/github/action-pins';
import { repositoryRoot } from '../util';

/** The verified pinning data beside the checkout (CI has ../shared beside the clone; see ../shared/data/README.md). */
const SHARED = JSON.parse(readFileSync(join(repositoryRoot, '..', 'shared', 'data', 'github-actions.json'), 'utf-8')) as {
  actions: Record<string, { tag: string; sha: string }>;
  trivy: { defaultVersion: string };
};

/** `owner/repo` of an action, which may name a folder of its repository (`github/codeql-action/upload-sarif`). */
const repositoryOf = (action: string) => action.split('/').slice(0, 2).join('/');

describe('the pin table', () => {
  it('pins every action to the release tag and commit that the shared data verified', () => {
    const pins = Object.entries(ACTION_PINS).map(([action, pin]) => ({ action, tag: pin.version, sha: pin.sha }));
    const verified = pins.map(({ action }) => {
      const data = SHARED.actions[repositoryOf(action)];
      return { action, tag: data?.tag, sha: data?.sha };
    });
    expect(pins).toEqual(verified);
    expect(pins.length).toBeGreaterThanOrEqual(9);
  });

  it('pins commits, never tag objects or short SHAs', () => {
    for (const [action, pin] of Object.entries(ACTION_PINS)) {
      expect(pin.sha, action).toMatch(/^[0-9a-f]{40}$/);
      expect(pin.version, action).toMatch(/^v\d+\.\d+\.\d+$/);
    }
    // trivy-action's v0.36.0 is an annotated tag: the table has the commit it points to, not the tag object.
    expect(ACTION_PINS['aquasecurity/trivy-action'].sha).not.toBe('a9c7b0f06e461e9d4b4d1711f154ee024b8d7ab8');
  });

  it('runs Trivy v0.74.0, an exact release no older than what the pinned trivy-action installs by default', () => {
    expect(TRIVY_VERSION).toBe('v0.74.0');
    expect(gte(TRIVY_VERSION, SHARED.trivy.defaultVersion)).toBe(true);
    // The malicious release of March 2026.
    expect(TRIVY_VERSION).not.toBe('v0.69.4');
  });
});
