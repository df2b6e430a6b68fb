import * as awarenessProtocol from "y-protocols/awareness";
import type * as Y from "yjs";
import { PRESENCE_LIMITS, colorForUser, type PresenceIdentity, type Role } from "@bandspace/protocol";
import { encodeAwareness } from "./messages";
import { PresenceBudget, decodePresenceEntries, encodePresenceEntries, type PresenceEntry } from "./presence-guard";
import type { RoomSocket } from "./room-socket";

/** Who a connection is, as the server verified it. */
export interface ConnectionIdentity {
  /** The member id, null before the person joined with a display name. */
  memberId: string | null;
  /** Shown in presence: the member id, or a per-connection `guest-…` id before joining. */
  userId: string;
  /** The member's display name ("Guest" before joining). */
  name: string;
  role: Role;
}

interface PresenceMember {
  identity: ConnectionIdentity;
  /** Awareness client ids this connection introduced (removed when it leaves). */
  clientIds: Set<number>;
  budget: PresenceBudget;
}

export type PresenceDrop = (socket: RoomSocket, code: string, message: string) => void;

/** Presence applied from another node (already checked and stamped there). */
const REMOTE_PRESENCE = Symbol("remote-presence");

/**
 * A room's presence (y-protocols awareness), per connection and server-stamped (issue #16): a connection
 * sets states only for the client ids it introduced, each state's `user` is replaced by the connection's
 * verified identity, states have a size limit and messages a rate limit. What breaks a rule is dropped and
 * reported through `onDrop`; a connection that keeps doing it is closed by the caller.
 */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly members = new Map<RoomSocket, PresenceMember>();
  private readonly owners = new Map<number, RoomSocket>();

  constructor(
    doc: Y.Doc,
    private readonly broadcast: (message: Uint8Array) => void,
    private readonly onDrop: PresenceDrop,
    /** Told each change made on this node (raw awareness update), to publish it to the other nodes. */
    private readonly onLocalChange?: (update: Uint8Array) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on(
      "update",
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const changed = [...added, ...updated, ...removed];
        this.broadcast(encodeAwareness(this.awareness, changed));
        // Each node times out stale states itself; what came from another node is that node's to publish.
        if (this.onLocalChange && origin !== REMOTE_PRESENCE && origin !== "timeout") {
          this.onLocalChange(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
        }
      },
    );
  }

  /** Applies presence published by another node (its clients' states, stamped by that node). */
  applyRemote(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_PRESENCE);
  }

  /** The states this node's connections own (for another node that just loaded the room); null when none. */
  localStates(): Uint8Array | null {
    const states = this.awareness.getStates();
    const ids = [...this.members.values()].flatMap((m) => [...m.clientIds]).filter((id) => states.has(id));
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  join(socket: RoomSocket, identity: ConnectionIdentity): void {
    this.members.set(socket, { identity, clientIds: new Set(), budget: new PresenceBudget(Date.now()) });
  }

  /** Everyone present now, for a newcomer. */
  snapshot(): Uint8Array | null {
    const present = [...this.awareness.getStates().keys()];
    return present.length > 0 ? encodeAwareness(this.awareness, present) : null;
  }

  leave(socket: RoomSocket): void {
    const member = this.members.get(socket);
    if (!member) return;
    this.members.delete(socket);
    for (const id of member.clientIds) this.owners.delete(id);
    const present = [...member.clientIds].filter((id) => this.awareness.getStates().has(id));
    if (present.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, present, null);
  }

  /** Applies what may be applied of one awareness update from `socket`. Throws on bytes that do not parse. */
  receive(socket: RoomSocket, update: Uint8Array): void {
    const member = this.members.get(socket);
    if (!member) return;
    // y-websocket clients re-send every presence change they receive (their awareness "update" handler
    // broadcasts remote changes too): an entry no newer than what the server holds is such an echo,
    // harmless and ignored without counting against the sender.
    const fresh = decodePresenceEntries(update).filter(
      (e) => e.clock > (this.awareness.meta.get(e.clientId)?.clock ?? -1) || this.owners.get(e.clientId) === socket,
    );
    if (fresh.length === 0) return;
    if (!member.budget.take(Date.now())) {
      this.onDrop(socket, "PRESENCE_RATE", `More than ${PRESENCE_LIMITS.ratePerSecond} presence updates a second.`);
      return;
    }
    const kept: PresenceEntry[] = [];
    for (const entry of fresh) {
      const stamped = this.admit(socket, member, entry);
      if (stamped) kept.push(stamped);
    }
    if (kept.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodePresenceEntries(kept), socket);
  }

  private admit(socket: RoomSocket, member: PresenceMember, entry: PresenceEntry): PresenceEntry | null {
    const owner = this.owners.get(entry.clientId);
    if (owner !== undefined && owner !== socket) {
      this.onDrop(
        socket,
        "PRESENCE_NOT_YOURS",
        `Presence for client ${entry.clientId}, which another connection owns.`,
      );
      return null;
    }
    if (entry.json === "null") return owner === socket ? entry : null;
    if (owner === undefined && member.clientIds.size >= PRESENCE_LIMITS.clientIdsPerConnection) {
      this.onDrop(socket, "PRESENCE_TOO_MANY_IDS", "A connection may publish presence for a few client ids only.");
      return null;
    }
    if (Buffer.byteLength(entry.json) > PRESENCE_LIMITS.stateBytes) {
      this.onDrop(socket, "PRESENCE_TOO_LARGE", `A presence state is at most ${PRESENCE_LIMITS.stateBytes} bytes.`);
      return null;
    }
    let state: unknown;
    try {
      state = JSON.parse(entry.json);
    } catch {
      state = undefined;
    }
    if (typeof state !== "object" || state === null || Array.isArray(state)) {
      this.onDrop(socket, "PRESENCE_MALFORMED", "A presence state is a JSON object.");
      return null;
    }
    if (owner === undefined) {
      this.owners.set(entry.clientId, socket);
      member.clientIds.add(entry.clientId);
    }
    return { ...entry, json: JSON.stringify({ ...state, user: publicIdentity(member.identity) }) };
  }

  /** A connection's verified identity changed (joined as a member, renamed, role changed): restamp its states. */
  setIdentity(socket: RoomSocket, identity: ConnectionIdentity): void {
    const member = this.members.get(socket);
    if (!member) return;
    member.identity = identity;
    const changed: number[] = [];
    for (const id of member.clientIds) {
      const state = this.awareness.states.get(id);
      const meta = this.awareness.meta.get(id);
      if (!state || !meta) continue;
      this.awareness.states.set(id, { ...state, user: publicIdentity(identity) });
      // A higher clock makes every client take the restamped state, the owner's own client included.
      this.awareness.meta.set(id, { clock: meta.clock + 1, lastUpdated: Date.now() });
      changed.push(id);
    }
    if (changed.length > 0) this.awareness.emit("update", [{ added: [], updated: changed, removed: [] }, "server"]);
  }

  identityOf(socket: RoomSocket): ConnectionIdentity | null {
    return this.members.get(socket)?.identity ?? null;
  }

  /** Records a drop for `socket`; true when it crossed the abuse threshold. */
  countDrop(socket: RoomSocket): boolean {
    return this.members.get(socket)?.budget.dropped(Date.now()) ?? false;
  }

  destroy(): void {
    this.awareness.destroy();
  }
}

function publicIdentity(identity: ConnectionIdentity): PresenceIdentity {
  return { userId: identity.userId, name: identity.name, color: colorForUser(identity.userId), role: identity.role };
}
