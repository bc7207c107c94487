export * from './core';
export * from './images';
export * from './dockerfile';
export * from './ignore';
export * from './distroless';
export * from './pinning';
export * from './node';
export * from './github';
