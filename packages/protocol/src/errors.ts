import { z } from "zod";

/** Every error that crosses a trust boundary carries one of these codes and a message a person can act on. */
export const ErrorCode = z.enum([
  "BAD_REQUEST",
  "MALFORMED_MESSAGE",
  "INVALID_TOKEN",
  "LINK_REVOKED",
  "LINK_EXPIRED",
  "SESSION_NOT_FOUND",
  "NOT_FOUND",
  "ROLE_FORBIDDEN",
  "PROTOCOL_VERSION_MISMATCH",
  "PAYLOAD_TOO_LARGE",
  "INTERNAL",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorPayload = z.object({ code: ErrorCode, message: z.string() });
export type ErrorPayload = z.infer<typeof ErrorPayload>;

/** HTTP error bodies: `{ error: { code, message } }`. */
export const ErrorBody = z.object({ error: ErrorPayload });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  MALFORMED_MESSAGE: 400,
  INVALID_TOKEN: 401,
  LINK_REVOKED: 401,
  LINK_EXPIRED: 401,
  SESSION_NOT_FOUND: 404,
  NOT_FOUND: 404,
  ROLE_FORBIDDEN: 403,
  PROTOCOL_VERSION_MISMATCH: 426,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
};

/** A typed error value for code paths that throw across layers; converted to ErrorPayload at the edge. */
export class BandspaceError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = "BandspaceError";
  }
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}
