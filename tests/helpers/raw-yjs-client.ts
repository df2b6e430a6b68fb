import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import WebSocket from "ws";
import { YMessageType, yjsRoomName, type DocKind } from "@bandspace/protocol";
import { waitFor } from "./yjs-client";

/**
 * A hand-written y-protocols client, as an attacker would write one: it keeps a replica of the document
 * (answering the server's sync messages), and sends whatever bytes a test asks for — updates built by hand,
 * awareness entries for any client id — instead of what a well-behaved provider would.
 */
export interface RawYClient {
  doc: Y.Doc;
  ws: WebSocket;
  /** Every "refused" message (YMessageType.refused) received. */
  refused: { code: string; message: string }[];
  /** Every awareness update received, decoded as entries. */
  awareness: { clientId: number; clock: number; state: unknown }[];
  /** The highest "persisted" write count received. */
  persistedWrites: () => number;
  /** Write messages sent (sync step 2 and updates). */
  writesSent: () => number;
  closed: Promise<{ code: number; reason: string }>;
  synced: () => Promise<void>;
  /** Sends an update as a y-protocols sync "update" message. */
  sendUpdate: (update: Uint8Array) => void;
  /** Sends awareness entries exactly as given (any client id, any clock, any JSON). */
  sendAwareness: (entries: { clientId: number; clock: number; state: unknown }[]) => void;
  sendRaw: (bytes: Uint8Array) => void;
  close: () => void;
}

export function connectRawYClient(opts: {
  baseUrl: string;
  sessionId: string;
  token: string;
  doc?: DocKind;
  member?: string;
}): RawYClient {
  const params = new URLSearchParams({ token: opts.token, ...(opts.member ? { member: opts.member } : {}) });
  const url = `${opts.baseUrl.replace(/^http/, "ws")}/yjs/${yjsRoomName(opts.sessionId, opts.doc ?? "song")}?${params}`;
  const ws = new WebSocket(url, { maxPayload: 512 * 1024 * 1024 });
  ws.binaryType = "nodebuffer";
  const doc = new Y.Doc();
  const refused: RawYClient["refused"] = [];
  const awareness: RawYClient["awareness"] = [];
  let synced = false;
  let persisted = 0;
  let writes = 0;
  const send = (bytes: Uint8Array) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(bytes);
  };
  ws.on("open", () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, YMessageType.sync);
    syncProtocol.writeSyncStep1(e, doc);
    send(encoding.toUint8Array(e));
  });
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === YMessageType.sync) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, YMessageType.sync);
      const syncType = syncProtocol.readSyncMessage(decoder, reply, doc, "server");
      if (syncType === syncProtocol.messageYjsSyncStep2) synced = true;
      if (encoding.length(reply) > 1) {
        // Our answer to the server's step 1 is a write message too (it is counted and acknowledged).
        writes += 1;
        send(encoding.toUint8Array(reply));
      }
    } else if (type === YMessageType.awareness) {
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const n = decoding.readVarUint(update);
      for (let i = 0; i < n; i++) {
        const clientId = decoding.readVarUint(update);
        const clock = decoding.readVarUint(update);
        awareness.push({ clientId, clock, state: JSON.parse(decoding.readVarString(update)) as unknown });
      }
    } else if (type === YMessageType.persisted) {
      decoding.readVarUint8Array(decoder);
      persisted = Math.max(persisted, decoding.readVarUint(decoder));
    } else if (type === YMessageType.refused) {
      refused.push({ code: decoding.readVarString(decoder), message: decoding.readVarString(decoder) });
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return {
    doc,
    ws,
    refused,
    awareness,
    persistedWrites: () => persisted,
    writesSent: () => writes,
    closed,
    synced: () => waitFor(() => synced, 5000, "raw client sync"),
    sendUpdate(update) {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, YMessageType.sync);
      syncProtocol.writeUpdate(e, update);
      writes += 1;
      send(encoding.toUint8Array(e));
    },
    sendAwareness(entries) {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, entries.length);
      for (const entry of entries) {
        encoding.writeVarUint(inner, entry.clientId);
        encoding.writeVarUint(inner, entry.clock);
        encoding.writeVarString(inner, JSON.stringify(entry.state));
      }
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, YMessageType.awareness);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      send(encoding.toUint8Array(e));
    },
    sendRaw: send,
    close: () => ws.close(),
  };
}

/** What `change` would send: the update from `doc`'s current state, made on a scratch copy by `clientId`. */
export function updateFrom(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const sv = Y.encodeStateVector(copy);
  change(copy);
  const update = Y.encodeStateAsUpdate(copy, sv);
  copy.destroy();
  return update;
}
