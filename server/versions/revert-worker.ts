/**
 * Worker thread: computes a restore's update (`revertUpdate`) off the server's event loop. On a big session
 * this is seconds of CPU, during which every room's sync and every take relay would otherwise stall.
 * Input: the live song doc's full state and the version's state; output: the update that brings the first
 * to the second as new operations.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as Y from "yjs";
import { revertUpdate } from "@bandspace/model";

export interface RevertRequest {
  id: number;
  current: Uint8Array;
  version: Uint8Array;
}
export type RevertReply = { id: number; update: Uint8Array } | { id: number; error: string };

export function computeRevert(current: Uint8Array, version: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, current);
    return revertUpdate(doc, version);
  } finally {
    doc.destroy();
  }
}

/** Marks the thread RevertRunner starts (this module is also imported elsewhere, e.g. inside test runner threads). */
export const REVERT_WORKER_ROLE = "bandspace-revert";

if (parentPort && (workerData as { role?: string } | null)?.role === REVERT_WORKER_ROLE) {
  parentPort.on("message", onRequest);
}

function onRequest(req: RevertRequest): void {
  let reply: RevertReply;
  try {
    reply = { id: req.id, update: computeRevert(req.current, req.version) };
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply, "update" in reply ? [reply.update.buffer as ArrayBuffer] : []);
}
