export * from './image-lock';
export * from './pinning-rule';
