/**
 * What a service waits for before Compose starts it (`depends_on.<service>.condition`).
 */
export enum DependencyCondition {
  /** The dependency's container has started. */
  STARTED = 'service_started',
  /** The dependency's health check passes. */
  HEALTHY = 'service_healthy',
  /** The dependency ran to completion with exit code 0 (a migration, say). */
  COMPLETED_SUCCESSFULLY = 'service_completed_successfully',
}
