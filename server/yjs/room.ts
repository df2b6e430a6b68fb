import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { BandspaceError, READ_ONLY_REASON, YCloseCode, YMessageType, type DocKind } from "@bandspace/protocol";
import type { DocStore, StoredDoc } from "../db/types";
import { log } from "../log";
import { PersistenceQueue } from "./persistence-queue";
import { encodePermissionDenied, encodePersisted, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from "./messages";
import type { Refusal } from "./refusal-log";
import type { RoomFanout } from "./room-fanout";
import { RoomPresence, type ConnectionIdentity } from "./room-presence";
import type { RoomSocket } from "./room-socket";
import { receiveWrite, settleHeld, type Member, type MemberInfo, type WriteTarget } from "./room-writes";

export type { RoomSocket } from "./room-socket";
export type { ConnectionIdentity } from "./room-presence";
export type { MemberInfo } from "./room-writes";

const LOAD_ORIGIN = Symbol("load");
/** Updates from another node (or read back from the store to catch up): not published or stored again here. */
export const REMOTE_ORIGIN = Symbol("remote-node");

export interface RoomOptions {
  compactAfterRows: number;
  /** Told about every refused write and dropped presence entry (logged and counted per link). */
  onRefusal?: (refusal: Refusal) => void;
  /** The cluster's compaction lease (see PersistenceQueueOptions). */
  compactionLease?: (docName: string) => Promise<{ release: () => Promise<void> } | null>;
}

/** The doc kind from a room name `<sessionId>/<doc>`. */
export function docKindOfRoom(name: string): DocKind {
  return name.endsWith("/comments") ? "comments" : "song";
}

/**
 * One collaborative document in memory: its members and the sync protocol, wired to its presence
 * (./room-presence.ts), its write checks (./room-writes.ts), its persistence (./persistence-queue.ts) and, across
 * nodes, its fan-out (./room-fanout.ts). Every write is checked before it touches the document: the writer's
 * role, the document's rules (packages/model write-rules), and that it can be integrated completely.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly kind: DocKind;
  private readonly presence: RoomPresence;
  private readonly members = new Map<RoomSocket, Member>();
  private readonly persistence: PersistenceQueue;
  private readonly writes: WriteTarget;

  constructor(
    readonly name: string,
    store: DocStore,
    stored: StoredDoc,
    private readonly options: RoomOptions,
    /** The same room on the other nodes; absent when this process is alone. */
    private readonly fanout?: RoomFanout,
  ) {
    this.kind = docKindOfRoom(name);
    Y.transact(
      this.doc,
      () => {
        if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(this.doc, u);
      },
      LOAD_ORIGIN,
    );
    this.persistence = new PersistenceQueue(
      name,
      this.doc,
      store,
      {
        compactAfterRows: options.compactAfterRows,
        onPersisted: (stateVector, writers) => this.notifyPersisted(stateVector, writers),
        onStored: (seq, mark) => fanout?.publishStored(seq, mark),
        compactionLease: options.compactionLease,
      },
      { rowsSinceSnapshot: stored.updates.length, lastSeq: stored.lastSeq },
    );
    this.writes = {
      name,
      doc: this.doc,
      kind: this.kind,
      members: this.members,
      onRefusal: options.onRefusal,
      noteWrite: (socket, settled) => this.persistence.noteWrite(socket, settled),
    };
    this.presence = new RoomPresence(
      this.doc,
      (message) => {
        for (const socket of this.members.keys()) socket.send(message);
      },
      (socket, code, message) => this.presenceDropped(socket, code, message),
      fanout ? (update) => fanout.publishAwareness(update) : undefined,
    );

    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      const message = encodeUpdate(update);
      for (const socket of this.members.keys()) if (socket !== origin) socket.send(message);
      if (origin === REMOTE_ORIGIN) return;
      // Published before it is stored: the other nodes' clients see it without a database round trip.
      const mark = fanout?.publishUpdate(update) ?? 0;
      this.persistence.enqueue(update, mark);
    });
    fanout?.attach(
      {
        applyRemoteUpdate: (update) => {
          Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
          // A member's held write may have been waiting for exactly this.
          settleHeld(this.writes);
        },
        applyRemoteAwareness: (update) => this.presence.applyRemote(update),
        localAwareness: () => this.presence.localStates(),
        adopt: async (updates) => {
          for (const u of updates) this.persistence.enqueue(u);
          await this.persistence.flush();
        },
      },
      stored,
    );
  }

  get size(): number {
    return this.members.size;
  }

  get awareness(): RoomPresence["awareness"] {
    return this.presence.awareness;
  }

  join(socket: RoomSocket, info: MemberInfo): void {
    this.members.set(socket, { ...info, lastDeniedAt: 0, writes: 0, settled: 0, held: null });
    this.presence.join(socket, info.identity);
    // Ask a writer for what it has that we lack (edits made offline). A reader's state is never taken.
    if (info.canWrite) socket.send(encodeSyncStep1(this.doc));
    else socket.send(encodePermissionDenied(READ_ONLY_REASON));
    const present = this.presence.snapshot();
    if (present) socket.send(present);
  }

  /**
   * Changes what a joined connection may do, at once (the owner changed this member's role). A writer
   * turned reader is told so and its later writes are dropped; a reader turned writer is asked for
   * what it has (sync step 1), like a writer joining.
   */
  setCanWrite(socket: RoomSocket, canWrite: boolean): void {
    const member = this.members.get(socket);
    if (!member || member.canWrite === canWrite) return;
    member.canWrite = canWrite;
    if (canWrite) socket.send(encodeSyncStep1(this.doc));
    else {
      member.held = null;
      member.lastDeniedAt = Date.now();
      socket.send(encodePermissionDenied(READ_ONLY_REASON));
    }
  }

  /** The connection's verified identity changed (joined as a member, new name or role): used from now on. */
  setIdentity(socket: RoomSocket, identity: ConnectionIdentity): void {
    const member = this.members.get(socket);
    if (!member) return;
    member.identity = identity;
    this.presence.setIdentity(socket, identity);
  }

  /**
   * Applies an update made by the server itself (a version restore) as one transaction: relayed to
   * every member and stored like any edit.
   */
  applyServerUpdate(update: Uint8Array, origin: unknown): void {
    Y.applyUpdate(this.doc, update, origin);
  }

  leave(socket: RoomSocket): void {
    if (!this.members.delete(socket)) return;
    this.presence.leave(socket);
  }

  /**
   * Handles one message from a member. Throws BandspaceError("MALFORMED_MESSAGE") for bytes that do not
   * parse; the caller closes that connection. Nothing is applied from a message that fails to parse.
   */
  receive(socket: RoomSocket, data: Uint8Array): void {
    const member = this.members.get(socket);
    if (!member) return;
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case YMessageType.sync:
          this.receiveSync(socket, member, decoder);
          return;
        case YMessageType.awareness:
          this.presence.receive(socket, decoding.readVarUint8Array(decoder));
          return;
        case YMessageType.queryAwareness: {
          const present = this.presence.snapshot();
          if (present) socket.send(present);
          return;
        }
        case YMessageType.auth:
          return; // clients have nothing to say here
        default:
          throw new BandspaceError("MALFORMED_MESSAGE", `Unknown Yjs message type ${type}.`);
      }
    } catch (err) {
      if (err instanceof BandspaceError) throw err;
      log.warn("unreadable document message", { room: this.name, err: String(err) });
      throw new BandspaceError("MALFORMED_MESSAGE", "The document message could not be read and was refused.");
    }
  }

  private receiveSync(socket: RoomSocket, member: Member, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      socket.send(encodeSyncStep2(this.doc, decoding.readVarUint8Array(decoder)));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new BandspaceError("MALFORMED_MESSAGE", `Unknown sync message type ${syncType}.`);
    }
    receiveWrite(this.writes, socket, member, decoding.readVarUint8Array(decoder));
  }

  private presenceDropped(socket: RoomSocket, code: string, message: string): void {
    const member = this.members.get(socket);
    if (!member) return;
    this.options.onRefusal?.({
      room: this.name,
      linkId: member.linkId,
      memberId: member.identity.memberId,
      code,
      message,
    });
    if (this.presence.countDrop(socket)) {
      log.warn("closing a connection that keeps sending refused presence", { room: this.name, link: member.linkId });
      socket.close(YCloseCode.abuse, "This connection kept sending presence it may not send, and was closed.");
    }
  }

  private notifyPersisted(stateVector: Uint8Array, writers: Map<unknown, number>): void {
    const send = () => {
      for (const [w, writes] of writers) {
        if (this.members.has(w as RoomSocket)) (w as RoomSocket).send(encodePersisted(stateVector, writes));
      }
    };
    // Across nodes, the state may include edits another node has not stored yet: wait for those.
    if (this.fanout) this.fanout.gate(send);
    else send();
  }

  /** Resolves once every update received so far is durable. */
  flush(): Promise<void> {
    return this.persistence.flush();
  }

  /** Flushes and compacts; the room must have no members left. */
  async close(): Promise<void> {
    // Edits from another node that it never confirmed are stored here rather than dropped with the room.
    for (const orphan of this.fanout?.close() ?? []) this.persistence.enqueue(orphan);
    await this.persistence.close();
    this.presence.destroy();
    this.doc.destroy();
  }
}
