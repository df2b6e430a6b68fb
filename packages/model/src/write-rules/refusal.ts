/**
 * Why the server refused a write to a shared document. The code is for logs, counters and tests; the
 * message is what the writer's client shows.
 */
export const WRITE_REFUSAL_CODES = [
  /** The comments doc's meta (schema version) may only be migrated up to the version this build knows. */
  "META_FORBIDDEN",
  /** The song doc's schema version must be one this server knows. */
  "SCHEMA_VERSION_UNKNOWN",
  /** Content in a place no reader reads (list items in a map, an unknown root, a nested type in meta …). */
  "SHAPE_FORBIDDEN",
  /** A comment or reply must be written under the writer's own verified member id and name. */
  "AUTHOR_MISMATCH",
  /** Only the author may change or delete their words. */
  "NOT_YOUR_COMMENT",
  /** A field that never changes after a comment is posted (author, time, anchor, version). */
  "IMMUTABLE_FIELD",
  /** A value that breaks a comment field's rule (empty text, too many mentions, bad reaction …). */
  "INVALID_COMMENT",
  /** The writer has no verified member identity yet (they have not joined with a display name). */
  "NOT_A_MEMBER",
] as const;
export type WriteRefusalCode = (typeof WRITE_REFUSAL_CODES)[number];

export interface WriteRefusal {
  code: WriteRefusalCode;
  message: string;
}

export function refuse(code: WriteRefusalCode, message: string): WriteRefusal {
  return { code, message };
}
