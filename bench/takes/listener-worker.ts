/**
 * Listener clients of `npm run bench:takes`, in a worker thread so that receiving ~95 MB/s of relayed
 * audio over dozens of sockets does not queue behind the recorders on one event loop. The send time of
 * every chunk is in a SharedArrayBuffer written by the recorders (same monotonic clock in all threads).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { TakeChunkRelay } from "@bandspace/protocol";
import { connectTakeSocket, type TakeSocket } from "../../tests/helpers/take-client";

export interface ListenerInit {
  url: string;
  sessionId: string;
  token: string;
  count: number;
  takeIds: string[];
  chunks: number;
  warmupSeq: number;
  /** BigInt64Array over this: send time (ns) of chunk seq of recorder r at r * chunks + seq. */
  sentAt: SharedArrayBuffer;
}
export interface ListenerResult {
  latencies: number[];
  received: number[];
  outOfOrder: number;
}

const init = workerData as ListenerInit;
const port = parentPort!;
const sentAt = new BigInt64Array(init.sentAt);
const takeIndex = new Map(init.takeIds.map((t, r) => [t, r]));
const sockets: TakeSocket[] = [];
const expected: Int32Array[] = [];
const latencies: number[] = [];
let outOfOrder = 0;

for (let l = 0; l < init.count; l++) {
  const { socket } = await connectTakeSocket(init.url, init.sessionId, init.token);
  const next = new Int32Array(init.takeIds.length);
  expected.push(next);
  socket.on("take:chunk", (c: TakeChunkRelay) => {
    const t = process.hrtime.bigint();
    const r = takeIndex.get(c.takeId);
    if (r === undefined) return;
    if (c.seq !== next[r]) outOfOrder++;
    next[r] = c.seq + 1;
    if (c.seq >= init.warmupSeq) latencies.push(Number(t - Atomics.load(sentAt, r * init.chunks + c.seq)) / 1e6);
  });
  sockets.push(socket);
}
port.postMessage({ type: "ready" });
port.on("message", (m: { type: string }) => {
  if (m.type === "progress") {
    port.postMessage({ type: "progress", done: expected.every((e) => e.every((n) => n >= init.chunks)) });
  } else if (m.type === "finish") {
    for (const s of sockets) s.disconnect();
    const result: ListenerResult = { latencies, received: expected.flatMap((e) => Array.from(e)), outOfOrder };
    port.postMessage({ type: "result", result });
  }
});
