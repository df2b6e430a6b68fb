import type { ClusterBus } from "../cluster/cluster";
import type { DocStore } from "../db/types";
import { log } from "../log";
import { Room, type RoomOptions } from "./room";
import { RoomFanout, type FanoutOptions } from "./room-fanout";

export interface RoomRegistryOptions extends RoomOptions {
  /** Keep an empty room in memory this long before flushing, compacting and unloading it. */
  idleUnloadMs: number;
  /** Other nodes serving the same sessions (scale-out); absent → this process alone. */
  bus?: ClusterBus;
  fanout?: FanoutOptions;
}

/** Services that follow rooms (e.g. autosave checkpoints) hook in here instead of into Room. */
export interface RoomHooks {
  /** A room was loaded from the store. */
  loaded?: (room: Room) => void;
  /** A room is about to be flushed and unloaded (its doc is still readable). Errors are logged. */
  unloading?: (room: Room) => Promise<void>;
}

/** Loads rooms on first use, shares them between connections, unloads them when idle. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly hooks: RoomHooks[] = [];
  private readonly closing = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: DocStore,
    private readonly options: RoomRegistryOptions,
  ) {}

  addHooks(hooks: RoomHooks): void {
    this.hooks.push(hooks);
  }

  async acquire(name: string): Promise<Room> {
    const timer = this.idleTimers.get(name);
    if (timer) {
      clearTimeout(timer);
      this.idleTimers.delete(name);
    }
    let room = this.rooms.get(name);
    if (!room) {
      room = this.load(name);
      this.rooms.set(name, room);
      room.catch(() => this.rooms.delete(name));
    }
    return room;
  }

  private async load(name: string): Promise<Room> {
    // A room being unloaded must finish storing before it is read back.
    await this.closing.get(name);
    // Subscribed before the load reads, so nothing published in between is missed (room-fanout.ts).
    const fanout = this.options.bus
      ? await RoomFanout.open(name, this.options.bus, this.store, this.options.fanout)
      : undefined;
    let stored;
    try {
      stored = await this.store.load(name);
    } catch (err) {
      fanout?.close();
      throw err;
    }
    const room = new Room(name, this.store, stored, this.options, fanout);
    for (const h of this.hooks) h.loaded?.(room);
    return room;
  }

  /** Call when a connection left; unloads the room after the idle delay if nobody is left. */
  release(room: Room): void {
    if (room.size > 0 || this.idleTimers.has(room.name)) return;
    this.idleTimers.set(
      room.name,
      setTimeout(() => {
        this.idleTimers.delete(room.name);
        if (room.size === 0) void this.unload(room);
      }, this.options.idleUnloadMs),
    );
  }

  private async unload(room: Room): Promise<void> {
    this.rooms.delete(room.name);
    const done = this.beforeUnload(room)
      .then(() => room.close())
      .catch((err) => log.error("closing room failed", { room: room.name, err: String(err) }));
    this.closing.set(room.name, done);
    await done;
    if (this.closing.get(room.name) === done) this.closing.delete(room.name);
  }

  private async beforeUnload(room: Room): Promise<void> {
    for (const h of this.hooks) {
      await h
        .unloading?.(room)
        .catch((err) => log.error("room unload hook failed", { room: room.name, err: String(err) }));
    }
  }

  loadedRoom(name: string): Promise<Room> | undefined {
    return this.rooms.get(name);
  }

  /** Stores every loaded room's pending updates (their writers get their acknowledgements); rooms stay open. */
  async flushAll(): Promise<void> {
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    await Promise.all(rooms.map((r) => (r.status === "fulfilled" ? r.value.flush() : Promise.resolve())));
  }

  /** Flushes and closes every room (server shutdown). */
  async closeAll(): Promise<void> {
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    this.rooms.clear();
    await Promise.all(
      rooms.map((r) =>
        r.status === "fulfilled" ? this.beforeUnload(r.value).then(() => r.value.close()) : Promise.resolve(),
      ),
    );
    await Promise.all(this.closing.values());
  }
}
