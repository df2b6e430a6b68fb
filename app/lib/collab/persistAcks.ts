import { isYjsWriteMessage } from "@bandspace/protocol";
import type { WebsocketProvider } from "y-websocket";

/**
 * A browser WebSocket that counts the Yjs write messages (sync step 2 / update) it sends, so the
 * server's acknowledgements (message 100: "this many of your write messages are durable") can be
 * compared with what this socket sent. Created lazily: WebSocket exists only in the browser.
 */
export interface CountingSocket extends WebSocket {
  writesSent: number;
}

let countingSocketClass: typeof WebSocket | null = null;

export function countingWebSocketClass(): typeof WebSocket {
  countingSocketClass ??= class extends WebSocket {
    writesSent = 0;
    override send(data: Parameters<WebSocket["send"]>[0]): void {
      if (data instanceof Uint8Array && isYjsWriteMessage(data)) this.writesSent += 1;
      super.send(data);
    }
  };
  return countingSocketClass;
}

/**
 * Knows whether every edit this client sent on its current socket is durably stored. Exact for
 * insertions and deletions alike, because it counts messages rather than comparing state vectors.
 * A reconnect starts a new socket, and the edits made offline travel in its first sync step 2.
 */
export class PersistAcks {
  private readonly acked = new WeakMap<object, number>();

  constructor(private readonly provider: WebsocketProvider) {}

  /** A type-100 message: `writeCount` of this socket's write messages are durable. */
  noteStored(writeCount: number): void {
    const ws = this.provider.ws;
    if (ws) this.acked.set(ws, Math.max(writeCount, this.acked.get(ws) ?? 0));
  }

  /** True while some write message sent on the current socket is not known to be stored. */
  get pending(): boolean {
    const ws = this.provider.ws as CountingSocket | null;
    if (!ws) return true;
    return (this.acked.get(ws) ?? 0) < ws.writesSent;
  }
}
