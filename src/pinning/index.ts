export * from './image-lock';
