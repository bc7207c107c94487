export * from './registry-push-options';
export * from './trivy-ignore';
export * from './trivy-ignore-rule';
export * from './trivy-severity';
export * from './trivy-workflow';
export * from './workflow-rule';
