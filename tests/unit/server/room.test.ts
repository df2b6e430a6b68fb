import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { describe, expect, it } from "vitest";
import { YMessageType } from "@bandspace/protocol";
import type { DocStore, StoredDoc } from "../../../server/db/types";
import { Room, type ConnectionIdentity, type RoomSocket } from "../../../server/yjs/room";

/**
 * Room and PersistenceQueue in memory, through the RoomSocket interface (issue #15): no server, no
 * database — a DocStore that can be told to fail, and sockets that record what they receive.
 */
class MemoryDocStore implements DocStore {
  readonly rows: Uint8Array[] = [];
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
  compact(): Promise<void> {
    return Promise.resolve();
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

class RecordingSocket implements RoomSocket {
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

const identity = (memberId: string, role: ConnectionIdentity["role"] = "edit"): ConnectionIdentity => ({
  memberId,
  userId: memberId,
  name: memberId,
  role,
});

function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

const until = async (check: () => boolean, ms = 3000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

function songRoom(store: DocStore) {
  return new Room("s1/song", store, { snapshot: null, updates: [], lastSeq: 0 }, { compactAfterRows: 1000 });
}

function edit(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  const sv = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, sv);
}

describe("Room in memory", () => {
  it("relays a writer's update to the others and acknowledges it only once stored", async () => {
    const store = new MemoryDocStore();
    const room = songRoom(store);
    const writer = new RecordingSocket();
    const other = new RecordingSocket();
    room.join(writer, { canWrite: true, linkId: "l1", identity: identity("writer001") });
    room.join(other, { canWrite: false, linkId: "l2", identity: identity("reader001", "view") });
    room.receive(writer, updateMessage(edit((d) => d.getMap("song").set("title", "Hello"))));
    expect(other.ofType(YMessageType.sync).length).toBeGreaterThan(0);
    expect(writer.acked()).toBe(0);
    await until(() => writer.acked() === 1);
    expect(store.stored().getMap("song").get("title")).toBe("Hello");
    await room.close();
  });

  it("keeps the doc and retries while the DocStore fails, acknowledging only after it recovers", async () => {
    const store = new MemoryDocStore();
    store.failures = 2;
    const room = songRoom(store);
    const writer = new RecordingSocket();
    room.join(writer, { canWrite: true, linkId: "l1", identity: identity("writer001") });
    room.receive(writer, updateMessage(edit((d) => d.getMap("song").set("title", "Through a failure"))));
    await until(() => store.appendCalls >= 2);
    expect(writer.acked()).toBe(0);
    expect(room.doc.getMap("song").get("title")).toBe("Through a failure");
    // Two failures, then the retry (after backoff) stores it and acknowledges.
    await until(() => writer.acked() === 1, 5000);
    expect(store.appendCalls).toBe(3);
    expect(store.stored().getMap("song").get("title")).toBe("Through a failure");
    await room.close();
  });

  it("refuses a rule-breaking write with a message, stores nothing of it, and still settles it", async () => {
    const store = new MemoryDocStore();
    const room = songRoom(store);
    const writer = new RecordingSocket();
    room.join(writer, { canWrite: true, linkId: "l1", identity: identity("writer001") });
    room.receive(writer, updateMessage(edit((d) => d.getMap("meta").set("schemaVersion", 77))));
    expect(writer.ofType(YMessageType.refused)).toHaveLength(1);
    await until(() => writer.acked() === 1);
    expect(room.doc.getMap("meta").get("schemaVersion")).toBeUndefined();
    expect(store.rows).toHaveLength(0);
    await room.close();
  });

  it("holds an update missing its earlier part, and acknowledges both once the part arrives", async () => {
    const store = new MemoryDocStore();
    const room = songRoom(store);
    const writer = new RecordingSocket();
    room.join(writer, { canWrite: true, linkId: "l1", identity: identity("writer001") });
    const doc = new Y.Doc();
    doc.getMap("song").set("title", "one");
    const sv = Y.encodeStateVector(doc);
    doc.getMap("song").set("title", "two");
    const first = Y.encodeStateAsUpdate(doc, new Uint8Array([0]));
    const second = Y.encodeStateAsUpdate(doc, sv);
    room.receive(writer, updateMessage(second));
    await new Promise((r) => setTimeout(r, 50));
    expect(writer.acked()).toBe(0);
    expect(room.doc.getMap("song").get("title")).toBeUndefined();
    room.receive(writer, updateMessage(Y.diffUpdate(first, Y.encodeStateVectorFromUpdate(second))));
    await until(() => writer.acked() === 2);
    expect(room.doc.getMap("song").get("title")).toBe("two");
    await room.close();
  });
});
