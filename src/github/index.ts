export * from './trivy-ignore';
export * from './trivy-severity';
export * from './trivy-workflow';
