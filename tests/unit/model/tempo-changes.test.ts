import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  checkSongInvariants,
  listTempoChanges,
  readLoopRange,
  readTempoMap,
  removeTempoChange,
  setLoopRange,
  setTempo,
  setTempoChange,
  setTimeSignature,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

describe("tempo changes", () => {
  it("set, replace and remove by bar; readTempoMap combines them with the song tempo and meter", () => {
    const doc = new Y.Doc();
    setTempo(doc, 100, USER);
    setTimeSignature(doc, 3, 4, USER);
    expectOneTransaction(doc, USER, () => setTempoChange(doc, { bar: 9, bpm: 80 }, USER));
    setTempoChange(doc, { bar: 5, bpm: 140 }, USER);
    setTempoChange(doc, { bar: 9, bpm: 90.123 }, USER);
    expect(listTempoChanges(doc).map(({ bar, bpm }) => ({ bar, bpm }))).toEqual([
      { bar: 5, bpm: 140 },
      { bar: 9, bpm: 90.123 },
    ]);
    const map = readTempoMap(doc);
    expect(map.segments().map((s) => [s.startTick, s.bpm])).toEqual([
      [0, 100],
      [4 * 2880, 140],
      [8 * 2880, 90.123],
    ]);
    expectOneTransaction(doc, USER, () => removeTempoChange(doc, 5, USER));
    removeTempoChange(doc, 5, USER); // already gone: not an error
    expect(listTempoChanges(doc).map(({ bar, bpm }) => ({ bar, bpm }))).toEqual([{ bar: 9, bpm: 90.123 }]);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("rejects bars < 2, non-integer bars and tempos outside 20..400", () => {
    const doc = new Y.Doc();
    expectRejected(doc, "INVALID_BAR", () => setTempoChange(doc, { bar: 1, bpm: 100 }, USER));
    expectRejected(doc, "INVALID_BAR", () => setTempoChange(doc, { bar: 0, bpm: 100 }, USER));
    expectRejected(doc, "INVALID_BAR", () => setTempoChange(doc, { bar: 2.5, bpm: 100 }, USER));
    expectRejected(doc, "INVALID_BAR", () => setTempoChange(doc, { bar: 10_000, bpm: 100 }, USER));
    expectRejected(doc, "INVALID_TEMPO", () => setTempoChange(doc, { bar: 2, bpm: 19 }, USER));
    expectRejected(doc, "INVALID_TEMPO", () => setTempoChange(doc, { bar: 2, bpm: 401 }, USER));
    expectRejected(doc, "INVALID_BAR", () => removeTempoChange(doc, 1, USER));
  });
});

describe("loop range", () => {
  it("defaults to bars 1–5 of the current meter and stores one plain value", () => {
    const doc = new Y.Doc();
    expect(readLoopRange(doc)).toEqual({ startTick: 0, endTick: 4 * 3840 });
    setTimeSignature(doc, 6, 8, USER);
    expect(readLoopRange(doc)).toEqual({ startTick: 0, endTick: 4 * 2880 });
    expectOneTransaction(doc, USER, () => setLoopRange(doc, { startTick: 960, endTick: 7680 }, USER));
    expect(readLoopRange(doc)).toEqual({ startTick: 960, endTick: 7680 });
    expect(doc.getMap("transport").get("loopRange")).toEqual({ startTick: 960, endTick: 7680 });
  });

  it("rejects an empty, reversed or negative range", () => {
    const doc = new Y.Doc();
    expectRejected(doc, "INVALID_LENGTH", () => setLoopRange(doc, { startTick: 960, endTick: 960 }, USER));
    expectRejected(doc, "INVALID_LENGTH", () => setLoopRange(doc, { startTick: 960, endTick: 0 }, USER));
    expectRejected(doc, "INVALID_TICK", () => setLoopRange(doc, { startTick: -1, endTick: 960 }, USER));
    expectRejected(doc, "INVALID_TICK", () => setLoopRange(doc, { startTick: 0, endTick: 0.5 }, USER));
  });
});
