import { z } from "zod";
import { Role } from "./roles";
import type { ErrorPayload } from "./errors";
import { SessionId, ShareToken } from "./ids";
import { MemberSecret } from "./review";

/**
 * socket.io protocol. Version 2 adds takes (./takes.ts): recorded audio streamed, acknowledged and relayed.
 * The client emits `hello` right after connecting; the server answers `hello` or `error`.
 * Nothing else is accepted before a successful hello. Every event, both ways, is declared in ./socket-events.ts.
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

/**
 * A hello from another protocol version is refused before its shape is checked (a newer page may send fields this
 * server does not know), with a message that says which side to update. Null when the version is ours or absent.
 */
export function protocolVersionRefusal(raw: unknown): ErrorPayload | null {
  const version = (raw as { protocolVersion?: unknown } | null)?.protocolVersion;
  if (typeof version !== "number" || version === PROTOCOL_VERSION) return null;
  return {
    code: "PROTOCOL_VERSION_MISMATCH",
    message:
      version < PROTOCOL_VERSION
        ? "This page is older than the server: reload the page."
        : "The server is older than this page: ask the host to update Bandspace.",
  };
}
