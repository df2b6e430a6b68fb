import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { YMessageType } from "@bandspace/protocol";
import type { DocStore, StoredDoc } from "../../../server/db/types";
import type { ConnectionIdentity, RoomSocket } from "../../../server/yjs/room";

/**
 * Room and PersistenceQueue in memory, through the RoomSocket interface (issue #15): no server, no
 * database — a DocStore that can be told to fail, and sockets that record what they receive.
 */
export class MemoryDocStore implements DocStore {
  /** Rows may be shared by several stores: several nodes on one database. */
  constructor(readonly rows: Uint8Array[] = []) {}
  failures = 0;
  appendCalls = 0;
  load(): Promise<StoredDoc> {
    return Promise.resolve({ snapshot: null, updates: [], lastSeq: 0 });
  }
  append(_name: string, updates: Uint8Array[]): Promise<number> {
    this.appendCalls += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error("disk full"));
    }
    this.rows.push(...updates);
    return Promise.resolve(this.rows.length);
  }
  readAfter(_name: string, afterSeq: number): Promise<StoredDoc> {
    return Promise.resolve({ snapshot: null, updates: this.rows.slice(afterSeq), lastSeq: this.rows.length });
  }
  compact(): Promise<number> {
    return Promise.resolve(0);
  }
  lastSeq(): Promise<number> {
    return Promise.resolve(this.rows.length);
  }
  pendingUpdateCount(): Promise<number> {
    return Promise.resolve(this.rows.length);
  }
  storedBytes(): Promise<number> {
    return Promise.resolve(this.rows.reduce((n, r) => n + r.byteLength, 0));
  }
  stored(): Y.Doc {
    const doc = new Y.Doc();
    for (const r of this.rows) Y.applyUpdate(doc, r);
    return doc;
  }
}

export class RecordingSocket implements RoomSocket {
  readonly received: Uint8Array[] = [];
  closedWith: { code: number; reason: string } | null = null;
  send(data: Uint8Array): void {
    this.received.push(data);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  /** The highest write count acknowledged by "persisted" messages. */
  acked(): number {
    let n = 0;
    for (const m of this.received) {
      const d = decoding.createDecoder(m);
      if (decoding.readVarUint(d) !== YMessageType.persisted) continue;
      decoding.readVarUint8Array(d);
      n = Math.max(n, decoding.readVarUint(d));
    }
    return n;
  }
  ofType(type: number): Uint8Array[] {
    return this.received.filter((m) => decoding.readVarUint(decoding.createDecoder(m)) === type);
  }
}

export const identity = (memberId: string, role: ConnectionIdentity["role"] = "edit"): ConnectionIdentity => ({
  memberId,
  userId: memberId,
  name: memberId,
  role,
});

export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

export const until = async (check: () => boolean, ms = 3000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

export function edit(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  const sv = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, sv);
}
