import { describe, expect, it } from 'vitest';
import { ImageReference } from '../../src';

describe('ImageReference', () => {
  it.each([
    ['node:24-trixie-slim', undefined, 'node', '24-trixie-slim', undefined, 'docker.io/library/node'],
    ['library/node:24', undefined, 'library/node', '24', undefined, 'docker.io/library/node'],
    ['gcr.io/distroless/nodejs24-debian13:nonroot', 'gcr.io', 'distroless/nodejs24-debian13', 'nonroot', undefined, 'gcr.io/distroless/nodejs24-debian13'],
    ['localhost:5000/team/api:1.2.3', 'localhost:5000', 'team/api', '1.2.3', undefined, 'localhost:5000/team/api'],
    ['localhost/api:dev', 'localhost', 'api', 'dev', undefined, 'localhost/api'],
    [`node@sha256:${'a'.repeat(64)}`, undefined, 'node', undefined, `sha256:${'a'.repeat(64)}`, 'docker.io/library/node'],
    [`cgr.dev/chainguard/node:latest@sha256:${'0'.repeat(64)}`, 'cgr.dev', 'chainguard/node', 'latest', `sha256:${'0'.repeat(64)}`, 'cgr.dev/chainguard/node'],
  ])('parses %s', (text, registry, repository, tag, digest, canonical) => {
    const reference = ImageReference.parse(text);
    expect(reference.registry).toBe(registry);
    expect(reference.repository).toBe(repository);
    expect(reference.tag).toBe(tag);
    expect(reference.digest).toBe(digest);
    expect(reference.canonicalName).toBe(canonical);
    expect(reference.toString()).toBe(text);
  });

  it.each([
    ['', 'it is empty'],
    ['node 24', 'it contains white space'],
    ['Node:24', 'repository path component "Node" must be lowercase letters and digits, separated by ".", "_", "__" or "-"'],
    ['node:-24', 'tag "-24" must be 1 to 128 letters, digits, "_", "." or "-", not starting with "." or "-"'],
    [`node:${'x'.repeat(129)}`, `tag "${'x'.repeat(129)}" must be 1 to 128 letters, digits, "_", "." or "-", not starting with "." or "-"`],
    ['node@sha256:abc', 'digest "sha256:abc" must be an algorithm and a hex value, like sha256:<64 hex characters>'],
    [`node@sha256:${'A'.repeat(64)}`, `digest "sha256:${'A'.repeat(64)}" must be "sha256:" followed by 64 lowercase hex characters`],
    ['my_registry.example:5000/x:1', 'registry "my_registry.example:5000" is not a valid host name with an optional port'],
    ['team//api:1', 'repository path component "" must be lowercase letters and digits, separated by ".", "_", "__" or "-"'],
    [':24', 'the repository name is missing'],
  ])('refuses %j: %s', (text, problem) => {
    expect(ImageReference.problemWith(text)).toBe(problem);
    expect(() => ImageReference.parse(text)).toThrow(`Invalid image reference "${text}": ${problem}`);
  });

  it('knows whether it is pinned', () => {
    expect(ImageReference.parse('node').isPinned).toBe(false);
    expect(ImageReference.parse('node:latest').isPinned).toBe(false);
    expect(ImageReference.parse('node:24').isPinned).toBe(true);
    expect(ImageReference.parse(`node@sha256:${'b'.repeat(64)}`).isPinned).toBe(true);
  });

  it('builds from parts, and derives copies with another tag or a digest', () => {
    const reference = ImageReference.of({ registry: 'gcr.io', repository: 'distroless/nodejs26-debian13', tag: 'nonroot' });
    expect(reference.toString()).toBe('gcr.io/distroless/nodejs26-debian13:nonroot');
    expect(reference.withTag('debug-nonroot').toString()).toBe('gcr.io/distroless/nodejs26-debian13:debug-nonroot');
    const digest = `sha256:${'c'.repeat(64)}`;
    expect(reference.withDigest(digest).toString()).toBe(`gcr.io/distroless/nodejs26-debian13:nonroot@${digest}`);
    expect(() => ImageReference.of({ repository: 'UPPER' })).toThrow('Invalid image reference "UPPER"');
  });
});
