export * from './dockerfile';
export * from './images';
