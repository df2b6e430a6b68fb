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
  "TAKE_NOT_FOUND",
  "TAKE_ALREADY_ENDED",
  "TAKE_CHUNK_OUT_OF_ORDER",
  "TAKE_CHUNK_CONFLICT",
  "TAKE_CHUNK_TOO_LARGE",
  "TAKE_BAD_FORMAT",
  "TAKE_TOO_LONG",
  "TAKE_INCOMPLETE",
  "TAKE_TOO_MANY",
  "EXPORT_BAD_FORMAT",
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
  TAKE_NOT_FOUND: 404,
  TAKE_ALREADY_ENDED: 409,
  TAKE_CHUNK_OUT_OF_ORDER: 409,
  TAKE_CHUNK_CONFLICT: 409,
  TAKE_CHUNK_TOO_LARGE: 413,
  TAKE_BAD_FORMAT: 400,
  TAKE_TOO_LONG: 413,
  TAKE_INCOMPLETE: 409,
  TAKE_TOO_MANY: 429,
  EXPORT_BAD_FORMAT: 415,
};

/** A typed error value for code paths that throw across layers; converted to ErrorPayload at the edge. */
export class BandspaceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BandspaceError";
  }
  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}
