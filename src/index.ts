export * from './distroless';
export * from './dockerfile';
export * from './ignore';
export * from './images';
export * from './node';
export * from './pinning';
export * from './trivy';
