import type { z } from "zod";
import { ErrorPayload } from "./errors";
import { ExportDeleted, SavedExportView } from "./exports";
import { VersionEvent } from "./review";
import { HelloReply, HelloRequest, RoleChanged, protocolVersionRefusal } from "./socket";
import {
  TakeAbortedRelay,
  TakeAbortReply,
  TakeAbortRequest,
  TakeChunkRelay,
  TakeChunkReply,
  TakeChunkRequest,
  TakeEndReply,
  TakeEndRequest,
  TakeInfo,
  TakeStartReply,
  TakeStartRequest,
} from "./takes";

/**
 * Every socket.io event, declared once. The server registers, validates and answers client events from
 * CLIENT_EVENTS; both ends' typed event maps (ClientToServerEvents, ServerToClientEvents) are derived from these
 * two tables, so a new event is one line here plus its handler on the server.
 */

/** How one client event is read and answered. */
export interface ClientEventSpec {
  /** What the server accepts; anything else is refused with MALFORMED_MESSAGE before a handler sees it. */
  readonly payload: z.ZodType;
  /**
   * The acknowledgement's shape, `{ ok: true, … }` or the refusal `{ ok: false, error }`. An event without one is
   * answered by server events instead, and refused by the `error` event followed by a disconnect.
   */
  readonly reply?: z.ZodType;
  /**
   * The event that opens a connection: only the first one is read, nothing else is read before it succeeds, and a
   * client that does not send it in time is disconnected.
   */
  readonly greeting?: true;
  /** A refusal decided before the schema is applied (a hello from another protocol version). */
  readonly precheck?: (raw: unknown) => ErrorPayload | null;
}

export const CLIENT_EVENTS = {
  hello: { payload: HelloRequest, greeting: true, precheck: protocolVersionRefusal },
  "take:start": { payload: TakeStartRequest, reply: TakeStartReply },
  "take:chunk": { payload: TakeChunkRequest, reply: TakeChunkReply },
  "take:end": { payload: TakeEndRequest, reply: TakeEndReply },
  "take:abort": { payload: TakeAbortRequest, reply: TakeAbortReply },
} as const satisfies Record<string, ClientEventSpec>;

/** What the server sends: its own answers (hello, error, role) and what it relays to a session's members. */
export const SERVER_EVENTS = {
  hello: HelloReply,
  error: ErrorPayload,
  /** The owner changed this member's role: the connection now has it. */
  role: RoleChanged,
  version: VersionEvent,
  /** A member saved an export to the session (the Exports panel adds it). */
  "export-saved": SavedExportView,
  /** An export was deleted by its maker or the owner. */
  "export-deleted": ExportDeleted,
  "take:started": TakeInfo,
  "take:chunk": TakeChunkRelay,
  "take:ended": TakeInfo,
  "take:aborted": TakeAbortedRelay,
} as const satisfies Record<string, z.ZodType>;

type ClientEvents = typeof CLIENT_EVENTS;
type ServerEvents = typeof SERVER_EVENTS;

export type ClientEventName = keyof ClientEvents;
export const CLIENT_EVENT_NAMES = Object.keys(CLIENT_EVENTS) as ClientEventName[];
export type ServerEventName = keyof ServerEvents;

/** The client events answered through an acknowledgement. */
export type AckedClientEventName = {
  [E in ClientEventName]: ClientEvents[E] extends { reply: z.ZodType } ? E : never;
}[ClientEventName];
/** A client event's payload after validation. */
export type ClientEventPayload<E extends ClientEventName> = z.output<ClientEvents[E]["payload"]>;
/** An acknowledged event's reply, success or refusal. */
export type ClientEventReply<E extends AckedClientEventName> = ClientEvents[E] extends {
  reply: infer R extends z.ZodType;
}
  ? z.output<R>
  : never;
/** What a handler resolves with: the success variant of the reply, or nothing for an event without one. */
export type ClientEventSuccess<E extends ClientEventName> = E extends AckedClientEventName
  ? Extract<ClientEventReply<E>, { ok: true }>
  : void;

/** socket.io's map of what a client emits (the client's emit types; the server reads payloads as unknown). */
export type ClientToServerEvents = {
  [E in ClientEventName]: ClientEvents[E] extends { reply: infer R extends z.ZodType }
    ? (payload: z.input<ClientEvents[E]["payload"]>, ack: (reply: z.output<R>) => void) => void
    : (payload: z.input<ClientEvents[E]["payload"]>) => void;
};

/** socket.io's map of what the server emits. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: z.output<ServerEvents[E]>) => void;
};

/** The server's handling of one client event, called with a validated payload only. */
export interface ClientEventHandler<E extends ClientEventName, Source> {
  /** Resolves with the success; refuses by throwing a BandspaceError (its code and message reach the client). */
  handle: (source: Source, payload: ClientEventPayload<E>) => Promise<ClientEventSuccess<E>>;
  /** What a person reads when the handler fails unexpectedly (code INTERNAL; the cause is only logged). */
  internalError: string;
}

/** One handler per client event: a missing one is a type error where the table of handlers is built. */
export type ClientEventHandlers<Source> = { [E in ClientEventName]: ClientEventHandler<E, Source> };

export function isClientEvent(name: string): name is ClientEventName {
  return Object.hasOwn(CLIENT_EVENTS, name);
}

/** An event's declaration, typed as the common shape (the table itself keeps each entry's own schemas). */
export function clientEventSpec(event: ClientEventName): ClientEventSpec {
  return CLIENT_EVENTS[event];
}

/** The event a connection must open with (the one entry marked `greeting`). */
export const GREETING_EVENT = CLIENT_EVENT_NAMES.find((e) => clientEventSpec(e).greeting)!;

/** How many schema issues a MALFORMED_MESSAGE names (the first few say enough to fix the sender). */
const ISSUES_SHOWN = 3;

/**
 * Reads an inbound payload against its event's declaration: the precheck, then the schema. A refusal carries the
 * code and a message naming the fields at fault (`Invalid take:start: channels: …`).
 */
export function parseClientEvent<E extends ClientEventName>(
  event: E,
  raw: unknown,
): { ok: true; payload: ClientEventPayload<E> } | { ok: false; error: ErrorPayload } {
  const spec = clientEventSpec(event);
  const refusal = spec.precheck?.(raw);
  if (refusal) return { ok: false, error: refusal };
  const parsed = spec.payload.safeParse(raw);
  if (parsed.success) return { ok: true, payload: parsed.data as ClientEventPayload<E> };
  const detail = parsed.error.issues
    .slice(0, ISSUES_SHOWN)
    .map((i) => `${i.path.join(".") || "payload"}: ${i.message}`)
    .join("; ");
  return { ok: false, error: { code: "MALFORMED_MESSAGE", message: `Invalid ${event}: ${detail}` } };
}
