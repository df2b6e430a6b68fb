import { z } from "zod";
import { Role } from "./roles";
import { ErrorPayload } from "./errors";
import { SessionId, ShareToken } from "./ids";
import type { TakeClientToServerEvents, TakeServerToClientEvents } from "./takes";
import { MemberSecret, type VersionEvent } from "./review";

/**
 * socket.io protocol. Version 2 adds takes (./takes.ts): recorded audio streamed, acknowledged and relayed.
 * The client emits `hello` right after connecting; the server answers `hello` or `error`.
 * Nothing else is accepted before a successful hello.
 */
export const PROTOCOL_VERSION = 2;

export const HelloRequest = z.object({
  protocolVersion: z.number().int().positive(),
  sessionId: SessionId,
  token: ShareToken,
  /** The browser's member secret (review.ts): the owner's role override for this person applies. */
  member: MemberSecret.optional(),
});
export type HelloRequest = z.infer<typeof HelloRequest>;

export const HelloReply = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  sessionId: SessionId,
  role: Role,
  linkId: z.string(),
});
export type HelloReply = z.infer<typeof HelloReply>;

/** Sent when the owner changes this member's role: the connection now has `role`. */
export const RoleChanged = z.object({ role: Role });
export type RoleChanged = z.infer<typeof RoleChanged>;

export interface ServerToClientEvents extends TakeServerToClientEvents {
  hello: (reply: HelloReply) => void;
  role: (change: RoleChanged) => void;
  version: (event: VersionEvent) => void;
  error: (error: ErrorPayload) => void;
}

export interface ClientToServerEvents extends TakeClientToServerEvents {
  hello: (request: unknown) => void;
}
