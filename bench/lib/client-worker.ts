/**
 * A worker thread running a share of the benchmark's WebsocketProvider clients. Clients of one
 * session are spread over all workers, so most latencies cross threads; that is why every timestamp
 * comes from the common hrtime clock (see makeClock).
 */
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { YMessageType } from "@bandspace/protocol";
import { editIndex, makeClock, rng, type WireCounters, type WorkerInit, type WorkerResult } from "./common";
import { digestDoc, editorArray, type Edit } from "./replica";

const init = workerData as WorkerInit;
// Every WebsocketProvider adds a process "exit" listener; a few hundred of them are expected here.
process.setMaxListeners(0);
const { config } = init;
const clock = makeClock(BigInt(init.originNs));
const port = parentPort!;
const totalEdits = config.sessions * config.editors * config.edits;

// ---- wire accounting: a WebSocket class that counts what the providers send and receive ----------

const wire: WireCounters = {
  txPayload: 0,
  rxPayload: 0,
  byType: {},
  countByType: {},
  tcp: 0,
  messagesRx: 0,
  messagesTx: 0,
};
const tcpSockets: Socket[] = [];
let closes = 0;
const countType = (bytes: Uint8Array) => {
  const key = String(bytes[0]); // every message type used here is < 128: a one-byte varuint
  wire.byType[key] = (wire.byType[key] ?? 0) + bytes.byteLength;
  wire.countByType[key] = (wire.countByType[key] ?? 0) + 1;
};
const view = (data: ArrayBuffer | Buffer | Uint8Array) =>
  data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

class CountingWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols);
    this.on("open", () => tcpSockets.push((this as unknown as { _socket: Socket })._socket));
    this.on("message", (data: ArrayBuffer | Buffer) => {
      const bytes = view(data);
      wire.rxPayload += bytes.byteLength;
      wire.messagesRx++;
      countType(bytes);
    });
    this.on("close", () => closes++);
  }

  override send(data: Uint8Array, ...rest: unknown[]): void {
    wire.txPayload += data.byteLength;
    wire.messagesTx++;
    countType(data);
    (super.send as (...a: unknown[]) => void)(data, ...rest);
  }
}

function snapshotWire(): WireCounters {
  // net.Socket keeps its byte counts after it closed, so reconnected sockets still count.
  let tcp = 0;
  for (const s of tcpSockets) tcp += s.bytesRead + s.bytesWritten;
  return { ...wire, byType: { ...wire.byType }, countByType: { ...wire.countByType }, tcp };
}

function diffWire(a: WireCounters, b: WireCounters): WireCounters {
  const diff = (x: Record<string, number>, y: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) out[k] = (y[k] ?? 0) - (x[k] ?? 0);
    return out;
  };
  return {
    txPayload: b.txPayload - a.txPayload,
    rxPayload: b.rxPayload - a.rxPayload,
    byType: diff(a.byType, b.byType),
    countByType: diff(a.countByType, b.countByType),
    tcp: b.tcp - a.tcp,
    messagesRx: b.messagesRx - a.messagesRx,
    messagesTx: b.messagesTx - a.messagesTx,
  };
}

// ---- run-wide measurements (indexed by editIndex) -------------------------------------------------

const sentAt = new Float64Array(totalEdits).fill(NaN);
const lastApplied = new Float64Array(totalEdits).fill(NaN);
const appliedBy = new Uint16Array(totalEdits);

/** A Float64Array that grows: millions of samples without boxing them into a JS array. */
class Samples {
  private data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray() {
    return this.data.slice(0, this.length);
  }
}

const counted = Math.max(0, config.edits - config.warmup);
const localEditors = init.clients.filter((c) => c.index < config.editors).length;
let expectedApplied = 0;
for (const c of init.clients) expectedApplied += (config.editors - (c.index < config.editors ? 1 : 0)) * config.edits;
const expectedAcks = init.expectAcks ? localEditors * config.edits : 0;

const receiverLatencies = new Samples(expectedApplied * (counted / Math.max(1, config.edits)));
const ackLatencies = new Samples(localEditors * counted);
const scheduleLag = new Samples(localEditors * config.edits);
/** Every writer of one stored batch gets the same state vector, so distinct ones ≈ the server's writes. */
const durableStates = Array.from({ length: config.sessions }, () => new Set<string>());
/** Set at "start": the connection phase (initial sync acks) is not part of the measured window. */
let measuring = false;
let sent = 0;
let applied = 0;
let acked = 0;

// ---- the clients ----------------------------------------------------------------------------------

interface Editor {
  session: number;
  editor: number;
  doc: Y.Doc;
  next: number;
  acked: number;
  sentLocal: Float64Array;
  phase: number;
  value: () => number;
}

const period = 1000 / config.rate;
const providers: WebsocketProvider[] = [];
const docs: Array<{ session: number; index: number; doc: Y.Doc }> = [];
const editors: Editor[] = [];
type Handler = (encoder: unknown, decoder: decoding.Decoder) => void;

for (const plan of init.clients) {
  const doc = new Y.Doc();
  const isEditor = plan.index < config.editors;
  const provider = new WebsocketProvider(plan.url, plan.room, doc, {
    WebSocketPolyfill: CountingWebSocket as never,
    disableBc: true, // otherwise providers of one thread sync through BroadcastChannel, around the server
    params: plan.token ? { token: plan.token } : {},
  });
  const handlers = provider.messageHandlers as unknown as Handler[];
  // Bandspace tells view-only members once that they are read-only; expected here, so not logged.
  handlers[YMessageType.auth] = () => {};
  const editor: Editor | null = isEditor
    ? {
        session: plan.session,
        editor: plan.index,
        doc,
        next: 0,
        acked: 0,
        sentLocal: new Float64Array(config.edits),
        phase: init.phases[plan.session * config.editors + plan.index],
        value: rng(config.seed * 7919 + plan.session * 131 + plan.index),
      }
    : null;
  // Bandspace's durability ack (message 100): the state vector now stored, then a count of this
  // socket's write messages. Each edit adds exactly one to the editor's clock, so clock k means edits
  // 0…k-1 are durable; the state vector is enough here.
  handlers[YMessageType.persisted] = (_e, decoder) => {
    const svBytes = decoding.readVarUint8Array(decoder);
    if (!editor) return;
    if (measuring) durableStates[plan.session].add(Buffer.from(svBytes).toString("base64"));
    const sv = Y.decodeStateVector(svBytes);
    const durable = Math.min(sv.get(doc.clientID) ?? 0, editor.next);
    const now = clock();
    for (; editor.acked < durable; editor.acked++, acked++) {
      if (editor.acked >= config.warmup) ackLatencies.push(now - editor.sentLocal[editor.acked]);
    }
  };
  for (let e = 0; e < config.editors; e++) {
    if (e === plan.index) continue; // an editor's own edits are not "propagated" to itself
    editorArray(doc, e).observe((event) => {
      const now = clock();
      for (const d of event.changes.delta) {
        if (!d.insert) continue;
        for (const edit of d.insert as Edit[]) {
          const g = editIndex(config, plan.session, e, edit.i);
          appliedBy[g]++;
          if (!(lastApplied[g] >= now)) lastApplied[g] = now;
          if (edit.i >= config.warmup) receiverLatencies.push(now - edit.t);
          applied++;
        }
      }
    });
  }
  providers.push(provider);
  docs.push({ session: plan.session, index: plan.index, doc });
  if (editor) editors.push(editor);
}

// ---- the edit schedule ----------------------------------------------------------------------------

let t0 = 0;
let timer: NodeJS.Timeout | null = null;

/** Makes every edit that is due (catching up if this thread fell behind), then sleeps until the next. */
function tick() {
  timer = null;
  const now = clock();
  let nextDue = Infinity;
  for (const ed of editors) {
    for (;;) {
      if (ed.next >= config.edits) break;
      const due = t0 + ed.phase + ed.next * period;
      if (due > now) {
        nextDue = Math.min(nextDue, due);
        break;
      }
      const i = ed.next++;
      const t = clock();
      // The provider sends the update synchronously from inside this transaction's update event.
      editorArray(ed.doc, ed.editor).push([{ i, t, v: Math.floor(ed.value() * 128) }]);
      ed.sentLocal[i] = t;
      sentAt[editIndex(config, ed.session, ed.editor, i)] = t;
      if (i >= config.warmup) scheduleLag.push(t - due);
      sent++;
    }
  }
  if (nextDue < Infinity) timer = setTimeout(tick, Math.max(0, nextDue - clock()));
  checkDrained();
}

let drainedSent = false;
function checkDrained() {
  if (drainedSent || sent < localEditors * config.edits || applied < expectedApplied || acked < expectedAcks) return;
  drainedSent = true;
  port.postMessage({ type: "drained" });
}

// ---- protocol with the orchestrator -------------------------------------------------------------

let wireAtStart: WireCounters | null = null;
let eluAtStart: ReturnType<typeof performance.eventLoopUtilization> | null = null;
let progressTimer: NodeJS.Timeout | null = null;

const connectStart = clock();
const readyCheck = setInterval(() => {
  if (providers.every((p) => p.synced)) {
    clearInterval(readyCheck);
    port.postMessage({ type: "ready", connectMs: clock() - connectStart });
  }
}, 20);

port.on("message", (msg: { type: "start"; t0: number } | { type: "collect" } | { type: "close" }) => {
  if (msg.type === "start") {
    t0 = msg.t0;
    measuring = true;
    wireAtStart = snapshotWire();
    eluAtStart = performance.eventLoopUtilization();
    timer = setTimeout(tick, Math.max(0, t0 - clock()));
    progressTimer = setInterval(() => port.postMessage({ type: "progress", sent, applied, acked }), 1000);
    // Also poll: a worker without editors never ticks, and the last application may arrive after the last tick.
    const drainPoll = setInterval(() => (drainedSent ? clearInterval(drainPoll) : checkDrained()), 20);
  } else if (msg.type === "collect") {
    if (timer) clearTimeout(timer);
    if (progressTimer) clearInterval(progressTimer);
    const elu = performance.eventLoopUtilization(eluAtStart!).utilization;
    const wireDelta = diffWire(wireAtStart!, snapshotWire());
    const result: WorkerResult = {
      type: "result",
      receiverLatencies: receiverLatencies.toArray(),
      sentAt,
      lastApplied,
      appliedBy,
      ackLatencies: ackLatencies.toArray(),
      scheduleLag: scheduleLag.toArray(),
      wire: wireDelta,
      elu,
      reconnects: closes,
      durableStates: durableStates.map((set) => [...set]),
      replicas: docs.map((d) => digestDoc(d.doc, config, d.session, d.index)),
    };
    port.postMessage(result, [
      result.receiverLatencies.buffer,
      result.sentAt.buffer,
      result.lastApplied.buffer,
      result.appliedBy.buffer,
      result.ackLatencies.buffer,
      result.scheduleLag.buffer,
    ] as ArrayBuffer[]);
  } else if (msg.type === "close") {
    for (const p of providers) p.destroy();
    port.postMessage({ type: "closed" });
  }
});
