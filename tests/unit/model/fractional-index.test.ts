import { describe, expect, it } from "vitest";
import { compareByOrderThenId, isValidOrderKey, keyBetween, keysBetween } from "@bandspace/model";
import { makeRng } from "./helpers/doc-spy";

describe("keyBetween", () => {
  it("starts a list in the middle of the digit range", () => {
    expect(keyBetween(null, null)).toBe("V");
  });

  it("appends and prepends with short keys", () => {
    expect(keyBetween("V", null)).toBe("W");
    expect(keyBetween("z", null)).toBe("zV");
    expect(keyBetween(null, "V")).toBe("U");
    expect(keyBetween(null, "1")).toBe("0V");
    expect(keyBetween(null, "01")).toBe("00V");
  });

  it("bisects between two keys", () => {
    expect(keyBetween("A", "C")).toBe("B");
    expect(keyBetween("V", "W")).toBe("VV");
    expect(keyBetween("V", "V1")).toBe("V0V");
    expect(keyBetween("V1", "W")).toBe("V2");
    expect(keyBetween("Vz", "W")).toBe("VzV");
    expect(keyBetween("V", "X5")).toBe("W");
  });

  it("orders like the numbers the keys stand for, using plain string comparison", () => {
    const cases: [string | null, string | null][] = [
      [null, null],
      ["V", null],
      [null, "V"],
      ["0V", "1"],
      ["a", "b"],
      ["az", "b"],
      ["a", "a1"],
      ["a01", "a1"],
      ["zzzz", null],
      [null, "0001"],
      ["9", "A"],
      ["Z", "a"],
    ];
    for (const [lo, hi] of cases) {
      const k = keyBetween(lo, hi);
      expect(isValidOrderKey(k), `${lo}..${hi} → ${k}`).toBe(true);
      if (lo !== null) expect(k > lo, `${k} > ${lo}`).toBe(true);
      if (hi !== null) expect(k < hi, `${k} < ${hi}`).toBe(true);
    }
  });

  it("refuses invalid or reversed bounds (programmer errors)", () => {
    expect(() => keyBetween("b", "a")).toThrow(RangeError);
    expect(() => keyBetween("a", "a")).toThrow(RangeError);
    expect(() => keyBetween("a0", null)).toThrow(RangeError);
    expect(() => keyBetween(null, "")).toThrow(RangeError);
    expect(() => keyBetween("a-b", null)).toThrow(RangeError);
  });

  it("keeps any number of random inserts strictly ordered and valid (property)", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = makeRng(seed);
      const keys: string[] = [];
      for (let n = 0; n < 400; n++) {
        const at = rng.int(keys.length + 1);
        const k = keyBetween(at > 0 ? keys[at - 1] : null, at < keys.length ? keys[at] : null);
        keys.splice(at, 0, k);
      }
      for (let i = 0; i < keys.length; i++) {
        expect(isValidOrderKey(keys[i])).toBe(true);
        if (i > 0) expect(keys[i - 1] < keys[i], `seed ${seed}: ${keys[i - 1]} < ${keys[i]}`).toBe(true);
      }
      // Random positions keep keys short: a few base-62 digits for hundreds of items.
      expect(Math.max(...keys.map((k) => k.length))).toBeLessThan(16);
    }
  });

  it("keeps keys short under the common patterns (append, prepend, always-after-the-first)", () => {
    let last: string | null = null;
    for (let i = 0; i < 1000; i++) last = keyBetween(last, null);
    expect(last!.length).toBeLessThanOrEqual(40);
    let first: string | null = null;
    for (let i = 0; i < 1000; i++) {
      const k = keyBetween(null, first);
      if (first !== null) expect(k < first).toBe(true);
      first = k;
    }
    // Repeatedly inserting right after one fixed key is the worst case: about one digit per 5 inserts.
    let hi = "W";
    for (let i = 0; i < 300; i++) hi = keyBetween("V", hi);
    expect(hi.length).toBeLessThanOrEqual(300 / 5 + 2);
  });
});

describe("keysBetween", () => {
  it("returns ascending keys inside the bounds", () => {
    const keys = keysBetween("V", "W", 50);
    expect(keys).toHaveLength(50);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(50);
    expect(keys[0] > "V" && keys[49] < "W").toBe(true);
  });
});

describe("compareByOrderThenId", () => {
  it("breaks ties by id so every peer sorts identically", () => {
    const items = [
      { order: "V", id: "b" },
      { order: "V", id: "a" },
      { order: "U", id: "z" },
    ];
    expect(items.sort(compareByOrderThenId).map((i) => i.id)).toEqual(["z", "a", "b"]);
  });
});
