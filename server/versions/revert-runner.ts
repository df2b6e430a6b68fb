import { Worker } from "node:worker_threads";
import { log } from "../log";
import { computeRevert, REVERT_WORKER_ROLE, type RevertReply } from "./revert-worker";

/** A worker with nothing to do is ended after this long (restores are rare; a thread costs ~10 MB). */
const IDLE_MS = 60_000;

/**
 * Runs restore computations (`computeRevert`) in one worker thread, started on first use and ended when
 * idle. Where a worker cannot run this TypeScript module (a host without the tsx loader), it computes inline
 * — slower for everyone else while it runs, but the restore still happens.
 */
export class RevertRunner {
  private worker: Worker | null = null;
  private unavailable = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (u: Uint8Array) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | null = null;

  /** Where the last computation ran (for tests and logs). */
  lastRanIn: "worker" | "inline" | null = null;

  async compute(current: Uint8Array, version: Uint8Array): Promise<Uint8Array> {
    const worker = this.unavailable ? null : this.start();
    if (!worker) return this.inline(current, version);
    this.clearIdle();
    const id = this.nextId++;
    try {
      const update = await new Promise<Uint8Array>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        worker.postMessage({ id, current, version });
      });
      this.lastRanIn = "worker";
      return update;
    } catch (err) {
      if (!(err instanceof WorkerUnavailable)) throw err;
      return this.inline(current, version);
    } finally {
      if (this.pending.size === 0) this.scheduleIdle();
    }
  }

  dispose(): void {
    this.clearIdle();
    void this.worker?.terminate();
    this.worker = null;
  }

  private inline(current: Uint8Array, version: Uint8Array): Uint8Array {
    this.lastRanIn = "inline";
    return computeRevert(current, version);
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      // A plain .mjs entry that loads tsx in the thread, then the TypeScript worker: works whether the server
      // runs under tsx or was imported by a test runner with its own loader.
      const worker = new Worker(new URL("./revert-worker-entry.mjs", import.meta.url), {
        workerData: { role: REVERT_WORKER_ROLE },
      });
      worker.unref(); // never keeps the server process alive
      worker.on("message", (reply: RevertReply) => {
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        if ("update" in reply) p.resolve(reply.update);
        else p.reject(new Error(reply.error));
      });
      worker.on("error", (err) => this.fail(worker, err));
      worker.on("exit", (code) => {
        if (this.worker === worker) this.worker = null;
        if (this.pending.size > 0) this.fail(worker, new Error(`restore worker exited with code ${code}`));
      });
      this.worker = worker;
      return worker;
    } catch (err) {
      log.warn("restore worker unavailable; restores run on the main thread", { err: String(err) });
      this.unavailable = true;
      return null;
    }
  }

  /** The worker died or could not load: what it had is computed inline by the callers. */
  private fail(worker: Worker, err: unknown): void {
    if (this.worker === worker) this.worker = null;
    log.warn("restore worker failed; computing inline", { err: String(err) });
    this.unavailable = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new WorkerUnavailable(String(err)));
    }
  }

  private scheduleIdle(): void {
    this.clearIdle();
    this.idleTimer = setTimeout(() => this.dispose(), IDLE_MS);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

class WorkerUnavailable extends Error {}
