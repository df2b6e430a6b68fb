import { randomBytes } from "node:crypto";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { ClusterBus } from "../cluster/cluster";
import type { DocStore, StoredDoc } from "../db/types";
import { log } from "../log";

/**
 * One room's link to the same room on the other nodes (issue #21; see docs/scale-out.md "Documents
 * across nodes"). Edits are published the moment they are applied, before they are stored — the database
 * is not in front of the fan-out. The node that received an edit from its client stores it, then publishes
 * the seq it got ("stored"). Everything a node sends is numbered per room instance, so a receiver sees a
 * gap when a message was lost and then reads what it lacks from the database (rows are gap-free, in seq
 * order: see doc-store.ts).
 *
 * "Saved" must still mean durable: an edit that arrived from another node is only in memory here until
 * its node says it is stored. Acknowledgements to this node's clients wait until every such edit they may
 * build on is confirmed; one that stays unconfirmed (its node died) is stored by this node instead
 * ("adopted" — storing a Yjs update twice is harmless).
 */
export interface FanoutHost {
  /** Applies an update that is stored or stored elsewhere (not published or stored again here). */
  applyRemoteUpdate: (update: Uint8Array) => void;
  applyRemoteAwareness: (update: Uint8Array) => void;
  /** This node's presence states, for a node that asked (null when there are none). */
  localAwareness: () => Uint8Array | null;
  /** Stores updates whose node did not confirm them; resolves once durable. */
  adopt: (updates: Uint8Array[]) => Promise<void>;
}

export interface FanoutOptions {
  /** An edit from another node unconfirmed this long is stored here (default 2 s). */
  adoptAfterMs?: number;
  /**
   * On a lossy bus, how often a loaded room compares the database's last seq with the last one it heard
   * of (default 30 s): the safety net for a lost edit whose "stored" was lost too.
   */
  verifyEveryMs?: number;
}

const enum Kind {
  update = 0,
  stored = 1,
  awareness = 2,
  queryAwareness = 3,
}

interface OriginState {
  /** The next message number expected from this room instance. */
  next: number;
  /** Messages up to this number were not all received: read the database once they are stored. */
  need: number | null;
  needSince: number;
  lastHeard: number;
}

interface PendingRemote {
  origin: string;
  n: number;
  update: Uint8Array;
  /** Arrival order on this node (acknowledgements wait for what arrived before them). */
  rid: number;
  at: number;
  adopting: boolean;
}

export function roomChannel(roomName: string): string {
  return `doc:${roomName}`;
}

export class RoomFanout {
  /** This room instance's name on the bus (a restart or reload is a new instance with fresh numbers). */
  private readonly instance = randomBytes(6).toString("base64url");
  private counter = 0;
  private readonly origins = new Map<string, OriginState>();
  private pending: PendingRemote[] = [];
  private rid = 0;
  private gated: { mark: number; send: () => void }[] = [];
  /** Every stored row up to this seq is in the doc. */
  private baseSeq = 0;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private resyncAt = 0;
  private host: FanoutHost | null = null;
  private inbox: Uint8Array[] = [];
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: () => void = () => {};
  private offReconnect: () => void = () => {};
  private readonly adoptAfterMs: number;
  private readonly verifyEveryMs: number;
  private nextVerifyAt = 0;
  /** The highest seq this node knows was stored (loaded, read, stored here, or announced by a node). */
  private knownSeq = 0;
  private closed = false;

  private constructor(
    private readonly name: string,
    private readonly bus: ClusterBus,
    private readonly store: DocStore,
    options: FanoutOptions,
  ) {
    this.adoptAfterMs = options.adoptAfterMs ?? 2000;
    this.verifyEveryMs = options.verifyEveryMs ?? 30_000;
  }

  /**
   * Subscribes BEFORE the caller loads the document: whatever is published after the load's read arrives
   * here (buffered until `attach`), and whatever was stored before it is in the load.
   */
  static async open(name: string, bus: ClusterBus, store: DocStore, options: FanoutOptions = {}): Promise<RoomFanout> {
    const f = new RoomFanout(name, bus, store, options);
    f.unsubscribe = await bus.subscribe(roomChannel(name), (payload) => {
      if (f.host) f.receive(payload);
      else f.inbox.push(payload);
    });
    f.offReconnect = bus.onReconnect(() => f.resync());
    return f;
  }

  /** The room is loaded (holding every row up to `loaded.lastSeq`): handle what arrived meanwhile. */
  attach(host: FanoutHost, loaded: StoredDoc): void {
    this.host = host;
    this.baseSeq = loaded.lastSeq;
    this.knownSeq = loaded.lastSeq;
    this.nextVerifyAt = Date.now() + this.verifyEveryMs;
    this.timer = setInterval(() => this.tick(), 250);
    this.timer.unref();
    for (const p of this.inbox.splice(0)) this.receive(p);
    // Whoever is present on other nodes tells us (their presence otherwise arrives only as it changes).
    this.bus.publish(roomChannel(this.name), encodeKind(Kind.queryAwareness));
  }

  /** Publishes a local edit at once; returns its number (the persistence batch reports it back as stored). */
  publishUpdate(update: Uint8Array): number {
    const n = ++this.counter;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, Kind.update);
    encoding.writeVarString(e, this.instance);
    encoding.writeVarUint(e, n);
    encoding.writeVarUint8Array(e, update);
    this.bus.publish(roomChannel(this.name), encoding.toUint8Array(e));
    return n;
  }

  /** Our edits numbered up to `covers` are durable in rows up to `seq`. */
  publishStored(seq: number, covers: number): void {
    this.knownSeq = Math.max(this.knownSeq, seq);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, Kind.stored);
    encoding.writeVarString(e, this.instance);
    encoding.writeVarUint(e, ++this.counter);
    encoding.writeVarUint(e, covers);
    encoding.writeVarUint(e, seq);
    this.bus.publish(roomChannel(this.name), encoding.toUint8Array(e));
  }

  publishAwareness(update: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, Kind.awareness);
    encoding.writeVarUint8Array(e, update);
    this.bus.publish(roomChannel(this.name), encoding.toUint8Array(e));
  }

  /**
   * Runs `send` (an acknowledgement to a client) once every edit from other nodes that arrived before now
   * is durable — the client may have skipped sending what the server already had from another node.
   */
  gate(send: () => void): void {
    if (this.pending.length === 0 && this.gated.length === 0) return send();
    this.gated.push({ mark: this.rid, send });
    this.releaseGated();
  }

  /** Edits from other nodes not yet known to be stored (the caller stores them before unloading). */
  close(): Uint8Array[] {
    this.closed = true;
    this.unsubscribe();
    this.offReconnect();
    if (this.timer) clearInterval(this.timer);
    const orphans = this.pending.map((p) => p.update);
    this.pending = [];
    this.gated = [];
    return orphans;
  }

  private receive(payload: Uint8Array): void {
    if (this.closed || !this.host) return;
    try {
      const d = decoding.createDecoder(payload);
      const kind = decoding.readVarUint(d) as Kind;
      if (kind === Kind.awareness) return this.host.applyRemoteAwareness(decoding.readVarUint8Array(d));
      if (kind === Kind.queryAwareness) {
        const present = this.host.localAwareness();
        if (present) this.publishAwareness(present);
        return;
      }
      const origin = decoding.readVarString(d);
      const n = decoding.readVarUint(d);
      if (kind === Kind.update) {
        const update = decoding.readVarUint8Array(d);
        this.noteNumber(origin, n);
        this.pending.push({ origin, n, update, rid: ++this.rid, at: Date.now(), adopting: false });
        this.host.applyRemoteUpdate(update);
      } else if (kind === Kind.stored) {
        const covers = decoding.readVarUint(d);
        const seq = decoding.readVarUint(d);
        this.noteNumber(origin, n);
        this.confirm(origin, covers, seq);
      }
    } catch (err) {
      // Only our own nodes publish here; a frame we cannot read is a bug or a version mix, not an attack.
      log.error("unreadable cluster message", { room: this.name, err: String(err) });
    }
  }

  private noteNumber(origin: string, n: number): void {
    const now = Date.now();
    const st = this.origins.get(origin);
    if (!st) {
      // First word from an instance that was publishing before we subscribed: what it sent earlier is in
      // our load if it was stored by then; otherwise its "stored" for it tells us to read again.
      this.origins.set(origin, { next: n + 1, need: n > 1 ? n - 1 : null, needSince: now, lastHeard: now });
      return;
    }
    if (n > st.next) {
      if (st.need === null) st.needSince = now;
      st.need = Math.max(st.need ?? 0, n - 1);
    }
    st.next = Math.max(st.next, n + 1);
    st.lastHeard = now;
  }

  private confirm(origin: string, covers: number, seq: number): void {
    this.knownSeq = Math.max(this.knownSeq, seq);
    if (this.pending.length > 0) {
      this.pending = this.pending.filter((p) => p.adopting || p.origin !== origin || p.n > covers);
      this.releaseGated();
    }
    const st = this.origins.get(origin);
    if (st?.need !== null && st?.need !== undefined && covers >= st.need) {
      st.need = null;
      if (seq > this.baseSeq) void this.catchUp();
    }
  }

  private releaseGated(): void {
    const oldest = this.pending.length > 0 ? this.pending[0].rid : Infinity;
    while (this.gated.length > 0 && this.gated[0].mark < oldest) this.gated.shift()!.send();
  }

  /** Reads the rows this node may lack and applies them (idempotent). One read at a time. */
  private catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        try {
          const got = await this.store.readAfter(this.name, this.baseSeq);
          if (this.closed || !this.host) return;
          if (got.snapshot) this.host.applyRemoteUpdate(got.snapshot);
          for (const u of got.updates) this.host.applyRemoteUpdate(u);
          this.baseSeq = Math.max(this.baseSeq, got.lastSeq);
          this.knownSeq = Math.max(this.knownSeq, got.lastSeq);
        } catch (err) {
          log.warn("catching up from the database failed; will retry", { room: this.name, err: String(err) });
          this.resyncAt = Date.now() + 1000;
        }
      } while (this.catchUpAgain && !this.closed);
    })().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  /** The bus reconnected: anything may have been lost. Read now, and once more after stragglers are stored. */
  private resync(): void {
    void this.catchUp();
    this.resyncAt = Date.now() + this.adoptAfterMs;
  }

  /** Rows stored that no message told us about: something was lost on the way. Read them. */
  private verify(): void {
    this.store.lastSeq(this.name).then(
      (last) => {
        if (!this.closed && last > this.knownSeq) void this.catchUp();
      },
      (err: unknown) => log.warn("checking the stored seq failed", { room: this.name, err: String(err) }),
    );
  }

  private tick(): void {
    const now = Date.now();
    if (this.bus.lossy && now >= this.nextVerifyAt) {
      this.nextVerifyAt = now + this.verifyEveryMs;
      this.verify();
    }
    if (this.resyncAt && now >= this.resyncAt) {
      this.resyncAt = 0;
      void this.catchUp();
    }
    for (const [origin, st] of this.origins) {
      if (st.need !== null && now - st.needSince > this.adoptAfterMs) {
        // The "stored" that would tell us when to read did not come (lost, or its node died): read anyway,
        // and again later unless it arrives.
        st.needSince = now;
        void this.catchUp();
      }
      if (now - st.lastHeard > 60_000 && st.need === null) this.origins.delete(origin);
    }
    const stale = this.pending.filter((p) => !p.adopting && now - p.at > this.adoptAfterMs);
    if (stale.length === 0 || !this.host) return;
    for (const p of stale) p.adopting = true;
    log.info("storing edits another node did not confirm", { room: this.name, count: stale.length });
    this.host.adopt(stale.map((p) => p.update)).then(
      () => {
        const done = new Set(stale);
        this.pending = this.pending.filter((p) => !done.has(p));
        this.releaseGated();
      },
      (err: unknown) => {
        log.warn("storing unconfirmed edits failed; will retry", { room: this.name, err: String(err) });
        for (const p of stale) p.adopting = false;
      },
    );
  }
}

function encodeKind(kind: Kind): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, kind);
  return encoding.toUint8Array(e);
}
