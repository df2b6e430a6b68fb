import { z } from "zod";
import { Role } from "@bandspace/protocol";
import type { ClusterBus } from "../cluster/cluster";
import { log } from "../log";

/**
 * Every open connection (Yjs websocket or socket.io) registered under the share link it authenticated
 * with — and the member, when it sent a member secret — so revoking a link closes all of them at once,
 * a link's expiry closes them when it passes, and the owner changing a member's role changes what that
 * member's open connections may do at once.
 *
 * A link revoked in this process is remembered, and registering under it is refused: that closes the
 * window in which a connection read the link from the database just before the revocation was stored
 * and registers just after the revocation closed everything.
 *
 * With several nodes (issue #21) each node holds its own connections: every revocation, role change and
 * join is also published on the cluster bus, and each node applies what the others publish to its own.
 */
export type CloseConnection = (reason: string) => void;

export interface LiveConnectionOptions {
  /** sessionId:sha256(member secret) — see liveMemberKey. */
  memberKey?: string | null;
  /** The link's expiry: the connection is closed (LINK_EXPIRED) when it passes. */
  expiresAt?: Date | null;
  onExpired?: CloseConnection;
  /** Called with the new effective role when the owner changes this member's role. */
  onRoleChange?: (role: Role) => void;
  /** Called when the person behind this connection registers as a member (or renames themselves). */
  onMemberJoined?: (member: { memberId: string; name: string }) => void;
}

interface Entry {
  close: CloseConnection;
  options: LiveConnectionOptions;
  expiryTimer: NodeJS.Timeout | null;
}

/** setTimeout's limit (≈ 24.8 days); links expiring later are checked again when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What nodes tell each other about connections; validated like any message that crosses a process. */
const LiveEvent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("revoke"), linkId: z.string().min(1).max(64), reason: z.string().max(500) }),
  z.object({ kind: z.literal("role"), memberKey: z.string().min(1).max(200), role: Role }),
  z.object({
    kind: z.literal("joined"),
    memberKey: z.string().min(1).max(200),
    member: z.object({ memberId: z.string().min(1).max(64), name: z.string().max(200) }),
  }),
]);
type LiveEvent = z.infer<typeof LiveEvent>;

const LIVE_CHANNEL = "live";

export class LiveConnections {
  private readonly byLink = new Map<string, Set<Entry>>();
  private readonly byMember = new Map<string, Set<Entry>>();
  private readonly revoked = new Set<string>();
  private bus: ClusterBus | null = null;
  private unsubscribe: () => void = () => {};

  /** Joins the cluster: events published here reach the other nodes, theirs are applied here. */
  async connect(bus: ClusterBus): Promise<void> {
    this.bus = bus;
    this.unsubscribe = await bus.subscribe(LIVE_CHANNEL, (payload) => this.fromCluster(payload));
  }

  disconnect(): void {
    this.unsubscribe();
    this.bus = null;
  }

  private publish(event: LiveEvent): void {
    this.bus?.publish(LIVE_CHANNEL, Buffer.from(JSON.stringify(event)));
  }

  private fromCluster(payload: Uint8Array): void {
    let event: LiveEvent;
    try {
      event = LiveEvent.parse(JSON.parse(Buffer.from(payload).toString("utf8")));
    } catch (err) {
      log.error("unreadable connection event from another node", { err: String(err) });
      return;
    }
    if (event.kind === "revoke") this.revokeLocal(event.linkId, event.reason);
    else if (event.kind === "role") this.changeRoleLocal(event.memberKey, event.role);
    else this.memberJoinedLocal(event.memberKey, event.member);
  }

  /** Returns the unregister function, or null when the link has been revoked. */
  register(linkId: string, close: CloseConnection, options: LiveConnectionOptions = {}): (() => void) | null {
    if (this.revoked.has(linkId)) return null;
    const entry: Entry = { close, options, expiryTimer: null };
    addTo(this.byLink, linkId, entry);
    if (options.memberKey) addTo(this.byMember, options.memberKey, entry);
    if (options.expiresAt) this.armExpiry(entry, options.expiresAt);
    return () => this.forget(linkId, entry);
  }

  private armExpiry(entry: Entry, expiresAt: Date): void {
    const delay = expiresAt.getTime() - Date.now();
    entry.expiryTimer = setTimeout(
      () => {
        if (expiresAt.getTime() > Date.now()) return this.armExpiry(entry, expiresAt);
        (entry.options.onExpired ?? entry.close)("This share link has expired. Ask the session owner for a new one.");
      },
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
    entry.expiryTimer.unref();
  }

  private forget(linkId: string, entry: Entry): void {
    if (entry.expiryTimer) clearTimeout(entry.expiryTimer);
    removeFrom(this.byLink, linkId, entry);
    if (entry.options.memberKey) removeFrom(this.byMember, entry.options.memberKey, entry);
  }

  /**
   * Marks the link revoked and closes every connection of it, on every node; returns how many there were
   * on this one.
   */
  revokeLink(linkId: string, reason: string): number {
    this.publish({ kind: "revoke", linkId, reason });
    return this.revokeLocal(linkId, reason);
  }

  private revokeLocal(linkId: string, reason: string): number {
    this.revoked.add(linkId);
    const set = this.byLink.get(linkId);
    if (!set) return 0;
    const entries = [...set];
    for (const e of entries) this.forget(linkId, e);
    for (const e of entries) e.close(reason);
    return entries.length;
  }

  /** Applies a member's new effective role to each of their open connections (every node); returns how many here. */
  changeMemberRole(memberKey: string, role: Role): number {
    this.publish({ kind: "role", memberKey, role });
    return this.changeRoleLocal(memberKey, role);
  }

  private changeRoleLocal(memberKey: string, role: Role): number {
    const set = this.byMember.get(memberKey);
    if (!set) return 0;
    for (const e of [...set]) e.options.onRoleChange?.(role);
    return set.size;
  }

  /** Tells each of a member's open connections who they are now (registration, new display name). */
  memberJoined(memberKey: string, member: { memberId: string; name: string }): number {
    this.publish({ kind: "joined", memberKey, member });
    return this.memberJoinedLocal(memberKey, member);
  }

  private memberJoinedLocal(memberKey: string, member: { memberId: string; name: string }): number {
    const set = this.byMember.get(memberKey);
    if (!set) return 0;
    for (const e of [...set]) e.options.onMemberJoined?.(member);
    return set.size;
  }

  count(linkId: string): number {
    return this.byLink.get(linkId)?.size ?? 0;
  }

  memberCount(memberKey: string): number {
    return this.byMember.get(memberKey)?.size ?? 0;
  }
}

function addTo<K>(map: Map<K, Set<Entry>>, key: K, entry: Entry): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(entry);
}

function removeFrom<K>(map: Map<K, Set<Entry>>, key: K, entry: Entry): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(entry);
  if (set.size === 0) map.delete(key);
}
