// The persistence layer's public surface. The rest of the server codes against ./types.
export type * from "./types";
export { openDatabase } from "./open";
export { migrateDatabase, migrationStatus, diffMigrationsToSchema, createMigration, resolveMigration } from "./migrate";
export { resolveDatabaseTarget, type DatabaseTarget, type Provider } from "./target";
export { SessionNotFoundError } from "./session-repository";
export { TakeExistsError } from "./take-repository";
