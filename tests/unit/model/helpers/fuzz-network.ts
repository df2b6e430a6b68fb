import * as Y from "yjs";
import type { Origin } from "@bandspace/model";
import type { Rng } from "./doc-spy";

/**
 * An in-memory mesh of peers for convergence tests. Every update a peer makes locally is queued on each
 * link to the other peers; links deliver in order, out of order, late, or lose messages (a dropped
 * connection), and `reconnect` catches a link up by state vector as y-websocket's sync step does.
 */
export const REMOTE: Origin = { kind: "remote" };

export interface Peer {
  name: string;
  doc: Y.Doc;
}

export class FuzzNetwork {
  readonly peers: Peer[];
  /** queues[from][to]: updates made on `from` not yet delivered to `to`. */
  private readonly queues: Uint8Array[][][];
  private readonly lost: boolean[][];
  private queued = 0;

  constructor(
    peerCount: number,
    private readonly rng: Rng,
  ) {
    this.peers = Array.from({ length: peerCount }, (_, i) => {
      const doc = new Y.Doc();
      // Deterministic client ids make a seed replay the exact same merge.
      doc.clientID = 1000 + i;
      return { name: `peer${i}`, doc };
    });
    this.queues = this.peers.map(() => this.peers.map(() => []));
    this.lost = this.peers.map(() => this.peers.map(() => false));
    this.peers.forEach((peer, from) => {
      peer.doc.on("update", (update: Uint8Array, origin: unknown) => {
        if (origin === REMOTE) return; // mesh: a peer forwards only its own edits
        this.peers.forEach((_, to) => {
          if (to !== from) {
            this.queues[from][to].push(update);
            this.queued++;
          }
        });
      });
    });
  }

  pending(): number {
    return this.queued;
  }

  /** One random network event. Returns a short description for the failure log. */
  step(): string {
    const from = this.rng.int(this.peers.length);
    let to = this.rng.int(this.peers.length - 1);
    if (to >= from) to++;
    const queue = this.queues[from][to];
    const roll = this.rng.next();
    if (roll < 0.08) {
      // Connection drops: everything in flight is lost until a reconnect.
      this.queued -= queue.length;
      queue.length = 0;
      this.lost[from][to] = true;
      return `drop ${from}->${to}`;
    }
    if (roll < 0.2 || (this.lost[from][to] && roll < 0.35)) {
      this.reconnect(from, to);
      return `reconnect ${from}->${to}`;
    }
    if (queue.length === 0) return `idle ${from}->${to}`;
    if (roll < 0.45) {
      // Out of order: Yjs must hold updates whose dependencies have not arrived.
      const i = this.rng.int(queue.length);
      const [update] = queue.splice(i, 1);
      this.queued--;
      Y.applyUpdate(this.peers[to].doc, update, REMOTE);
      return `deliver ${from}->${to} #${i} of ${queue.length + 1}`;
    }
    const n = 1 + this.rng.int(queue.length);
    this.queued -= n;
    for (const update of queue.splice(0, n)) Y.applyUpdate(this.peers[to].doc, update, REMOTE);
    return `deliver ${from}->${to} first ${n}`;
  }

  /** Sync step 1+2 for one direction: send what `to` is missing from `from`. */
  reconnect(from: number, to: number): void {
    const missing = Y.encodeStateAsUpdate(this.peers[from].doc, Y.encodeStateVector(this.peers[to].doc));
    Y.applyUpdate(this.peers[to].doc, missing, REMOTE);
    this.lost[from][to] = false;
  }

  /** Delivers everything still queued (in random order), then syncs every pair until all state vectors agree. */
  settle(): void {
    while (this.pending() > 0) {
      const from = this.rng.int(this.peers.length);
      const to = this.rng.int(this.peers.length);
      const queue = this.queues[from][to];
      if (queue.length === 0) continue;
      const [update] = queue.splice(this.rng.int(queue.length), 1);
      this.queued--;
      Y.applyUpdate(this.peers[to].doc, update, REMOTE);
    }
    for (let from = 0; from < this.peers.length; from++) {
      for (let to = 0; to < this.peers.length; to++) if (from !== to) this.reconnect(from, to);
    }
    // Updates the reconnects themselves caused were applied as REMOTE, so nothing new is queued.
    this.queued = 0;
  }
}
