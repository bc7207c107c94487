export * from './docker-ignore';
export * from './docker-ignore-mode';
