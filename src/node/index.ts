// Layer 4: NodeDockerImage, which reads the projen project at synthesis and lays out the stages.
export * from './health-check';
export * from './node-docker-image';
export * from './node-docker-image-props';
export * from './node-image-rule';
export * from './prisma-options';
export * from './runtime';
export * from './runtime-payload';
export * from './workspace-rule';
