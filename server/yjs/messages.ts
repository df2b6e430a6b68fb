import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import { YMessageType } from "@bandspace/protocol";

/** Encoders for every message the server sends on a Yjs connection. */

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.sync);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.sync);
  syncProtocol.writeSyncStep2(e, doc, stateVector);
  return encoding.toUint8Array(e);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.awareness);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.auth);
  authProtocol.writePermissionDenied(e, reason);
  return encoding.toUint8Array(e);
}

/**
 * Bandspace's own message: the state vector that is now durably stored, and how many of this
 * connection's write messages (sync step 2 / update) that covers.
 */
export function encodePersisted(stateVector: Uint8Array, writeCount: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.persisted);
  encoding.writeVarUint8Array(e, stateVector);
  encoding.writeVarUint(e, writeCount);
  return encoding.toUint8Array(e);
}

/** Bandspace's own message: a write broke a document rule and was not applied (see YMessageType.refused). */
export function encodeRefused(code: string, message: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YMessageType.refused);
  encoding.writeVarString(e, code);
  encoding.writeVarString(e, message);
  return encoding.toUint8Array(e);
}
