// Layer 5, beside the workflows: compose files that run the project's images locally with the
// services they need. Takes images as IContainerImage and reads their Dockerfiles, never src/node.
export * from './compose-file';
export * from './compose-options';
export * from './compose-rule';
export * from './compose-service';
export * from './dependency-condition';
export * from './postgres-service';
