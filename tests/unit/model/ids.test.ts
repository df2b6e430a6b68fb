import { describe, expect, it } from "vitest";
import { base64url, randomId, randomSecret, ID_PATTERN } from "@bandspace/model";
import { SessionId, LinkId, ShareToken, TakeId } from "@bandspace/protocol";

describe("ids (the one generator for browser and server)", () => {
  it("makes ids of the requested length that the protocol's schemas accept", () => {
    for (let i = 0; i < 200; i++) {
      const id = randomId();
      expect(id).toHaveLength(16);
      expect(ID_PATTERN.test(id)).toBe(true);
      expect(SessionId.safeParse(id).success).toBe(true);
      expect(LinkId.safeParse(id).success).toBe(true);
      expect(TakeId.safeParse(randomId(24)).success).toBe(true);
      expect(ShareToken.safeParse(randomSecret(24)).success).toBe(true);
    }
  });

  it("uses every base36 character about equally often (no modulo bias)", () => {
    const counts = new Map<string, number>();
    const n = 36 * 4000;
    const text = randomId(n);
    for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(36);
    // Each count is binomial(n, 1/36): mean 4000, sd ≈ 62. A `% 36` on raw bytes would give the first
    // 4 characters 8/7 of the others' share (≈ 4560), far outside 6 sd.
    for (const c of counts.values()) expect(Math.abs(c - 4000)).toBeLessThan(6 * 62);
  });

  it("encodes base64url exactly as Node does, for every tail length", () => {
    for (let len = 0; len < 40; len++) {
      const bytes = new Uint8Array(len).map((_, i) => (i * 97 + len * 13) & 255);
      expect(base64url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
    }
    expect(randomSecret(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
