/**
 * The rules a NodeServiceProject's own options are checked against (its constructs check theirs).
 */
export enum ServiceProjectRule {
  /** `postgres` without the compose file it is added to. */
  POSTGRES_WITHOUT_COMPOSE = 'PostgresWithoutCompose',
}
