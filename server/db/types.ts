import type { Role } from "@bandspace/protocol";
import type { TakeRepository } from "../takes/take-repository";

/**
 * The persistence interfaces the rest of the server codes against. `openDatabase()` (./open.ts) picks
 * the Prisma client for SQLite or PostgreSQL from DATABASE_URL and returns these.
 */

export interface SessionRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ShareLinkRecord {
  id: string;
  sessionId: string;
  token: string;
  role: Role;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

export interface SessionRepository {
  /** Creates the session and its owner link in one transaction. */
  createSession(name: string): Promise<{ session: SessionRecord; ownerLink: ShareLinkRecord }>;
  getSession(id: string): Promise<SessionRecord | null>;
  /** Returns the link even when revoked or expired; callers decide. */
  findLinkByToken(token: string): Promise<ShareLinkRecord | null>;
  listLinks(sessionId: string): Promise<ShareLinkRecord[]>;
  createLink(sessionId: string, role: Role, label?: string | null): Promise<ShareLinkRecord>;
  /** Marks the link revoked (idempotent). Null when no such link belongs to the session. */
  revokeLink(sessionId: string, linkId: string): Promise<ShareLinkRecord | null>;
}

/** Persisted Yjs state of one document: a compacted snapshot plus updates appended after it. */
export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the last stored update (0 when none). */
  lastSeq: number;
}

export interface DocStore {
  load(docName: string): Promise<StoredDoc>;
  /** Appends updates in order; resolves only once they are durable. Returns the new last sequence number. */
  append(docName: string, updates: Uint8Array[]): Promise<number>;
  /**
   * Replaces the snapshot with `snapshot` (which must contain every update up to `uptoSeq`) and deletes
   * the updates with seq ≤ uptoSeq, in one transaction.
   */
  compact(docName: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /** Number of stored updates not yet folded into the snapshot. */
  pendingUpdateCount(docName: string): Promise<number>;
  /** Total stored bytes of the doc (snapshot + updates), for benchmarks and diagnostics. */
  storedBytes(docName: string): Promise<number>;
}

export interface Database {
  provider: "sqlite" | "postgresql";
  sessions: SessionRepository;
  docs: DocStore;
  takes: TakeRepository;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `file:…` / unset → SQLite; `postgresql://…` → PostgreSQL. */
  databaseUrl?: string;
  /** Where the default SQLite file lives (`<dataDir>/bandspace.db`). */
  dataDir: string;
  /** Apply committed migrations before returning (default true). */
  migrate?: boolean;
}
