// Layer 3: DistrolessStage, distroless images and their own rules.
export * from './distroless-image';
export * from './distroless-stage';
export * from './distroless-tag';
export * from './distroless-rule';
