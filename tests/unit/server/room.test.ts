import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { YMessageType } from "@bandspace/protocol";
import type { DocStore } from "../../../server/db/types";
import { Room } from "../../../server/yjs/room";
import { MemoryDocStore, RecordingSocket, edit, identity, until, updateMessage } from "./room-test-kit";

/**
 * Room and PersistenceQueue in memory, through the RoomSocket interface (issue #15): no server, no
 * database — a DocStore that can be told to fail, and sockets that record what they receive.
 */
function songRoom(store: DocStore) {
  return new Room("s1/song", store, { snapshot: null, updates: [], lastSeq: 0 }, { compactAfterRows: 1000 });
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
