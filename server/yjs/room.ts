import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import { BandspaceError, READ_ONLY_REASON, YMessageType } from "@bandspace/protocol";
import type { DocStore, StoredDoc } from "../db/types";
import { PersistenceQueue } from "./persistence-queue";
import {
  encodeAwareness,
  encodePermissionDenied,
  encodePersisted,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from "./messages";

/** The minimal socket a room talks to, so tests can drive a room in memory. */
export interface RoomSocket {
  send: (data: Uint8Array) => void;
  close: (code: number, reason: string) => void;
}

export interface MemberInfo {
  /** False for roles that may not change this document: their sync step 2 and updates are dropped. */
  canWrite: boolean;
  linkId: string;
}

interface Member extends MemberInfo {
  /** Awareness client ids this connection set, removed when it leaves. */
  awarenessClients: Set<number>;
  lastDeniedAt: number;
  /** Write messages (sync step 2 / update) accepted on this connection so far. */
  writes: number;
}

const LOAD_ORIGIN = Symbol("load");

export interface RoomOptions {
  compactAfterRows: number;
}

/** One collaborative document in memory: its members, its awareness, its persistence. */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly members = new Map<RoomSocket, Member>();
  private readonly persistence: PersistenceQueue;

  constructor(
    readonly name: string,
    store: DocStore,
    stored: StoredDoc,
    options: RoomOptions,
  ) {
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
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
      },
      { rowsSinceSnapshot: stored.updates.length, lastSeq: stored.lastSeq },
    );

    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      const message = encodeUpdate(update);
      for (const socket of this.members.keys()) if (socket !== origin) socket.send(message);
      this.persistence.enqueue(update);
    });

    this.awareness.on(
      "update",
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const member = this.members.get(origin as RoomSocket);
        if (member) {
          for (const id of added) member.awarenessClients.add(id);
          for (const id of removed) member.awarenessClients.delete(id);
        }
        const changed = [...added, ...updated, ...removed];
        const message = encodeAwareness(this.awareness, changed);
        for (const socket of this.members.keys()) socket.send(message);
      },
    );
  }

  get size(): number {
    return this.members.size;
  }

  join(socket: RoomSocket, info: MemberInfo): void {
    this.members.set(socket, { ...info, awarenessClients: new Set(), lastDeniedAt: 0, writes: 0 });
    // Ask a writer for what it has that we lack (edits made offline). A reader's state is never taken.
    if (info.canWrite) socket.send(encodeSyncStep1(this.doc));
    else socket.send(encodePermissionDenied(READ_ONLY_REASON));
    const present = [...this.awareness.getStates().keys()];
    if (present.length > 0) socket.send(encodeAwareness(this.awareness, present));
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
      member.lastDeniedAt = Date.now();
      socket.send(encodePermissionDenied(READ_ONLY_REASON));
    }
  }

  /**
   * Applies an update made by the server itself (a version restore) as one transaction: relayed to
   * every member and stored like any edit.
   */
  applyServerUpdate(update: Uint8Array, origin: unknown): void {
    Y.applyUpdate(this.doc, update, origin);
  }

  leave(socket: RoomSocket): void {
    const member = this.members.get(socket);
    if (!member) return;
    this.members.delete(socket);
    if (member.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...member.awarenessClients], null);
    }
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
          awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), socket);
          return;
        case YMessageType.queryAwareness:
          socket.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
          return;
        case YMessageType.auth:
          return; // clients have nothing to say here
        default:
          throw new BandspaceError("MALFORMED_MESSAGE", `Unknown Yjs message type ${type}.`);
      }
    } catch (err) {
      if (err instanceof BandspaceError) throw err;
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
    const update = decoding.readVarUint8Array(decoder);
    if (!member.canWrite) {
      // Dropped. Tell the reader (at most once a second, so a chatty client cannot make us spam).
      const now = Date.now();
      if (now - member.lastDeniedAt > 1000) {
        member.lastDeniedAt = now;
        socket.send(encodePermissionDenied(READ_ONLY_REASON));
      }
      return;
    }
    // Validate the whole update before it touches the document: a malformed one must not half-apply.
    Y.decodeUpdate(update);
    Y.applyUpdate(this.doc, update, socket);
    member.writes += 1;
    this.persistence.noteWrite(socket, member.writes);
  }

  private notifyPersisted(stateVector: Uint8Array, writers: Map<unknown, number>): void {
    for (const [w, writes] of writers) {
      if (this.members.has(w as RoomSocket)) (w as RoomSocket).send(encodePersisted(stateVector, writes));
    }
  }

  /** Resolves once every update received so far is durable. */
  flush(): Promise<void> {
    return this.persistence.flush();
  }

  /** Flushes and compacts; the room must have no members left. */
  async close(): Promise<void> {
    await this.persistence.close();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
