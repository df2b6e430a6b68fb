/**
 * The one place ids and secrets are made, for the browser and the server alike (both have Web Crypto's
 * `crypto.getRandomValues`). Entity ids are lower-case base36 without modulo bias, so peers create tracks and
 * comments offline without coordinating and never collide in practice; secrets are base64url.
 */

// The pure packages compile without the DOM and Node libraries; Web Crypto's one function used here is
// declared locally (it is a global in every browser and in Node ≥ 19).
declare const crypto: { getRandomValues: <T extends Uint8Array>(array: T) => T };

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
/** 16 characters of base36 ≈ 82 bits: entity, session and link ids. */
export const ID_LENGTH = 16;
/** Ids we accept from callers (e.g. a server seeding a session or a test): 12..32 lower-case base36. */
export const ID_PATTERN = /^[0-9a-z]{12,32}$/;

/** `length` characters of lower-case base36, each equally likely. */
export function randomId(length: number = ID_LENGTH): string {
  let id = "";
  while (id.length < length) {
    // getRandomValues fills at most 65,536 bytes per call.
    const bytes = crypto.getRandomValues(new Uint8Array(Math.min(2 * (length - id.length), 65_536)));
    for (const byte of bytes) {
      // 252 = 7 × 36: rejecting the top 4 byte values keeps every character equally likely.
      if (byte < 252 && id.length < length) id += ALPHABET[byte % 36];
    }
  }
  return id;
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** `bytes` random bytes as unpadded base64url (share-link tokens: 24 bytes; member secrets: 32 bytes). */
export function randomSecret(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Unpadded base64url of `data` (RFC 4648 §5). */
export function base64url(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i += 3) {
    const n = (data[i] << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((data.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += BASE64URL[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

export function isValidId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}
