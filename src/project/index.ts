// Layer 6, the top: the project type that puts the layers below together (`npx projen new --from projen-node-docker`).
export * from './node-service-project';
export * from './node-service-project-options';
export * from './service-project-rule';
