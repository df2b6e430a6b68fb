/**
 * Where take audio lives. The server codes against this interface; `createTakeStore` (./create-take-store.ts)
 * picks the implementation from BANDSPACE_TAKE_STORE (default "local": files under the data directory).
 *
 * A take is stored in two phases:
 *  - while recording, an append-only **journal** of chunks (any order; each record carries its seq),
 *    written with group commit: `append` resolves once the chunk is durable (see TakeSyncMode);
 *  - once ended, the **master**: a float WAV of the chunks in seq order (the exact captured PCM) and its
 *    waveform peaks. Then the journal is deleted.
 *
 * Keys are server-generated (`TakeKey`); implementations must still refuse anything else.
 *
 * Besides takes, a store keeps whole objects of a session (saved exports) for ranged reads: `putObject`.
 */

export interface TakeKey {
  /** The session id (validated 16-character base36, from the authenticated principal). */
  sessionId: string;
  /** Server-generated 16-character base36 id (Take.storageKey). */
  storageKey: string;
}

export interface TakeFormat {
  sampleRate: number;
  channels: number;
}

/** Where a chunk's PCM lies in the journal. */
export interface JournalRecord {
  seq: number;
  frames: number;
  offset: number;
  length: number;
}

export interface TakeJournal {
  /** Appends one chunk; resolves when it is durable (chunks appended together share one sync). */
  append: (seq: number, frames: number, pcm: Uint8Array) => Promise<JournalRecord>;
  read: (offset: number, length: number) => Promise<Buffer>;
  close: () => Promise<void>;
}

export interface RecoveredJournal {
  journal: TakeJournal;
  format: TakeFormat;
  /** Intact records in file order (a torn tail from a crash is cut off). */
  records: JournalRecord[];
  /** Bytes dropped from a torn tail. */
  truncatedBytes: number;
}

export interface MasterFile {
  size: number;
  /** Bytes [start, end] inclusive. */
  stream: (start: number, end: number) => AsyncIterable<Uint8Array> | NodeJS.ReadableStream;
}

/** Extensions a stored object (a saved export) may have. */
export const STORED_OBJECT_EXTENSIONS = ["wav", "flac", "mp3", "opus", "ogg", "zip", "json"] as const;

/** A non-take object of a session (saved exports); every part is checked by `objectName`. */
export interface StoredObjectKey {
  sessionId: string;
  kind: "export";
  /** Server-generated 16-character base36 id. */
  id: string;
  ext: (typeof STORED_OBJECT_EXTENSIONS)[number];
}

const OBJECT_ID = /^[a-z0-9]{16}$/;

/** `objects/<sessionId>/exports/<id>.<ext>`: the one place such a name is built, from checked parts only. */
export function objectName(key: StoredObjectKey): string {
  if (
    !OBJECT_ID.test(key.sessionId) ||
    !OBJECT_ID.test(key.id) ||
    key.kind !== "export" ||
    !(STORED_OBJECT_EXTENSIONS as readonly string[]).includes(key.ext)
  )
    throw new Error(`invalid stored object key ${JSON.stringify(key)}`);
  return `objects/${key.sessionId}/exports/${key.id}.${key.ext}`;
}

/**
 * `fsync`: an ack means the chunk's bytes are on stable storage (fdatasync after each group of writes) —
 * survives kill -9 and power loss. `write`: an ack means write(2) returned (in the OS page cache) —
 * survives kill -9 of the server, not a power cut. Default fsync.
 */
export type TakeSyncMode = "fsync" | "write";

export interface TakeStore {
  readonly kind: string;
  createJournal: (key: TakeKey, format: TakeFormat) => Promise<TakeJournal>;
  /** Reopens a journal after a restart; null when none exists. */
  recoverJournal: (key: TakeKey) => Promise<RecoveredJournal | null>;
  /**
   * A read-only view of a journal another node is appending to (shared stores only): what is durable now,
   * never written to, not even repaired.
   */
  readJournal?: (key: TakeKey) => Promise<RecoveredJournal | null>;
  /**
   * Writes the master from `pcm` (chunks in seq order) and the peaks; atomic (all or nothing) and durable
   * before it resolves. Returns the hex sha256 of the PCM and the master's size in bytes.
   */
  writeMaster: (
    key: TakeKey,
    format: TakeFormat,
    frames: number,
    pcm: AsyncIterable<Uint8Array>,
    peaks: Float32Array,
  ) => Promise<{ sha256: string; bytes: number }>;
  openMaster: (key: TakeKey) => Promise<MasterFile | null>;
  readPeaks: (key: TakeKey) => Promise<Float32Array | null>;
  /**
   * Stores the take's peak pyramid file (layout in packages/dsp/src/peaks-pyramid-format.ts) atomically and
   * durably; replaces one of the same take (a pyramid built later for a take stored without one).
   */
  writePeakPyramid: (key: TakeKey, file: Uint8Array) => Promise<void>;
  /** The take's peak pyramid for ranged reads, or null when it was stored without one. */
  openPeakPyramid: (key: TakeKey) => Promise<MasterFile | null>;
  deleteJournal: (key: TakeKey) => Promise<void>;
  /** Removes everything of the take (aborted takes). */
  deleteTake: (key: TakeKey) => Promise<void>;

  /** Stores a whole object (a saved export) atomically and durably; replaces one of the same key. */
  putObject: (key: StoredObjectKey, body: AsyncIterable<Uint8Array>, contentType: string) => Promise<{ bytes: number }>;
  /** A stored object for ranged reads, or null. */
  openObject: (key: StoredObjectKey) => Promise<MasterFile | null>;
  deleteObject: (key: StoredObjectKey) => Promise<void>;
  /** Releases connections (S3 clients); the local store has none. */
  close?: () => void;
}
