/** Shared by the orchestrator (bench/sync.ts) and the client workers (client-worker.ts). */

export interface BenchConfig {
  sessions: number;
  editors: number;
  viewers: number;
  /** Edits per editor. */
  edits: number;
  /** Edits per second per editor. */
  rate: number;
  /** The first `warmup` edits of every editor are applied and checked but left out of the latency stats. */
  warmup: number;
  workers: number;
  seed: number;
  /** Give up waiting for stragglers this long after the last scheduled edit. */
  drainTimeoutMs: number;
}

export interface ClientPlan {
  session: number;
  /** 0…editors-1 are editors, the rest viewers. */
  index: number;
  url: string;
  room: string;
  token?: string;
}

export interface WorkerInit {
  config: BenchConfig;
  clients: ClientPlan[];
  /** Start of the common clock (process.hrtime.bigint() of the main thread, as a string). */
  originNs: string;
  /** Phase offset (ms) of every editor, indexed by session * editors + editor: the same seed → the same schedule. */
  phases: number[];
  /** Bandspace acknowledges durable state with message type 100; the bare relay does not. */
  expectAcks: boolean;
}

/**
 * One clock for every thread: CLOCK_MONOTONIC (hrtime) is process-wide, so the same origin makes
 * timestamps taken in different worker threads directly comparable (and immune to wall-clock steps).
 */
export function makeClock(originNs: bigint): () => number {
  return () => Number(process.hrtime.bigint() - originNs) / 1e6;
}

/** Index of edit `i` of editor `e` in session `s` in the run-wide arrays. */
export const editIndex = (c: BenchConfig, s: number, e: number, i: number) => (s * c.editors + e) * c.edits + i;

/** mulberry32: small, seedable, good enough for a load schedule. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Wire traffic a worker's clients saw, by y-websocket message type (first byte of the payload). */
export interface WireCounters {
  /** WebSocket payload bytes sent / received by the clients. */
  txPayload: number;
  rxPayload: number;
  /** Payload bytes (both directions) per message type: sync 0, awareness 1, auth 2, persisted 100. */
  byType: Record<string, number>;
  /** Messages (both directions) per message type. */
  countByType: Record<string, number>;
  /** Bytes on the TCP sockets (frames + headers), both directions. */
  tcp: number;
  messagesRx: number;
  messagesTx: number;
}

export interface ReplicaDigest {
  session: number;
  index: number;
  /** Hashes of: state vector, JSON content, state re-encoded through a fresh doc (canonical struct merging). */
  sv: string;
  json: string;
  state: string;
  /** Content check: every editor's array holds exactly its edits 0…N-1, in order. */
  complete: boolean;
}

export interface WorkerProgress {
  type: "progress";
  sent: number;
  applied: number;
  acked: number;
}

export interface WorkerResult {
  type: "result";
  /** Per receiver and edit (after warm-up): applied − made, ms. */
  receiverLatencies: Float64Array;
  /** Per edit (run-wide index): send time, NaN if not made in this worker. */
  sentAt: Float64Array;
  /** Per edit: latest time any receiver of this worker applied it (NaN: none), and how many did. */
  lastApplied: Float64Array;
  appliedBy: Uint16Array;
  /** Per edit (after warm-up) of this worker's editors: made → server said it is durable, ms. */
  ackLatencies: Float64Array;
  /** Actual − scheduled send time of every edit after warm-up, ms (client-side delay; a saturation signal). */
  scheduleLag: Float64Array;
  wire: WireCounters;
  /** Event-loop utilisation of this worker over the measured window (1 = saturated). */
  elu: number;
  reconnects: number;
  /** Per session: the distinct state vectors Bandspace acknowledged as durable (≈ its DB writes). */
  durableStates: string[][];
  replicas: ReplicaDigest[];
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[k];
}

export function summarize(values: Float64Array): {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
} {
  const s = values.slice().sort();
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i];
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.length ? sum / s.length : NaN,
  };
}
