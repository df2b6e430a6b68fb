import { randomBytes } from "node:crypto";

/**
 * Server-generated identifiers. The formats are fixed by packages/protocol/src/ids.ts (SessionId,
 * LinkId, ShareToken); the contract suite checks generated values against those schemas.
 */

const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

/** 16 lower-case base36 characters (≈ 82 bits) for session and link ids. */
export function newId(length = 16): string {
  let id = "";
  while (id.length < length) {
    for (const byte of randomBytes(length)) {
      // 252 = 7 × 36: drop bytes ≥ 252 so every character is equally likely (no modulo bias).
      if (byte < 252 && id.length < length) id += BASE36[byte % 36];
    }
  }
  return id;
}

/** Share-link secret: 24 random bytes (192 bits) as 32 base64url characters. */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}
