import type { Role } from "@bandspace/protocol";

/**
 * Every open connection (Yjs websocket or socket.io) registered under the share link it authenticated
 * with — and the member, when it sent a member secret — so revoking a link closes all of them at once,
 * a link's expiry closes them when it passes, and the owner changing a member's role changes what that
 * member's open connections may do at once.
 *
 * A link revoked in this process is remembered, and registering under it is refused: that closes the
 * window in which a connection read the link from the database just before the revocation was stored
 * and registers just after the revocation closed everything.
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

export class LiveConnections {
  private readonly byLink = new Map<string, Set<Entry>>();
  private readonly byMember = new Map<string, Set<Entry>>();
  private readonly revoked = new Set<string>();

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

  /** Marks the link revoked and closes every connection of it; returns how many there were. */
  revokeLink(linkId: string, reason: string): number {
    this.revoked.add(linkId);
    const set = this.byLink.get(linkId);
    if (!set) return 0;
    const entries = [...set];
    for (const e of entries) this.forget(linkId, e);
    for (const e of entries) e.close(reason);
    return entries.length;
  }

  /** Applies a member's new effective role to each of their open connections; returns how many. */
  changeMemberRole(memberKey: string, role: Role): number {
    const set = this.byMember.get(memberKey);
    if (!set) return 0;
    for (const e of [...set]) e.options.onRoleChange?.(role);
    return set.size;
  }

  /** Tells each of a member's open connections who they are now (registration, new display name). */
  memberJoined(memberKey: string, member: { memberId: string; name: string }): number {
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
