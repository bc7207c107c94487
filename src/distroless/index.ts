export * from './distroless-image';
export * from './distroless-stage';
export * from './distroless-tag';
export * from './distroless-rule';
