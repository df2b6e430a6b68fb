import type { IncomingMessage } from "node:http";

/** Forget a socket.io session this long after its last request (its client has long reconnected by then). */
const IDLE_MS = 120_000;

/**
 * Which backend owns each socket.io (engine.io) session. Long-polling is a series of HTTP requests carrying
 * `?sid=…`; only the node that answered the handshake knows that sid, so its requests (and the WebSocket
 * upgrade that follows them) must all reach it. The sid is read from the handshake answer, which starts with
 * engine.io's "open" packet: `0{"sid":"…",…}`.
 */
export class SocketIoStickiness {
  private readonly owners = new Map<string, { backend: string; seen: number }>();
  private readonly sweep = setInterval(() => this.forgetIdle(), IDLE_MS / 4);

  constructor() {
    this.sweep.unref();
  }

  /** A request to the socket.io path without a session: a new handshake. */
  isHandshake(url: string): boolean {
    const { pathname, searchParams } = new URL(url, "http://lb");
    return (
      pathname.startsWith("/socket.io/") && !searchParams.has("sid") && searchParams.get("transport") === "polling"
    );
  }

  /** The backend that owns this request's session, if it has one. */
  backendFor(url: string): string | undefined {
    const { pathname, searchParams } = new URL(url, "http://lb");
    if (!pathname.startsWith("/socket.io/")) return undefined;
    const sid = searchParams.get("sid");
    if (!sid) return undefined;
    const owner = this.owners.get(sid);
    if (owner) owner.seen = Date.now();
    return owner?.backend;
  }

  /** Reads the sid from the start of a handshake answer as it streams past (the body itself is untouched). */
  learn(response: IncomingMessage, backend: string): void {
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const m = /"sid":"([^"]{1,64})"/.exec(head);
      if (m) {
        this.owners.set(m[1], { backend, seen: Date.now() });
        response.off("data", onData);
      } else if (head.length > 4096) response.off("data", onData);
    };
    response.on("data", onData);
  }

  get size(): number {
    return this.owners.size;
  }

  private forgetIdle(): void {
    const cutoff = Date.now() - IDLE_MS;
    for (const [sid, o] of this.owners) if (o.seen < cutoff) this.owners.delete(sid);
  }

  close(): void {
    clearInterval(this.sweep);
  }
}
