import * as Y from "yjs";

/** How long after a resync we wait for an acknowledgement before trusting that the server already had everything. */
const RESYNC_GRACE_MS = 2000;

/**
 * Knows whether this client's edits to one document are durably stored, from the server's type-100
 * messages (the state vector it has stored).
 *
 * A state vector only counts inserted content: a pure deletion does not advance our clock, so it cannot be
 * seen in one. Such an edit counts as unsaved until the next acknowledgement arrives (the server only
 * acknowledges batches that contain this connection's updates), or — after a reconnect, when the server may
 * already have had it — until a short grace period passes without one.
 */
export class PersistAcks {
  private stored: Map<number, number> | null = null;
  private lastClock: number;
  private unackedDeletion = false;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly onChange: () => void,
  ) {
    this.lastClock = this.localClock();
  }

  private localClock(): number {
    return Y.getState(this.doc.store, this.doc.clientID);
  }

  /** Every update of the doc; `local` when this client made it (not applied from the server). */
  noteUpdate(local: boolean): void {
    const clock = this.localClock();
    if (local && clock === this.lastClock) this.unackedDeletion = true;
    this.lastClock = clock;
  }

  /** A type-100 message: the payload is Y.encodeStateVector of the durably stored doc. */
  noteStored(stateVector: Uint8Array): void {
    this.stored = Y.decodeStateVector(stateVector);
    this.unackedDeletion = false;
    this.clearGrace();
  }

  /** The connection synced again after a disconnect. */
  noteResynced(): void {
    if (!this.unackedDeletion) return;
    this.clearGrace();
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null;
      this.unackedDeletion = false;
      this.onChange();
    }, RESYNC_GRACE_MS);
  }

  /** True while some local edit is not known to be stored. */
  get pending(): boolean {
    const local = this.localClock();
    if (local > (this.stored?.get(this.doc.clientID) ?? 0)) return true;
    return this.unackedDeletion;
  }

  dispose(): void {
    this.clearGrace();
  }

  private clearGrace(): void {
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }
}
