import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  ModelError,
  readSong,
  setKey,
  setSongTitle,
  setTempo,
  setTimeSignature,
  type MusicalKey,
  type Origin,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected, spyDoc } from "./helpers/doc-spy";

describe("readSong", () => {
  it("reads defaults from an empty doc", () => {
    expect(readSong(new Y.Doc())).toEqual({
      title: "Untitled song",
      tempoBpm: 120,
      timeSignature: { numerator: 4, denominator: 4 },
      key: { tonic: "C", mode: "major" },
    });
  });

  it("returns fresh objects callers cannot use to mutate the doc", () => {
    const doc = new Y.Doc();
    setTimeSignature(doc, 3, 4, USER);
    const sheet = readSong(doc);
    sheet.timeSignature.numerator = 7;
    expect(readSong(doc).timeSignature).toEqual({ numerator: 3, denominator: 4 });
  });
});

describe("setSongTitle", () => {
  it("stores the trimmed title in one transaction with the caller's origin", () => {
    const doc = new Y.Doc();
    const { updates } = expectOneTransaction(doc, USER, () => setSongTitle(doc, "  Night Drive  ", USER));
    expect(updates).toBe(1);
    expect(readSong(doc).title).toBe("Night Drive");
  });

  it("turns tabs and other control characters into spaces", () => {
    const doc = new Y.Doc();
    setSongTitle(doc, "Night\tDrive", USER);
    expect(readSong(doc).title).toBe("Night Drive");
  });

  it("accepts exactly 120 characters", () => {
    const doc = new Y.Doc();
    setSongTitle(doc, "x".repeat(120), USER);
    expect(readSong(doc).title).toHaveLength(120);
  });

  it.each([
    ["empty", ""],
    ["blank", "   \n "],
    ["too long", "x".repeat(121)],
    ["not text", 42 as unknown as string],
  ])("refuses a %s title without touching the doc", (_label, title) => {
    const doc = new Y.Doc();
    setSongTitle(doc, "Before", USER);
    expectRejected(doc, "INVALID_TITLE", () => setSongTitle(doc, title, USER));
    expect(readSong(doc).title).toBe("Before");
  });

  it("writes nothing (no update) when the title is unchanged", () => {
    const doc = new Y.Doc();
    setSongTitle(doc, "Same", USER);
    const { updates } = expectOneTransaction(doc, USER, () => setSongTitle(doc, " Same ", USER));
    expect(updates).toBe(0);
  });
});

describe("setTempo", () => {
  it("stores the tempo rounded to 0.000001 BPM (a MIDI file's microsecond tempos stay exact)", () => {
    const doc = new Y.Doc();
    expectOneTransaction(doc, USER, () => setTempo(doc, 92.34567891, USER));
    expect(readSong(doc).tempoBpm).toBe(92.345679);
    setTempo(doc, 20, USER);
    expect(readSong(doc).tempoBpm).toBe(20);
    setTempo(doc, 400, USER);
    expect(readSong(doc).tempoBpm).toBe(400);
  });

  it.each([19.99, 400.01, 0, -120, Number.NaN, Number.POSITIVE_INFINITY, "120" as unknown as number])(
    "refuses %s BPM",
    (bpm) => {
      const doc = new Y.Doc();
      expectRejected(doc, "INVALID_TEMPO", () => setTempo(doc, bpm, USER));
      expect(readSong(doc).tempoBpm).toBe(120);
    },
  );
});

describe("setTimeSignature", () => {
  it.each([
    [3, 4],
    [6, 8],
    [7, 16],
    [1, 1],
    [32, 32],
    [5, 2],
  ])("stores %i/%i", (n, d) => {
    const doc = new Y.Doc();
    expectOneTransaction(doc, USER, () => setTimeSignature(doc, n, d, USER));
    expect(readSong(doc).timeSignature).toEqual({ numerator: n, denominator: d });
  });

  it.each([
    [0, 4],
    [33, 4],
    [3.5, 4],
    [4, 3],
    [4, 64],
    [4, 0],
    [Number.NaN, 4],
  ])("refuses %s/%s", (n, d) => {
    const doc = new Y.Doc();
    setTimeSignature(doc, 3, 4, USER);
    expectRejected(doc, "INVALID_TIME_SIGNATURE", () => setTimeSignature(doc, n, d, USER));
    expect(readSong(doc).timeSignature).toEqual({ numerator: 3, denominator: 4 });
  });
});

describe("setKey", () => {
  it("stores the key as one value and keeps the chosen spelling", () => {
    const doc = new Y.Doc();
    expectOneTransaction(doc, USER, () => setKey(doc, { tonic: "Gb", mode: "minor" }, USER));
    expect(readSong(doc).key).toEqual({ tonic: "Gb", mode: "minor" });
  });

  it("does not store extra properties of the caller's object", () => {
    const doc = new Y.Doc();
    setKey(doc, { tonic: "D", mode: "major", extra: 1 } as MusicalKey, USER);
    expect(doc.getMap("song").get("key")).toEqual({ tonic: "D", mode: "major" });
  });

  it.each([{ tonic: "E#", mode: "major" }, { tonic: "C", mode: "dorian" }, { tonic: "c", mode: "major" }, null])(
    "refuses %j",
    (key) => {
      const doc = new Y.Doc();
      expectRejected(doc, "INVALID_KEY", () => setKey(doc, key as unknown as MusicalKey, USER));
    },
  );
});

describe("origins", () => {
  it("reach afterTransaction listeners as the same object, for every origin kind", () => {
    const origins: Origin[] = [
      { kind: "user", userId: "u" },
      { kind: "remote" },
      { kind: "repair" },
      { kind: "server" },
      { kind: "migration" },
    ];
    const doc = new Y.Doc();
    const spy = spyDoc(doc);
    origins.forEach((origin, i) => setTempo(doc, 100 + i, origin));
    spy.stop();
    expect(spy.origins).toHaveLength(origins.length);
    spy.origins.forEach((o, i) => expect(o).toBe(origins[i]));
  });

  it.each([undefined, null, "user", { kind: "user" }, { kind: "user", userId: "" }, { kind: "robot" }])(
    "refuses a malformed origin %j before changing anything",
    (origin) => {
      const doc = new Y.Doc();
      expectRejected(doc, "INVALID_ORIGIN", () => setTempo(doc, 100, origin as unknown as Origin));
    },
  );

  it("throws ModelError instances with a name and code", () => {
    try {
      setTempo(new Y.Doc(), 1, USER);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      expect(e).toBeInstanceOf(Error);
      expect((e as ModelError).name).toBe("ModelError");
      expect((e as ModelError).message).toMatch(/between 20 and 400 BPM/);
    }
  });
});
