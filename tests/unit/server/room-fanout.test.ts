import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import { afterEach, describe, expect, it } from "vitest";
import { YMessageType } from "@bandspace/protocol";
import type { BusHandler, ClusterBus } from "../../../server/cluster/cluster";
import { InProcessBus, InProcessHub } from "../../../server/cluster/in-process";
import type { DocStore } from "../../../server/db/types";
import { Room } from "../../../server/yjs/room";
import { RoomFanout } from "../../../server/yjs/room-fanout";
import { MemoryDocStore, RecordingSocket, edit, identity, until, updateMessage } from "./room-test-kit";

/**
 * Rooms of one document on several "nodes" in memory: an in-process hub stands in for Redis, one
 * MemoryDocStore's rows for the shared database. A bus that drops chosen messages plays a lossy network.
 */
class LossyBus implements ClusterBus {
  constructor(
    private readonly inner: ClusterBus,
    /** Return true to drop a message delivered to this node. */
    public drop: (payload: Uint8Array) => boolean = () => false,
  ) {}
  get nodeId() {
    return this.inner.nodeId;
  }
  readonly lossy = true;
  publish(channel: string, payload: Uint8Array) {
    this.inner.publish(channel, payload);
  }
  subscribe(channel: string, handler: BusHandler) {
    return this.inner.subscribe(channel, (p) => {
      if (!this.drop(p)) handler(p);
    });
  }
  private readonly reconnectListeners = new Set<() => void>();
  onReconnect(listener: () => void) {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }
  /** Plays a bus connection coming back after an outage. */
  reconnected() {
    for (const l of this.reconnectListeners) l();
  }
  close() {
    return this.inner.close();
  }
}

/** The kind of a fan-out message (0 update, 1 stored, 2 presence, 3 presence query). */
const kindOf = (payload: Uint8Array) => decoding.readVarUint(decoding.createDecoder(payload));

const NAME = "s1/song";
const rooms: Room[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.close()));
});

async function node(hub: InProcessHub, store: DocStore, drop?: (p: Uint8Array) => boolean) {
  const bus = new LossyBus(new InProcessBus(hub, "test"), drop);
  const fanout = await RoomFanout.open(NAME, bus, store, { adoptAfterMs: 200, verifyEveryMs: 300 });
  const room = new Room(NAME, store, await store.load(NAME), { compactAfterRows: 1000 }, fanout);
  rooms.push(room);
  return { room, bus };
}

function awarenessMessage(state: Record<string, unknown>): { message: Uint8Array; clientId: number } {
  const aw = new awarenessProtocol.Awareness(new Y.Doc());
  aw.setLocalState(state);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.awareness);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID]));
  aw.destroy();
  return { message: encoding.toUint8Array(e), clientId: aw.clientID };
}

describe("a room across nodes (in memory)", () => {
  it("an edit on one node reaches the other node's members at once and is stored once, by its node", async () => {
    const rows: Uint8Array[] = [];
    const hub = new InProcessHub();
    const a = await node(hub, new MemoryDocStore(rows));
    const b = await node(hub, new MemoryDocStore(rows));
    const writerA = new RecordingSocket();
    const readerB = new RecordingSocket();
    a.room.join(writerA, { canWrite: true, linkId: "l1", identity: identity("writerA01") });
    b.room.join(readerB, { canWrite: false, linkId: "l2", identity: identity("readerB01", "view") });
    a.room.receive(writerA, updateMessage(edit((d) => d.getMap("song").set("title", "Across"))));
    await until(() => b.room.doc.getMap("song").get("title") === "Across");
    expect(readerB.ofType(YMessageType.sync).length).toBeGreaterThan(0);
    await until(() => writerA.acked() === 1);
    expect(rows).toHaveLength(1);

    const writerB = new RecordingSocket();
    b.room.join(writerB, { canWrite: true, linkId: "l3", identity: identity("writerB01") });
    b.room.receive(writerB, updateMessage(edit((d) => d.getMap("song").set("key", "E"))));
    await until(() => a.room.doc.getMap("song").get("key") === "E");
    await until(() => writerB.acked() === 1);
    expect(rows).toHaveLength(2);
  });

  it("a node that lost an edit on the bus reads it from the database when the next 'stored' shows the gap", async () => {
    const rows: Uint8Array[] = [];
    const hub = new InProcessHub();
    const a = await node(hub, new MemoryDocStore(rows));
    let updatesSeen = 0;
    // B loses A's second edit (the second update message).
    const b = await node(hub, new MemoryDocStore(rows), (p) => kindOf(p) === 0 && ++updatesSeen === 2);
    const writer = new RecordingSocket();
    a.room.join(writer, { canWrite: true, linkId: "l1", identity: identity("writerA01") });
    a.room.receive(writer, updateMessage(edit((d) => d.getMap("sections").set("intro", "Intro"))));
    await until(() => writer.acked() === 1);
    await until(() => b.room.doc.getMap("sections").get("intro") === "Intro");
    a.room.receive(writer, updateMessage(edit((d) => d.getMap("sections").set("verse", "Verse"))));
    await until(() => writer.acked() === 2);
    await until(() => b.room.doc.getMap("sections").get("verse") === "Verse");
    expect(updatesSeen).toBe(2);
    expect(Y.encodeStateAsUpdate(b.room.doc)).toEqual(Y.encodeStateAsUpdate(a.room.doc));
  });

  it("a node whose bus connection dropped for a while catches up from the database when it is back", async () => {
    const rows: Uint8Array[] = [];
    const hub = new InProcessHub();
    const a = await node(hub, new MemoryDocStore(rows));
    let down = false;
    const b = await node(hub, new MemoryDocStore(rows), () => down);
    const writer = new RecordingSocket();
    a.room.join(writer, { canWrite: true, linkId: "l1", identity: identity("writerA01") });
    down = true;
    // Everything A sends meanwhile is lost for B, "stored" messages included: no gap is ever seen.
    for (const [k, v] of [
      ["intro", "Intro"],
      ["verse", "Verse"],
    ])
      a.room.receive(writer, updateMessage(edit((d) => d.getMap("sections").set(k, v))));
    await until(() => writer.acked() === 2);
    expect(b.room.doc.getMap("sections").size).toBe(0);
    down = false;
    b.bus.reconnected();
    await until(() => b.room.doc.getMap("sections").size === 2);
    expect(Y.encodeStateAsUpdate(b.room.doc)).toEqual(Y.encodeStateAsUpdate(a.room.doc));
  });

  it("a node that silently lost an edit and its 'stored' finds the rows in its periodic check", async () => {
    const rows: Uint8Array[] = [];
    const hub = new InProcessHub();
    const a = await node(hub, new MemoryDocStore(rows));
    let down = false;
    const b = await node(hub, new MemoryDocStore(rows), () => down);
    const writer = new RecordingSocket();
    a.room.join(writer, { canWrite: true, linkId: "l1", identity: identity("writerA01") });
    down = true;
    a.room.receive(writer, updateMessage(edit((d) => d.getMap("sections").set("bridge", "Bridge"))));
    await until(() => writer.acked() === 1);
    down = false;
    // No gap is visible (nothing else arrives) and no reconnect is reported.
    await until(() => b.room.doc.getMap("sections").get("bridge") === "Bridge", 3000);
  });

  it("an edit its node never stored is stored by the node that has it, before that node acknowledges its writers", async () => {
    const rows: Uint8Array[] = [];
    const hub = new InProcessHub();
    // Node A cannot write to the database (as good as dead after publishing).
    const storeA = new MemoryDocStore(rows);
    storeA.failures = 1_000_000;
    const a = await node(hub, storeA);
    const b = await node(hub, new MemoryDocStore(rows));
    const writerA = new RecordingSocket();
    // What the database held when B acknowledged its writer.
    let rowsAtAck = -1;
    const writerB = new (class extends RecordingSocket {
      override send(data: Uint8Array): void {
        super.send(data);
        if (rowsAtAck < 0 && this.acked() > 0) rowsAtAck = rows.length;
      }
    })();
    a.room.join(writerA, { canWrite: true, linkId: "l1", identity: identity("writerA01") });
    b.room.join(writerB, { canWrite: true, linkId: "l2", identity: identity("writerB01") });
    a.room.receive(writerA, updateMessage(edit((d) => d.getMap("song").set("title", "Only in memory"))));
    await until(() => b.room.doc.getMap("song").get("title") === "Only in memory");
    b.room.receive(writerB, updateMessage(edit((d) => d.getMap("song").set("key", "A minor"))));
    await until(() => writerB.acked() === 1);
    // B stored its own edit first (row 1), but its state included A's unstored one: the acknowledgement
    // waited until B had stored that too (row 2).
    expect(rowsAtAck).toBe(2);
    const stored = new MemoryDocStore(rows).stored();
    expect(stored.getMap("song").toJSON()).toEqual({ title: "Only in memory", key: "A minor" });
    expect(writerA.acked()).toBe(0);
    storeA.failures = 0; // let A's room close
  });

  it("presence crosses nodes, and a node that loads later learns who is present", async () => {
    const rows: Uint8Array[] = [];
    const hub = new InProcessHub();
    const a = await node(hub, new MemoryDocStore(rows));
    const socketA = new RecordingSocket();
    a.room.join(socketA, { canWrite: true, linkId: "l1", identity: identity("singer001") });
    const { message, clientId } = awarenessMessage({ cursor: { tick: 960 } });
    a.room.receive(socketA, message);
    const b = await node(hub, new MemoryDocStore(rows));
    const socketB = new RecordingSocket();
    b.room.join(socketB, { canWrite: true, linkId: "l2", identity: identity("drummer01") });
    await until(() => b.room.awareness.getStates().has(clientId));
    // Stamped by the node that verified the connection.
    expect(b.room.awareness.getStates().get(clientId)).toMatchObject({
      cursor: { tick: 960 },
      user: { userId: "singer001", name: "singer001", role: "edit" },
    });
    expect(socketB.ofType(YMessageType.awareness).length).toBeGreaterThan(0);
    // Leaving on A removes the state on B.
    a.room.leave(socketA);
    await until(() => !b.room.awareness.getStates().has(clientId));
  });
});
