import * as Y from "yjs";
import {
  BandspaceError,
  yjsRoomName,
  type VersionEvent,
  type VersionKind,
  type VersionView,
} from "@bandspace/protocol";
import { referencedTakeIds, repairCommentsDoc } from "@bandspace/model";
import { acquireWaiting, type Lease, type LeaseStore } from "../cluster/cluster";
import type { Database, VersionRecord, VersionWithState } from "../db/types";
import { log } from "../log";
import type { Room } from "../yjs/room";
import type { RoomRegistry } from "../yjs/room-registry";
import { RevertRunner } from "./revert-runner";

export interface VersionServiceOptions {
  /** An autosave checkpoint is taken this long after the first edit since the last version (default 10 min). */
  checkpointIntervalMs: number;
  /** Autosave checkpoints kept per session; older ones are deleted (default 100). */
  keepCheckpoints?: number;
  /**
   * The cluster's leases: a restore or save runs on one node at a time per session, and an autosave
   * checkpoint is taken by one node per interval (every node with the room loaded sees the same edits).
   * Absent → this process alone.
   */
  leases?: LeaseStore;
}

/** How long a save or restore may hold the session (a big restore takes seconds) and wait for it. */
const SESSION_LEASE_MS = 60_000;
const SESSION_LEASE_WAIT_MS = 30_000;

/** Origin of the restore transaction in the server's room (other members see a remote update). */
export const RESTORE_ORIGIN = Symbol("version-restore");

interface Activity {
  /** Song edits since the last version of this session. */
  dirty: boolean;
  timer: NodeJS.Timeout | null;
}

/**
 * Versions of a session: named snapshots ("Save version"), autosave checkpoints while people edit, and
 * restore. A version stores the full Yjs state of the song and comments docs as they are in the live
 * room (or in the store when no one is connected), plus the take ids the song references.
 *
 * Restore changes the SONG doc only, as a normal update in the live room, after saving a "backup"
 * version of the state just before — so restoring that backup undoes the restore. Comments are kept:
 * they are the review of every version, and each records the version it was made on.
 */
export class VersionService {
  private readonly activity = new Map<string, Activity>();
  /** One save/restore at a time per session, so a restore never interleaves with a checkpoint. */
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Told about every saved or restored version (the socket server relays it to the session). */
  private listener: (sessionId: string, event: VersionEvent) => void = () => {};
  /** Restores are computed in a worker thread: seconds of CPU on a big session must not stall every room. */
  readonly reverts = new RevertRunner();
  /** Set when the server starts closing: no timed checkpoint is started any more (see stopTimers). */
  private stopped = false;
  /** Timed checkpoints in progress, awaited by close() so none outlives the database. */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly rooms: RoomRegistry,
    private readonly options: VersionServiceOptions,
  ) {
    rooms.addHooks({
      loaded: (room) => this.follow(room),
      unloading: (room) => this.beforeUnload(room),
    });
  }

  onVersionEvent(listener: (sessionId: string, event: VersionEvent) => void): void {
    this.listener = listener;
  }

  private emit(sessionId: string, action: VersionEvent["action"], v: VersionRecord): void {
    try {
      this.listener(sessionId, { action, by: v.createdBy, version: versionView(v) });
    } catch (err) {
      log.warn("version event listener failed", { sessionId, err: String(err) });
    }
  }

  list(sessionId: string): Promise<VersionRecord[]> {
    return this.db.versions.list(sessionId);
  }

  async get(sessionId: string, versionId: string): Promise<VersionWithState> {
    const version = await this.db.versions.get(sessionId, versionId);
    if (!version) throw new BandspaceError("NOT_FOUND", "That version does not exist in this session (any more).");
    return version;
  }

  save(sessionId: string, name: string, kind: VersionKind, createdBy: string | null): Promise<VersionRecord> {
    return this.locked(sessionId, () => this.saveNow(sessionId, name, kind, createdBy));
  }

  /**
   * Brings the live song doc back to the version's state. Returns the restored version and the backup
   * saved just before. Resolves once the change is durably stored.
   */
  restore(
    sessionId: string,
    versionId: string,
    by: string | null,
  ): Promise<{ restored: VersionRecord; backup: VersionRecord }> {
    return this.locked(sessionId, async () => {
      const version = await this.get(sessionId, versionId);
      const room = await this.rooms.acquire(yjsRoomName(sessionId, "song"));
      try {
        const backup = await this.saveNow(sessionId, `Before restoring “${version.name}”`, "backup", by);
        // Computed against a snapshot; edits arriving meanwhile stay, as concurrent changes to the restore.
        const update = await this.reverts.compute(Y.encodeStateAsUpdate(room.doc), version.songState);
        room.applyServerUpdate(update, RESTORE_ORIGIN);
        await room.flush();
        await this.repairComments(sessionId);
        // The restore itself is not "editing activity" to checkpoint: its state is the version's.
        this.markClean(sessionId);
        log.info("version restored", { sessionId, versionId, bytes: update.length });
        const { songState: _s, commentsState: _c, ...restored } = version;
        this.listener(sessionId, { action: "restored", by, version: versionView(restored) });
        return { restored, backup };
      } finally {
        this.rooms.release(room);
      }
    });
  }

  /**
   * A restore covers the comments too (issue #16): comments made since the version are kept, but the
   * comments doc is repaired to a shape every client opens (a too-new schema version written before the
   * server checked writes locked everyone out of the studio).
   */
  private async repairComments(sessionId: string): Promise<void> {
    const room = await this.rooms.acquire(yjsRoomName(sessionId, "comments"));
    try {
      if (repairCommentsDoc(room.doc)) {
        log.info("comments repaired by a restore", { sessionId });
        await room.flush();
      }
    } finally {
      this.rooms.release(room);
    }
  }

  private async saveNow(
    sessionId: string,
    name: string,
    kind: VersionKind,
    createdBy: string | null,
  ): Promise<VersionRecord> {
    const [song, comments] = await Promise.all([
      this.currentState(yjsRoomName(sessionId, "song")),
      this.currentState(yjsRoomName(sessionId, "comments")),
    ]);
    const songDoc = new Y.Doc();
    try {
      Y.applyUpdate(songDoc, song);
      const version = await this.db.versions.create({
        sessionId,
        name,
        kind,
        createdBy,
        songState: song,
        commentsState: comments,
        takeIds: referencedTakeIds(songDoc),
      });
      this.markClean(sessionId);
      if (kind === "checkpoint") await this.prune(sessionId);
      this.emit(sessionId, "saved", version);
      return version;
    } finally {
      songDoc.destroy();
    }
  }

  /** The doc's full state: from its live room when loaded (it holds edits not yet stored), else the store. */
  private async currentState(name: string): Promise<Uint8Array> {
    const loaded = this.rooms.loadedRoom(name);
    if (loaded) {
      const room = await loaded.catch(() => null);
      if (room) return Y.encodeStateAsUpdate(room.doc);
    }
    const stored = await this.db.docs.load(name);
    const parts = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates];
    return parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(parts);
  }

  // ── autosave checkpoints ──────────────────────────────────────────────────────────────────────────

  private follow(room: Room): void {
    const sessionId = songSessionId(room.name);
    if (!sessionId) return;
    room.doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin === RESTORE_ORIGIN) return;
      const a = this.activityOf(sessionId);
      a.dirty = true;
      // The interval counts from the first edit after a version: a steady stream of edits gets one
      // checkpoint per interval; an idle session gets none.
      if (!a.timer && !this.stopped) {
        a.timer = setTimeout(() => {
          a.timer = null;
          if (a.dirty) this.runCheckpoint(sessionId);
        }, this.options.checkpointIntervalMs);
        a.timer.unref();
      }
    });
  }

  private async beforeUnload(room: Room): Promise<void> {
    const sessionId = songSessionId(room.name);
    if (!sessionId) return;
    const a = this.activity.get(sessionId);
    if (a?.timer) clearTimeout(a.timer);
    // Everyone left with edits since the last version: keep them as a checkpoint now rather than never.
    if (a?.dirty) {
      const state = Y.encodeStateAsUpdate(room.doc);
      // Not under the session lock: a restore holding it may be waiting for this very room to finish
      // unloading (RoomRegistry.acquire), which would deadlock.
      await (async () => {
        const comments = await this.currentState(yjsRoomName(sessionId, "comments"));
        const songDoc = new Y.Doc();
        Y.applyUpdate(songDoc, state);
        const version = await this.db.versions.create({
          sessionId,
          name: "Autosave",
          kind: "checkpoint",
          createdBy: null,
          songState: state,
          commentsState: comments,
          takeIds: referencedTakeIds(songDoc),
        });
        songDoc.destroy();
        await this.prune(sessionId);
        this.emit(sessionId, "saved", version);
      })();
    }
    this.activity.delete(sessionId);
  }

  private async prune(sessionId: string): Promise<void> {
    const deleted = await this.db.versions.pruneCheckpoints(sessionId, this.options.keepCheckpoints ?? 100);
    if (deleted > 0) log.info("old autosave checkpoints deleted", { sessionId, deleted });
  }

  /**
   * One node per session and interval takes the checkpoint: the lease is kept until it expires (just under
   * one interval), so the other nodes, whose timers fire at about the same time, skip theirs.
   */
  private async claimCheckpoint(sessionId: string): Promise<boolean> {
    if (!this.options.leases) return true;
    const ttl = Math.max(1, Math.floor(this.options.checkpointIntervalMs * 0.9));
    const lease = await this.options.leases.acquire(`checkpoint:${sessionId}`, ttl).catch((err: unknown) => {
      log.warn("checkpoint lease unavailable; taking the checkpoint here", { sessionId, err: String(err) });
      return { release: () => Promise.resolve() };
    });
    return lease !== null;
  }

  private runCheckpoint(sessionId: string): void {
    const run = this.checkpoint(sessionId);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private async checkpoint(sessionId: string): Promise<void> {
    // A timer that fired just as the server began closing: the room's unload takes the last checkpoint instead.
    if (this.stopped) return;
    try {
      if (!(await this.claimCheckpoint(sessionId))) {
        this.markClean(sessionId);
        return;
      }
      await this.save(sessionId, "Autosave", "checkpoint", null);
    } catch (err) {
      log.error("autosave checkpoint failed", { sessionId, err: String(err) });
    }
  }

  private activityOf(sessionId: string): Activity {
    let a = this.activity.get(sessionId);
    if (!a) this.activity.set(sessionId, (a = { dirty: false, timer: null }));
    return a;
  }

  private markClean(sessionId: string): void {
    const a = this.activity.get(sessionId);
    if (!a) return;
    a.dirty = false;
    if (a.timer) clearTimeout(a.timer);
    a.timer = null;
  }

  private locked<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    const run = () => this.clusterLocked(sessionId, task);
    const result = (this.locks.get(sessionId) ?? Promise.resolve()).then(run, run);
    const tail = result.catch(() => {});
    this.locks.set(sessionId, tail);
    void tail.then(() => {
      if (this.locks.get(sessionId) === tail) this.locks.delete(sessionId);
    });
    return result;
  }

  /** The same one-at-a-time rule across nodes: a lease per session around the task. */
  private async clusterLocked<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    const leases = this.options.leases;
    if (!leases) return task();
    const lease: Lease | null = await acquireWaiting(
      leases,
      `versions:${sessionId}`,
      SESSION_LEASE_MS,
      SESSION_LEASE_WAIT_MS,
    );
    if (!lease) throw new BandspaceError("INTERNAL", "Another save or restore of this session is running. Try again.");
    try {
      return await task();
    } finally {
      await lease.release();
    }
  }

  /**
   * First step of a shutdown: no timed checkpoint starts from now on (a dirty room still gets its last
   * checkpoint when it unloads, while the database is open). Before this existed, a timer could fire after the
   * database pool had closed ("Cannot use a pool after calling end on the pool").
   */
  stopTimers(): void {
    this.stopped = true;
    for (const a of this.activity.values()) {
      if (a.timer) clearTimeout(a.timer);
      a.timer = null;
    }
  }

  /** Stops the timers and waits for checkpoints, saves and restores in progress; call before the database closes. */
  async close(): Promise<void> {
    this.stopTimers();
    await Promise.allSettled([...this.running, ...this.locks.values()]);
    this.reverts.dispose();
  }
}

export function versionView(v: VersionRecord): VersionView {
  return {
    id: v.id,
    name: v.name,
    kind: v.kind,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    takeIds: v.takeIds,
  };
}

/** "<sessionId>/song" → sessionId; null for other docs. */
function songSessionId(roomName: string): string | null {
  const m = /^([a-z0-9]{16})\/song$/.exec(roomName);
  return m ? m[1] : null;
}
