export * from './image-reference';
export * from './node-image';
