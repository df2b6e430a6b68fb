// Types for postgres-schema.mjs (plain JS so that `npm install`'s postinstall can run it with node).
export declare const sqliteSchemaPath: string;
export declare const postgresSchemaPath: string;
export declare function derivePostgresSchema(sqliteSchema: string): string;
export declare function expectedPostgresSchema(): string;
export declare function postgresSchemaIsCurrent(): boolean;
export declare function writePostgresSchema(): boolean;
