import type { PrismaClient } from "../../generated/prisma-sqlite/client";

/**
 * The Prisma client the repositories use. The SQLite and PostgreSQL clients are generated from the
 * same models (prisma/postgresql/schema.prisma is derived from prisma/schema.prisma), so their model
 * APIs are identical; code is typed against the SQLite one and open.ts hands in either.
 */
export type DbClient = PrismaClient;

/** Prisma's error code, if `error` is a known request error (P2002 unique, P2003 foreign key, …). */
export function prismaErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined;
}

/** Prisma types Bytes as Uint8Array<ArrayBuffer>; Yjs hands out plain Uint8Arrays over the same memory. */
export function asBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data as Uint8Array<ArrayBuffer>;
}
