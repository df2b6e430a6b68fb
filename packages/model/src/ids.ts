/**
 * Entity ids: 16 characters of lower-case base36 from crypto.getRandomValues (≈ 82 bits), so peers create
 * tracks and comments offline without coordinating and never collide in practice.
 */
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export const ID_LENGTH = 16;
/** Ids we accept from callers (e.g. a server seeding a session or a test): 12..32 lower-case base36. */
export const ID_PATTERN = /^[0-9a-z]{12,32}$/;

export function randomId(length: number = ID_LENGTH): string {
  let id = "";
  while (id.length < length) {
    const bytes = new Uint8Array(length * 2);
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      // 252 = 7 × 36: rejecting the top 4 byte values keeps every character equally likely.
      if (byte < 252 && id.length < length) id += ALPHABET[byte % 36];
    }
  }
  return id;
}

export function isValidId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}
