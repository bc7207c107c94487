export * from './rule';
export * from './finding';
