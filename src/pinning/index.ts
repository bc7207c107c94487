// Layer 3: ImageLock, the committed digests of base images, and the registry client that resolves them.
export * from './image-lock';
export * from './pinning-rule';
