import { z } from "zod";
import { Role } from "./roles";
import { ErrorPayload } from "./errors";
import { SessionId, ShareToken } from "./ids";

/**
 * socket.io protocol (audio-chunk relay and takes arrive in later versions).
 * The client emits `hello` right after connecting; the server answers `hello` or `error`.
 * Nothing else is accepted before a successful hello.
 */
export const PROTOCOL_VERSION = 1;

export const HelloRequest = z.object({
  protocolVersion: z.number().int().positive(),
  sessionId: SessionId,
  token: ShareToken,
});
export type HelloRequest = z.infer<typeof HelloRequest>;

export const HelloReply = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  sessionId: SessionId,
  role: Role,
  linkId: z.string(),
});
export type HelloReply = z.infer<typeof HelloReply>;

export interface ServerToClientEvents {
  hello: (reply: HelloReply) => void;
  error: (error: ErrorPayload) => void;
}

export interface ClientToServerEvents {
  hello: (request: unknown) => void;
}
