/**
 * Paint work spread over animation frames with a time budget: when a zoom settles or a screen of clips mounts,
 * a hundred waveforms want repainting at once, and painting them in one frame was the long frame. Jobs run in
 * the order asked (a job asked again keeps its place and runs once), urgent ones (nothing on screen yet) before
 * the rest, until the frame's budget is spent; the rest wait for the next frame and keep what they showed.
 *
 * Pure scheduling: the frame source and the clock are injected (the browser's requestAnimationFrame and
 * performance.now by default), so it is unit tested without a browser.
 */

export interface PaintQueueOptions {
  /** Milliseconds of jobs per frame; the first job of a frame always runs, so the queue always progresses. */
  budgetMs?: number;
  requestFrame?: (run: () => void) => unknown;
  now?: () => number;
}

export type PaintJob = () => void;

export class PaintQueue {
  private readonly urgent = new Map<object, PaintJob>();
  private readonly later = new Map<object, PaintJob>();
  private scheduled = false;
  private readonly budgetMs: number;
  private readonly requestFrame: (run: () => void) => unknown;
  private readonly now: () => number;

  constructor(options: PaintQueueOptions = {}) {
    this.budgetMs = options.budgetMs ?? 6;
    this.requestFrame = options.requestFrame ?? ((run) => requestAnimationFrame(run));
    this.now = options.now ?? (() => performance.now());
  }

  /** Asks for `job` to run under `owner` (one pending job per owner: the latest wins, in the first one's place). */
  ask(owner: object, job: PaintJob, urgent = false): void {
    if (urgent && this.later.has(owner)) this.later.delete(owner);
    const list = urgent || this.urgent.has(owner) ? this.urgent : this.later;
    list.set(owner, job);
    if (!this.scheduled) {
      this.scheduled = true;
      this.requestFrame(() => this.run());
    }
  }

  /** Forgets the owner's pending job (an unmounted waveform). */
  cancel(owner: object): void {
    this.urgent.delete(owner);
    this.later.delete(owner);
  }

  get pending(): number {
    return this.urgent.size + this.later.size;
  }

  private run(): void {
    this.scheduled = false;
    const start = this.now();
    let ran = 0;
    for (const list of [this.urgent, this.later]) {
      for (const [owner, job] of list) {
        if (ran > 0 && this.now() - start >= this.budgetMs) break;
        list.delete(owner);
        ran++;
        try {
          job();
        } catch (err) {
          console.warn("Paint job failed", err);
        }
      }
    }
    if (this.pending > 0 && !this.scheduled) {
      this.scheduled = true;
      this.requestFrame(() => this.run());
    }
  }
}
