// Layer 1: image references, the Node.js release lines, and official node images as typed values.
export * from './image-reference';
export * from './node-image';
