/**
 * An action the workflows use, pinned to the commit its release tag points to.
 */
export interface ActionPin {
  /** The release tag, written beside the pin so that reviewers see the version. */
  readonly version: string;
  /** The full commit SHA the tag points to. */
  readonly sha: string;
}

/**
 * The actions TrivyWorkflow uses, in one table: upgrading the library upgrades
 * the pins. Each SHA is the commit of the release tag (tags can be moved, as
 * trivy-action's were in March 2026; commits cannot).
 */
export const ACTION_PINS: { [action: string]: ActionPin } = {
  'actions/checkout': { version: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1' },
  'docker/setup-qemu-action': { version: 'v4.2.0', sha: '96fe6ef7f33517b61c61be40b68a1882f3264fb8' },
  'docker/setup-buildx-action': { version: 'v4.3.0', sha: '37fe631027851001ddb9b187196cc803df7f5f0e' },
  'docker/build-push-action': { version: 'v7.3.0', sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a' },
  'docker/metadata-action': { version: 'v6.2.0', sha: 'dc802804100637a589fabce1cb79ff13a1411302' },
  'docker/login-action': { version: 'v4.1.0', sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121' },
  'aquasecurity/trivy-action': { version: 'v0.36.0', sha: 'ed142fd0673e97e23eac54620cfb913e5ce36c25' },
  'github/codeql-action/upload-sarif': { version: 'v4.36.2', sha: '8aad20d150bbac5944a9f9d289da16a4b0d87c1e' },
  'actions/attest': { version: 'v4.2.2', sha: '1e69f48acb82d1966a394da916b4c1698aa569d6' },
};

/**
 * The Trivy release the workflow runs (trivy-action's `version` input). The
 * pinned trivy-action installs v0.70.0 by default; the workflow pins the
 * release explicitly, so a new action default changes nothing unseen.
 */
export const TRIVY_VERSION = 'v0.74.0';

/** `owner/repo@sha` for an action of the table. */
export function pinnedAction(action: string): string {
  const pin = ACTION_PINS[action];
  if (!pin) {
    throw new Error(`no pin for action ${action}`);
  }
  return `${action}@${pin.sha}`;
}

/** The release tag of a `uses:` value that is pinned to the commit of the table, or undefined for any other value. */
export function pinnedVersion(uses: string): string | undefined {
  const [action, ref] = uses.split('@');
  const pin = ACTION_PINS[action];
  return pin && pin.sha === ref ? pin.version : undefined;
}
