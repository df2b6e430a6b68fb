import type { LoudnessSummary, Role, SavedExportFormat, ShareRole, TakeState, VersionKind } from "@bandspace/protocol";

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
  createSession: (name: string) => Promise<{ session: SessionRecord; ownerLink: ShareLinkRecord }>;
  getSession: (id: string) => Promise<SessionRecord | null>;
  /** Returns the link even when revoked or expired; callers decide. */
  findLinkByToken: (token: string) => Promise<ShareLinkRecord | null>;
  listLinks: (sessionId: string) => Promise<ShareLinkRecord[]>;
  createLink: (
    sessionId: string,
    role: Role,
    label?: string | null,
    expiresAt?: Date | null,
  ) => Promise<ShareLinkRecord>;
  /** Marks the link revoked (idempotent). Null when no such link belongs to the session. */
  revokeLink: (sessionId: string, linkId: string) => Promise<ShareLinkRecord | null>;
}

/** Persisted Yjs state of one document: a compacted snapshot plus updates appended after it. */
export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the last stored update (0 when none). */
  lastSeq: number;
}

export interface DocStore {
  load: (docName: string) => Promise<StoredDoc>;
  /**
   * What a reader that already holds every row up to `afterSeq` lacks: the rows after it, and the
   * snapshot too when a compaction folded rows it lacks into it. Catch-up for a node that missed updates.
   */
  readAfter: (docName: string, afterSeq: number) => Promise<StoredDoc>;
  /**
   * Appends updates in order; resolves only once they are durable. Returns the new last sequence number.
   * Safe with several writers (processes) on one database: numbers come from the database.
   */
  append: (docName: string, updates: Uint8Array[]) => Promise<number>;
  /**
   * Folds the stored updates up to `uptoSeq` (default: all stored) into the snapshot and deletes them, in
   * one transaction. The snapshot is built from what is stored, so it contains every update it replaces.
   * Returns the seq the snapshot now covers. Throws RangeError for an `uptoSeq` that was never stored.
   */
  compact: (docName: string, uptoSeq?: number) => Promise<number>;
  /** The last stored sequence number (0 when none). */
  lastSeq: (docName: string) => Promise<number>;
  /** Number of stored updates not yet folded into the snapshot. */
  pendingUpdateCount: (docName: string) => Promise<number>;
  /** Total stored bytes of the doc (snapshot + updates), for benchmarks and diagnostics. */
  storedBytes: (docName: string) => Promise<number>;
}

export interface MemberRecord {
  id: string;
  sessionId: string;
  linkId: string;
  /** sha256 of the member secret (server-internal; never sent to clients). */
  secretHash: string;
  displayName: string;
  /** The owner's override; null → the link's role. */
  role: ShareRole | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface MemberRepository {
  /**
   * Registers the member holding `secretHash` in the session (or updates it: name, link it came through,
   * last seen). The owner's role override is kept across joins.
   */
  upsert: (sessionId: string, secretHash: string, linkId: string, displayName: string) => Promise<MemberRecord>;
  findBySecret: (sessionId: string, secretHash: string) => Promise<MemberRecord | null>;
  get: (sessionId: string, memberId: string) => Promise<MemberRecord | null>;
  list: (sessionId: string) => Promise<MemberRecord[]>;
  setRole: (sessionId: string, memberId: string, role: ShareRole | null) => Promise<MemberRecord | null>;
  touch: (memberId: string) => Promise<void>;
}

export interface VersionRecord {
  id: string;
  sessionId: string;
  name: string;
  kind: VersionKind;
  createdBy: string | null;
  createdAt: Date;
  takeIds: string[];
}

export interface VersionWithState extends VersionRecord {
  songState: Uint8Array;
  commentsState: Uint8Array;
}

export interface NewVersion {
  sessionId: string;
  name: string;
  kind: VersionKind;
  createdBy: string | null;
  songState: Uint8Array;
  commentsState: Uint8Array;
  takeIds: string[];
}

export interface VersionRepository {
  /** Stores the version and its referenced takes in one transaction. */
  create: (version: NewVersion) => Promise<VersionRecord>;
  /** Newest first. */
  list: (sessionId: string) => Promise<VersionRecord[]>;
  get: (sessionId: string, versionId: string) => Promise<VersionWithState | null>;
  /**
   * Deletes all but the newest `keep` autosave checkpoints of the session (manual versions and restore
   * backups are never deleted). Returns how many were deleted.
   */
  pruneCheckpoints: (sessionId: string, keep: number) => Promise<number>;
  /** The subset of `takeIds` referenced by any version (take cleanup must keep these). */
  referencedTakes: (takeIds: string[]) => Promise<Set<string>>;
}

/** A take's metadata row (prisma model Take). */
export interface TakeRecord {
  id: string;
  sessionId: string;
  takeId: string;
  trackId: string;
  createdByLinkId: string;
  createdByName: string;
  createdAt: Date;
  sampleRate: number;
  channels: number;
  startTick: number;
  latencyMs: number;
  passIndex: number;
  lane: number | null;
  state: TakeState;
  frames: number;
  chunkCount: number;
  sha256: string | null;
  storeKind: string;
  storageKey: string;
  endedAt: Date | null;
}

export type NewTake = Omit<TakeRecord, "createdAt" | "state" | "frames" | "chunkCount" | "sha256" | "endedAt">;

/**
 * Take metadata in Prisma. Written at take:start and at the end (complete/aborted) only: chunks never
 * touch the database (their durable state is the journal), which keeps the chunk path cheap.
 */
export interface TakeRepository {
  create: (take: NewTake) => Promise<TakeRecord>;
  find: (sessionId: string, takeId: string) => Promise<TakeRecord | null>;
  list: (sessionId: string) => Promise<TakeRecord[]>;
  listRecording: () => Promise<TakeRecord[]>;
  complete: (id: string, fields: { frames: number; chunkCount: number; sha256: string }) => Promise<TakeRecord>;
  abort: (id: string) => Promise<TakeRecord>;
}

/** A saved export's metadata row (prisma model SavedExport); the bytes are in the ExportStore. */
export interface SavedExportRecord {
  id: string;
  sessionId: string;
  versionId: string;
  versionName: string;
  createdByMember: string | null;
  createdByLinkId: string;
  createdByName: string;
  name: string;
  format: SavedExportFormat;
  mime: string;
  bytes: number;
  durationSeconds: number;
  sampleRate: number;
  channels: number;
  report: LoudnessSummary;
  sha256: string;
  storeKind: string;
  storageKey: string;
  createdAt: Date;
}

export type NewSavedExport = Omit<SavedExportRecord, "createdAt" | "versionName">;

export interface SavedExportRepository {
  create: (e: NewSavedExport) => Promise<SavedExportRecord>;
  /** Newest first. */
  list: (sessionId: string) => Promise<SavedExportRecord[]>;
  find: (sessionId: string, id: string) => Promise<SavedExportRecord | null>;
  /** False when there was no such export in the session. */
  delete: (sessionId: string, id: string) => Promise<boolean>;
}

export interface Database {
  provider: "sqlite" | "postgresql";
  sessions: SessionRepository;
  members: MemberRepository;
  versions: VersionRepository;
  docs: DocStore;
  takes: TakeRepository;
  exports: SavedExportRepository;
  /** A trivial query (SELECT 1): resolves when the database answers (readiness probe). */
  ping: () => Promise<void>;
  close: () => Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `file:…` / unset → SQLite; `postgresql://…` → PostgreSQL. */
  databaseUrl?: string;
  /** Where the default SQLite file lives (`<dataDir>/bandspace.db`). */
  dataDir: string;
  /** Apply committed migrations before returning (default true). */
  migrate?: boolean;
}
