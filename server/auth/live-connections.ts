/**
 * Every open connection (Yjs websocket or socket.io) registered under the share link it authenticated
 * with, so revoking a link closes all of them at once.
 *
 * A link revoked in this process is remembered, and registering under it is refused: that closes the
 * window in which a connection read the link from the database just before the revocation was stored
 * and registers just after the revocation closed everything.
 */
export type CloseConnection = (reason: string) => void;

export class LiveConnections {
  private readonly byLink = new Map<string, Set<CloseConnection>>();
  private readonly revoked = new Set<string>();

  /** Returns the unregister function, or null when the link has been revoked. */
  register(linkId: string, close: CloseConnection): (() => void) | null {
    if (this.revoked.has(linkId)) return null;
    let set = this.byLink.get(linkId);
    if (!set) this.byLink.set(linkId, (set = new Set()));
    set.add(close);
    return () => {
      const s = this.byLink.get(linkId);
      if (!s) return;
      s.delete(close);
      if (s.size === 0) this.byLink.delete(linkId);
    };
  }

  /** Marks the link revoked and closes every connection of it; returns how many there were. */
  revokeLink(linkId: string, reason: string): number {
    this.revoked.add(linkId);
    const set = this.byLink.get(linkId);
    if (!set) return 0;
    this.byLink.delete(linkId);
    for (const close of set) close(reason);
    return set.size;
  }

  count(linkId: string): number {
    return this.byLink.get(linkId)?.size ?? 0;
  }
}
