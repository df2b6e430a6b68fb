/**
 * Editing clients of `npm run bench:scale`, in a worker thread: real y-websocket providers, each connected to one
 * node. Editors append `{ k, t }` to their own array at a fixed rate; every client measures, for each item it
 * receives from someone else, now − t on the process-wide monotonic clock, and files it as same-node or
 * cross-node by where the editor is connected.
 */
import { parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { YMessageType } from "@bandspace/protocol";

export interface EditClientPlan {
  session: number;
  /** Index within the session; editors are 0…editors-1. */
  index: number;
  node: number;
  /** ws://host:port/yjs */
  serverUrl: string;
  room: string;
  token: string;
}

export interface EditWorkerInit {
  clients: EditClientPlan[];
  /** Node of every client of a session, by session then index (to classify a received edit). */
  nodeOf: number[][];
  editors: number;
  /** Edits per second per editor, and edits per editor in all. */
  rate: number;
  edits: number;
  /** Edits below this index are not measured (connections and JIT settle). */
  warmupEdits: number;
  originNs: string;
}

export interface EditWorkerResult {
  same: Float64Array;
  cross: Float64Array;
  /** Edits some client of this worker should have received but had not by the end. */
  missing: number;
  /** Edits this worker's editors made. */
  made: number;
  /** Edit schedule lag p95 (ms): how late the worker itself was, to tell client starvation from server delay. */
  lagP95: number;
}

const init = workerData as EditWorkerInit;
const port = parentPort!;
const origin = BigInt(init.originNs);
const clock = () => Number(process.hrtime.bigint() - origin) / 1e6;
process.setMaxListeners(0);

interface Item {
  k: number;
  t: number;
}
interface Client {
  plan: EditClientPlan;
  doc: Y.Doc;
  provider: WebsocketProvider;
}

const same: number[] = [];
const cross: number[] = [];
const lags: number[] = [];
const clients: Client[] = init.clients.map((plan) => {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(plan.serverUrl, plan.room, doc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    params: { token: plan.token },
  });
  // Bandspace's own messages (stored-state acknowledgements, refusals): not measured here.
  const handlers = provider.messageHandlers as unknown as Array<() => void>;
  handlers[YMessageType.persisted] = () => {};
  handlers[YMessageType.refused] = () => {};
  for (let e = 0; e < init.editors; e++) {
    if (e === plan.index) continue;
    const crossNode = init.nodeOf[plan.session][e] !== plan.node;
    doc.getArray<Item>(`e${e}`).observe((event) => {
      const at = clock();
      for (const d of event.changes.delta) {
        for (const item of (d.insert as Item[] | undefined) ?? []) {
          if (item.k >= init.warmupEdits) (crossNode ? cross : same).push(at - item.t);
        }
      }
    });
  }
  return { plan, doc, provider };
});

const synced = (c: Client) =>
  c.provider.synced ? Promise.resolve() : new Promise<void>((r) => c.provider.once("sync", () => r()));
await Promise.all(clients.map(synced));
port.postMessage({ type: "ready" });

function run(startAt: number): Promise<void> {
  const editors = clients.filter((c) => c.plan.index < init.editors);
  const next = editors.map(() => 0);
  const period = 1000 / init.rate;
  return new Promise((resolve) => {
    const tick = () => {
      const now = clock();
      let done = true;
      editors.forEach((c, i) => {
        // Editors are spread over one period so the load is even, the same schedule on every run.
        const phase = ((c.plan.session * init.editors + c.plan.index) % 97) * (period / 97);
        while (next[i] < init.edits && now >= startAt + phase + next[i] * period) {
          const due = startAt + phase + next[i] * period;
          if (next[i] >= init.warmupEdits) lags.push(now - due);
          c.doc.getArray<Item>(`e${c.plan.index}`).push([{ k: next[i], t: clock() }]);
          next[i]++;
        }
        if (next[i] < init.edits) done = false;
      });
      if (done) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
}

function missing(): number {
  let n = 0;
  for (const c of clients) {
    for (let e = 0; e < init.editors; e++) {
      if (e !== c.plan.index) n += init.edits - c.doc.getArray(`e${e}`).length;
    }
  }
  return n;
}

port.on("message", (m: { type: string; startAt?: number }) => {
  if (m.type === "start") {
    void run(m.startAt!).then(() => port.postMessage({ type: "sent" }));
  } else if (m.type === "progress") {
    port.postMessage({ type: "progress", missing: missing() });
  } else if (m.type === "finish") {
    for (const c of clients) c.provider.destroy();
    lags.sort((a, b) => a - b);
    const result: EditWorkerResult = {
      same: Float64Array.from(same),
      cross: Float64Array.from(cross),
      missing: missing(),
      made: clients.filter((c) => c.plan.index < init.editors).length * init.edits,
      lagP95: lags.length ? lags[Math.floor(lags.length * 0.95)] : NaN,
    };
    port.postMessage({ type: "result", result });
  }
});
