/**
 * How the image builds and starts a service that uses Prisma.
 */
export interface PrismaOptions {
  /**
   * Build with Prisma: the schema copied into the build, `prisma generate` before the compile, and
   * what the client needs at run time (the generated client, and for Prisma's Rust engines `openssl`).
   * @default - when the project depends on `prisma` or `@prisma/client`
   */
  readonly enabled?: boolean;

  /**
   * The Prisma schema, a file or a folder, relative to the project; its folder (with `migrations/`) is copied into the build.
   * @default "prisma/schema.prisma"
   */
  readonly schema?: string;

  /**
   * Run `prisma migrate deploy` each time the container starts, before the service. Off by default:
   * the build never migrates, and migrations are best run once per release, apart from the replicas.
   * Needs `prisma` as a production dependency and a shell (not distroless), so the CLI and its
   * engines are then in the runtime; without it they never are (only the generated client is).
   * @default false
   */
  readonly migrateOnStart?: boolean;
}
