// Layer 2: the generic Dockerfile model (files, stages, instructions, rendering, generic rules)
// and IContainerImage, through which higher layers take images. Nothing of Node, npm or GitHub.
export * from './builder-compatibility';
export * from './container-image';
export * from './dockerfile';
export * from './duration';
export * from './image-pins';
export * from './instruction';
export * from './instructions';
export * from './stage';
export * from './stage-base';
export * from './validation';
