export * from './health-check';
export * from './node-docker-image';
export * from './runtime';
