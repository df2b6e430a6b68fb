import type { Server, Socket } from "socket.io";
import {
  BandspaceError,
  CLIENT_EVENT_NAMES,
  GREETING_EVENT,
  clientEventSpec,
  isClientEvent,
  parseClientEvent,
  type ClientEventHandler,
  type ClientEventHandlers,
  type ClientEventName,
  type ClientToServerEvents,
  type ErrorPayload,
  type ServerToClientEvents,
} from "@bandspace/protocol";
import type { Principal } from "../auth/authenticate";
import { log } from "../log";

/** What the server keeps per connection: the principal, set once the greeting (hello) succeeded. */
export interface SocketData {
  principal?: Principal;
}
export type BandServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type BandSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type Ack = (reply: unknown) => void;
type Listener = (raw: unknown, ack?: unknown) => void;

/**
 * Registers every client event of the protocol's table on a new connection, with the rules the table declares:
 * the greeting is read once and must come first and within `greetingTimeoutMs`; every payload is validated
 * before its handler runs; acknowledged events are answered through their ack (success or `{ ok: false, error }`),
 * the others refused by the `error` event and a disconnect. A handler's BandspaceError reaches the client as is;
 * anything else is logged and answered INTERNAL with the handler's own message.
 */
export function registerClientEvents(
  socket: BandSocket,
  handlers: ClientEventHandlers<BandSocket>,
  greetingTimeoutMs: number,
): void {
  const close = (error: ErrorPayload) => {
    socket.emit("error", error);
    socket.disconnect(true);
  };
  const greetingTimer = setTimeout(
    () => close({ code: "BAD_REQUEST", message: `No ${GREETING_EVENT} received: update or reload the page.` }),
    greetingTimeoutMs,
  );
  socket.on("disconnect", () => clearTimeout(greetingTimer));

  // onAny runs before the event's own listener, which socket.io skips once the socket is disconnected.
  socket.onAny((event: string) => {
    if (isClientEvent(event) && clientEventSpec(event).greeting) clearTimeout(greetingTimer);
    else if (!socket.data.principal) {
      close({ code: "BAD_REQUEST", message: `"${event}" before ${GREETING_EVENT}: say ${GREETING_EVENT} first.` });
    }
  });

  for (const event of CLIENT_EVENT_NAMES) {
    const handler = handlers[event] as ClientEventHandler<ClientEventName, BandSocket>;
    const listener: Listener = (raw, ack) => void dispatch(socket, event, handler, raw, ack, close);
    // socket.io's typed `on` wants each event's own listener type; the payload is read as unknown on purpose.
    const untyped = socket as unknown as {
      on: (e: string, l: Listener) => void;
      once: (e: string, l: Listener) => void;
    };
    if (clientEventSpec(event).greeting) untyped.once(event, listener);
    else untyped.on(event, listener);
  }
}

async function dispatch(
  socket: BandSocket,
  event: ClientEventName,
  handler: ClientEventHandler<ClientEventName, BandSocket>,
  raw: unknown,
  ack: unknown,
  close: (error: ErrorPayload) => void,
): Promise<void> {
  const spec = clientEventSpec(event);
  if (!spec.greeting && !socket.data.principal) return; // refused by the onAny gate above
  const acked = spec.reply !== undefined;
  // A client that omits the ack of an acknowledged event gets no answer, and no crash.
  const answer: Ack = typeof ack === "function" ? (ack as Ack) : () => {};
  const refuse = (error: ErrorPayload) => (acked ? answer({ ok: false, error }) : close(error));

  const parsed = parseClientEvent(event, raw);
  if (!parsed.ok) return refuse(parsed.error);
  try {
    const result = await handler.handle(socket, parsed.payload);
    if (acked) answer(result);
  } catch (err) {
    if (err instanceof BandspaceError) return refuse(err.toPayload());
    log.error("socket event failed", { event, err: String(err) });
    refuse({ code: "INTERNAL", message: handler.internalError });
  }
}
