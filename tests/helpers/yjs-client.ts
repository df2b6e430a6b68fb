import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import * as authProtocol from "y-protocols/auth";
import { WebsocketProvider } from "y-websocket";
import WebSocket from "ws";
import { YMessageType, isYjsWriteMessage, yjsRoomName, type DocKind } from "@bandspace/protocol";

/** A `ws` WebSocket that counts the write messages it sends (for the exact "persisted" check). */
class CountingWebSocket extends WebSocket {
  writesSent = 0;
  override send(data: unknown, ...rest: unknown[]): void {
    if (data instanceof Uint8Array && isYjsWriteMessage(data)) this.writesSent += 1;
    (super.send as (...a: unknown[]) => void)(data, ...rest);
  }
}

/** A real y-websocket client in Node, instrumented for tests. */
export interface TestYClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Reasons of every "permission denied" auth message received. */
  denied: string[];
  /** The last state vector the server said it stored durably. */
  persisted: Map<number, number>;
  /** Resolves with the terminal close (4400–4499) if the server sends one. */
  closed: Promise<{ code: number; reason: string }>;
  synced: () => Promise<void>;
  /** Resolves when the server acknowledged (durably stored) every write message this client sent on its socket. */
  acknowledged: (timeoutMs?: number) => Promise<void>;
  destroy: () => void;
}

export function connectYClient(opts: {
  baseUrl: string;
  sessionId: string;
  token: string;
  doc?: DocKind;
  ydoc?: Y.Doc;
  connect?: boolean;
  /** Member secret (sent as ?member=…) so the owner's role override for that member applies. */
  member?: string;
}): TestYClient {
  const doc = opts.ydoc ?? new Y.Doc();
  const provider = new WebsocketProvider(
    opts.baseUrl.replace(/^http/, "ws") + "/yjs",
    yjsRoomName(opts.sessionId, opts.doc ?? "song"),
    doc,
    {
      WebSocketPolyfill: CountingWebSocket as never,
      disableBc: true,
      params: { token: opts.token, ...(opts.member ? { member: opts.member } : {}) },
      connect: opts.connect ?? true,
    },
  );
  const denied: string[] = [];
  const persisted = new Map<number, number>();
  // Acknowledged write count per socket (a reconnect starts a new count on both ends).
  const acked = new WeakMap<object, number>();
  const handlers = provider.messageHandlers as unknown as Array<(...args: unknown[]) => void>;
  handlers[YMessageType.auth] = (_e: unknown, decoder: unknown) => {
    authProtocol.readAuthMessage(decoder as decoding.Decoder, doc, (_d, reason) => denied.push(reason));
  };
  handlers[YMessageType.persisted] = (_e: unknown, decoder: unknown) => {
    const d = decoder as decoding.Decoder;
    const sv = Y.decodeStateVector(decoding.readVarUint8Array(d));
    for (const [client, clock] of sv) persisted.set(client, clock);
    if (provider.ws) acked.set(provider.ws, decoding.readVarUint(d));
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on("closed" as never, ((event: { code: number; reason: string }) => resolve(event)) as never);
  });
  return {
    doc,
    provider,
    denied,
    persisted,
    closed,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const on = (s: boolean) => {
              if (s) {
                provider.off("sync", on);
                resolve();
              }
            };
            provider.on("sync", on);
          }),
    acknowledged: (timeoutMs = 5000) =>
      waitFor(
        () => {
          const ws = provider.ws as CountingWebSocket | null;
          return !!ws && provider.synced && (acked.get(ws) ?? 0) >= ws.writesSent;
        },
        timeoutMs,
        "server acknowledgement",
      ),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls `check` until it is true; rejects with a message naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves after `ms`; used to show that something did NOT happen within a window. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
