import { randomBytes } from "node:crypto";
import type { BusHandler, Cluster, ClusterBus, Lease, LeaseStore } from "./cluster";

/**
 * The default cluster: this process alone (REDIS_URL unset), so nothing crosses a process boundary.
 * Nodes created on one InProcessHub do reach each other, which lets tests run several nodes in memory.
 */
export class InProcessHub {
  readonly subscribers = new Map<string, Set<{ nodeId: string; handler: BusHandler }>>();
  readonly leases = new Map<string, { token: string; expiresAt: number }>();
}

export class InProcessBus implements ClusterBus {
  readonly nodeId: string;
  readonly lossy = false;
  private readonly own = new Set<() => void>();

  constructor(
    private readonly hub: InProcessHub,
    nodeId: string,
  ) {
    this.nodeId = `${nodeId}#${randomBytes(4).toString("hex")}`;
  }

  publish(channel: string, payload: Uint8Array): void {
    const subs = this.hub.subscribers.get(channel);
    if (!subs) return;
    // Asynchronous like a real bus: a sender never re-enters its own code through a receiver.
    for (const s of subs) if (s.nodeId !== this.nodeId) queueMicrotask(() => s.handler(payload));
  }

  subscribe(channel: string, handler: BusHandler): Promise<() => void> {
    let subs = this.hub.subscribers.get(channel);
    if (!subs) this.hub.subscribers.set(channel, (subs = new Set()));
    const entry = { nodeId: this.nodeId, handler };
    subs.add(entry);
    const unsubscribe = () => {
      this.own.delete(unsubscribe);
      subs.delete(entry);
      if (subs.size === 0 && this.hub.subscribers.get(channel) === subs) this.hub.subscribers.delete(channel);
    };
    this.own.add(unsubscribe);
    return Promise.resolve(unsubscribe);
  }

  onReconnect(): () => void {
    return () => {}; // never disconnects
  }

  close(): Promise<void> {
    for (const u of [...this.own]) u();
    return Promise.resolve();
  }
}

export class InProcessLeases implements LeaseStore {
  constructor(private readonly hub: InProcessHub) {}

  acquire(name: string, ttlMs: number): Promise<Lease | null> {
    const now = Date.now();
    const held = this.hub.leases.get(name);
    if (held && held.expiresAt > now) return Promise.resolve(null);
    const token = randomBytes(8).toString("hex");
    this.hub.leases.set(name, { token, expiresAt: now + ttlMs });
    return Promise.resolve({
      release: () => {
        if (this.hub.leases.get(name)?.token === token) this.hub.leases.delete(name);
        return Promise.resolve();
      },
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function inProcessCluster(nodeId: string, hub = new InProcessHub()): Cluster {
  const bus = new InProcessBus(hub, nodeId);
  const leases = new InProcessLeases(hub);
  return { bus, leases, kind: "in-process", close: () => bus.close() };
}
