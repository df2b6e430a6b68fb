/**
 * The take outbox in IndexedDB: every chunk is written here before it is sent and deleted only when the server
 * acknowledged it, so a dropped connection, a crashed tab or a reload loses nothing. One database per browser
 * ("bandspace-takes"): store `takes` (per take: its take:start request, where it plays in the doc, whether the
 * recorder finished it) and store `chunks` keyed [takeId, seq].
 */
import type { TakeStartRequest } from "@bandspace/protocol";

export interface OutboxTake {
  takeId: string;
  sessionId: string;
  start: TakeStartRequest;
  /** Written to the doc (addRecordedTake) once the server has the whole take. */
  groupId: string;
  /** Set when the recorder finished the take (take:end can go once every chunk is acked). */
  end: { chunkCount: number; totalFrames: number } | null;
  createdAt: number;
}

export interface OutboxChunk {
  takeId: string;
  seq: number;
  frames: number;
  /** Little-endian Float32 interleaved (the wire format). */
  pcm: ArrayBuffer;
}

const DB_NAME = "bandspace-takes";
const VERSION = 1;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

export class TakeOutbox {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<TakeOutbox> {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains("takes")) db.createObjectStore("takes", { keyPath: "takeId" });
      if (!db.objectStoreNames.contains("chunks")) db.createObjectStore("chunks", { keyPath: ["takeId", "seq"] });
    };
    return new TakeOutbox(await request(req));
  }

  async putTake(take: OutboxTake): Promise<void> {
    const tx = this.db.transaction("takes", "readwrite");
    tx.objectStore("takes").put(take);
    await done(tx);
  }

  async takes(sessionId: string): Promise<OutboxTake[]> {
    const all = (await request(this.db.transaction("takes").objectStore("takes").getAll())) as OutboxTake[];
    return all.filter((t) => t.sessionId === sessionId).sort((a, b) => a.createdAt - b.createdAt);
  }

  async putChunk(chunk: OutboxChunk): Promise<void> {
    const tx = this.db.transaction("chunks", "readwrite");
    tx.objectStore("chunks").put(chunk);
    await done(tx);
  }

  async chunk(takeId: string, seq: number): Promise<OutboxChunk | undefined> {
    return (await request(this.db.transaction("chunks").objectStore("chunks").get([takeId, seq]))) as
      OutboxChunk | undefined;
  }

  /** Seqs of a take's chunks still waiting for an ack. */
  async pendingSeqs(takeId: string): Promise<number[]> {
    const range = IDBKeyRange.bound([takeId, 0], [takeId, Number.MAX_SAFE_INTEGER]);
    const keys = (await request(this.db.transaction("chunks").objectStore("chunks").getAllKeys(range))) as [
      string,
      number,
    ][];
    return keys.map((k) => k[1]);
  }

  async deleteChunk(takeId: string, seq: number): Promise<void> {
    const tx = this.db.transaction("chunks", "readwrite");
    tx.objectStore("chunks").delete([takeId, seq]);
    await done(tx);
  }

  /** Forgets a take the server has in full (or that was aborted). */
  async deleteTake(takeId: string): Promise<void> {
    const tx = this.db.transaction(["takes", "chunks"], "readwrite");
    tx.objectStore("takes").delete(takeId);
    tx.objectStore("chunks").delete(IDBKeyRange.bound([takeId, 0], [takeId, Number.MAX_SAFE_INTEGER]));
    await done(tx);
  }

  close(): void {
    this.db.close();
  }
}
