import type { Awareness } from "y-protocols/awareness";
import { parseAwarenessUser } from "./identity";
import { parseTransport } from "./presence";

/** The last transport sample of one remote person, stamped with this browser's clock when it arrived. */
export interface RemotePlayhead {
  clientId: number;
  userId: string;
  playing: boolean;
  positionTick: number;
  /** performance.now() when the sample arrived (their `at` is another machine's clock; we don't trust it). */
  receivedAt: number;
}

/**
 * Everyone else's transport, outside React: it changes ~10 times a second per playing person, so views read
 * it from a requestAnimationFrame loop (`get()`), not through renders. `version` changes with every sample.
 */
export class PlayheadStore {
  private heads = new Map<number, RemotePlayhead>();
  private listeners = new Set<() => void>();
  version = 0;

  constructor(private readonly awareness: Awareness) {}

  get(): ReadonlyMap<number, RemotePlayhead> {
    return this.heads;
  }

  /** The newest playhead of a person (by user id), or null. */
  forUser(userId: string): RemotePlayhead | null {
    let best: RemotePlayhead | null = null;
    for (const h of this.heads.values()) if (h.userId === userId && (!best || h.receivedAt > best.receivedAt)) best = h;
    return best;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Awareness "change" handler: re-reads the clients that changed. */
  update(changes: { added: number[]; updated: number[]; removed: number[] }): void {
    const now = performance.now();
    const states = this.awareness.getStates();
    let changed = false;
    for (const id of changes.removed) changed = this.heads.delete(id) || changed;
    for (const id of [...changes.added, ...changes.updated]) {
      if (id === this.awareness.clientID) continue;
      const fields = states.get(id);
      const user = fields ? parseAwarenessUser(fields.user) : null;
      const t = fields ? parseTransport(fields.transport) : null;
      if (!user || !t) {
        changed = this.heads.delete(id) || changed;
        continue;
      }
      const prev = this.heads.get(id);
      if (prev && prev.playing === t.playing && prev.positionTick === t.positionTick && prev.userId === user.userId)
        continue;
      this.heads.set(id, {
        clientId: id,
        userId: user.userId,
        playing: t.playing,
        positionTick: t.positionTick,
        receivedAt: now,
      });
      changed = true;
    }
    if (!changed) return;
    this.heads = new Map(this.heads);
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}
