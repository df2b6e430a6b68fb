/** The page's handle on the export worker: send a message, await the reply of a given kind, follow progress. */
import type { FromWorker, ToWorker } from "./protocol";

type Waiter = { kind: FromWorker["kind"]; resolve: (m: FromWorker) => void; reject: (e: Error) => void };

export class ExportWorker {
  private readonly worker: Worker;
  private waiters: Waiter[] = [];
  /** Frames the worker has consumed in the current entry. */
  frames = 0;
  private progressListeners = new Set<() => void>();
  private failure: Error | null = null;

  constructor() {
    this.worker = new Worker(new URL("./export.worker.ts", import.meta.url), {
      type: "module",
      name: "bandspace-export",
    });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e) => this.fail(new Error(e.message || "the export worker failed to start"));
  }

  send(m: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  waitFor<K extends FromWorker["kind"]>(kind: K): Promise<Extract<FromWorker, { kind: K }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiters.push({ kind, resolve: resolve as (m: FromWorker) => void, reject });
    });
  }

  /** Resolves once the worker has consumed at least `frames` frames of the current entry. */
  whenConsumed(frames: number): Promise<void> {
    if (this.frames >= frames || this.failure) return this.failure ? Promise.reject(this.failure) : Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.failure) {
          this.progressListeners.delete(check);
          reject(this.failure);
        } else if (this.frames >= frames) {
          this.progressListeners.delete(check);
          resolve();
        }
      };
      this.progressListeners.add(check);
    });
  }

  terminate(): void {
    this.worker.terminate();
    this.fail(new Error("export worker stopped"));
  }

  private receive(m: FromWorker): void {
    if (m.kind === "progress") {
      this.frames = m.frames;
      for (const l of [...this.progressListeners]) l();
      return;
    }
    if (m.kind === "error") {
      this.fail(new Error(m.message));
      return;
    }
    if (m.kind === "entry-done") this.frames = 0;
    const i = this.waiters.findIndex((w) => w.kind === m.kind);
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiters) w.reject(err);
    this.waiters = [];
    for (const l of [...this.progressListeners]) l();
  }
}
