import * as Y from "yjs";
import { describe, expect, it, vi } from "vitest";
import {
  TRACK_COLORS,
  addTrack,
  checkSongInvariants,
  deleteTrack,
  getTrack,
  listTracks,
  moveTrack,
  renameTrack,
  setTrackColor,
  type TrackKind,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

const names = (doc: Y.Doc) => listTracks(doc).map((t) => t.name);

function docWithTracks(...trackNames: string[]): Y.Doc {
  const doc = new Y.Doc();
  for (const name of trackNames) addTrack(doc, { name }, USER);
  return doc;
}

describe("TRACK_COLORS", () => {
  it("is a palette of ten distinct lower-case #rrggbb colours", () => {
    expect(TRACK_COLORS).toHaveLength(10);
    expect(new Set(TRACK_COLORS).size).toBe(10);
    for (const c of TRACK_COLORS) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe("addTrack", () => {
  it("adds a track with defaults in one transaction and returns it", () => {
    const doc = new Y.Doc();
    vi.spyOn(Date, "now").mockReturnValue(1_700_000_000_000);
    const { result: track, updates } = expectOneTransaction(doc, USER, () => addTrack(doc, {}, USER));
    vi.restoreAllMocks();
    expect(updates).toBe(1);
    expect(track).toEqual({
      id: track.id,
      name: "Track 1",
      color: TRACK_COLORS[0],
      kind: "audio",
      order: track.order,
      createdAt: 1_700_000_000_000,
      instrument: null,
      inputChannels: 1,
      volumeDb: 0,
      pan: 0,
      mute: false,
    });
    expect(track.id).toMatch(/^[0-9a-z]{16}$/);
    expect(getTrack(doc, track.id)).toEqual(track);
    expect(listTracks(doc)).toEqual([track]);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("numbers default names and cycles the palette", () => {
    const doc = new Y.Doc();
    const added = Array.from({ length: 12 }, () => addTrack(doc, {}, USER));
    expect(added.map((t) => t.name)).toEqual(Array.from({ length: 12 }, (_, i) => `Track ${i + 1}`));
    expect(added.map((t) => t.color)).toEqual(Array.from({ length: 12 }, (_, i) => TRACK_COLORS[i % 10]));
    expect(new Set(added.map((t) => t.id)).size).toBe(12);
  });

  it("does not repeat a default name that is still in use", () => {
    const doc = new Y.Doc();
    const first = addTrack(doc, {}, USER);
    addTrack(doc, {}, USER); // Track 2
    deleteTrack(doc, first.id, USER);
    expect(addTrack(doc, {}, USER).name).toBe("Track 3");
  });

  it("takes name, colour, kind and position", () => {
    const doc = docWithTracks("Drums", "Bass");
    const t = addTrack(doc, { name: " Keys ", color: "#ABCDEF", kind: "instrument", index: 1 }, USER);
    expect(t).toMatchObject({ name: "Keys", color: "#abcdef", kind: "instrument" });
    expect(names(doc)).toEqual(["Drums", "Keys", "Bass"]);
    addTrack(doc, { name: "Click", index: 0 }, USER);
    addTrack(doc, { name: "Vox", index: 4 }, USER);
    expect(names(doc)).toEqual(["Click", "Drums", "Keys", "Bass", "Vox"]);
  });

  it("accepts a caller-chosen id", () => {
    const doc = new Y.Doc();
    expect(addTrack(doc, { id: "seedtrack0001" }, USER).id).toBe("seedtrack0001");
    expectRejected(doc, "DUPLICATE_TRACK_ID", () => addTrack(doc, { id: "seedtrack0001" }, USER));
    expectRejected(doc, "INVALID_TRACK_ID", () => addTrack(doc, { id: "Short" }, USER));
  });

  it.each([
    ["INVALID_NAME", { name: "" }],
    ["INVALID_NAME", { name: "x".repeat(61) }],
    ["INVALID_COLOR", { color: "red" }],
    ["INVALID_COLOR", { color: "#abc" }],
    ["INVALID_TRACK_KIND", { kind: "video" as TrackKind }],
    ["INVALID_INDEX", { index: -1 }],
    ["INVALID_INDEX", { index: 3 }],
    ["INVALID_INDEX", { index: 0.5 }],
  ] as const)("refuses %s %j", (code, init) => {
    const doc = docWithTracks("A", "B");
    expectRejected(doc, code, () => addTrack(doc, init, USER));
    expect(names(doc)).toEqual(["A", "B"]);
  });
});

describe("renameTrack / setTrackColor", () => {
  it("rename stores the trimmed name in one transaction", () => {
    const doc = docWithTracks("A");
    const id = listTracks(doc)[0].id;
    expectOneTransaction(doc, USER, () => renameTrack(doc, id, "  Lead vox ", USER));
    expect(getTrack(doc, id)!.name).toBe("Lead vox");
    expect(renameTrack(doc, id, "x".repeat(60), USER)).toBeUndefined();
  });

  it("rename refuses bad names and unknown tracks", () => {
    const doc = docWithTracks("A");
    const id = listTracks(doc)[0].id;
    expectRejected(doc, "INVALID_NAME", () => renameTrack(doc, id, "  ", USER));
    expectRejected(doc, "INVALID_NAME", () => renameTrack(doc, id, "x".repeat(61), USER));
    expectRejected(doc, "TRACK_NOT_FOUND", () => renameTrack(doc, "nosuchtrack000", "B", USER));
  });

  it("setTrackColor normalises to lower case and refuses anything but #rrggbb", () => {
    const doc = docWithTracks("A");
    const id = listTracks(doc)[0].id;
    expectOneTransaction(doc, USER, () => setTrackColor(doc, id, "#FF00aa", USER));
    expect(getTrack(doc, id)!.color).toBe("#ff00aa");
    for (const bad of ["ff00aa", "#ff00a", "#ff00aag", "rgb(0,0,0)", ""]) {
      expectRejected(doc, "INVALID_COLOR", () => setTrackColor(doc, id, bad, USER));
    }
    expectRejected(doc, "TRACK_NOT_FOUND", () => setTrackColor(doc, "nosuchtrack000", "#000000", USER));
  });
});

describe("moveTrack", () => {
  // toIndex is the track's final position in the list.
  it.each([
    ["A", 2, ["B", "C", "A", "D"]],
    ["A", 3, ["B", "C", "D", "A"]],
    ["D", 0, ["D", "A", "B", "C"]],
    ["B", 2, ["A", "C", "B", "D"]],
    ["C", 1, ["A", "C", "B", "D"]],
    ["C", 0, ["C", "A", "B", "D"]],
  ] as const)("moves %s to index %i", (name, toIndex, expected) => {
    const doc = docWithTracks("A", "B", "C", "D");
    const id = listTracks(doc).find((t) => t.name === name)!.id;
    const { updates } = expectOneTransaction(doc, USER, () => moveTrack(doc, id, toIndex, USER));
    expect(updates).toBe(1);
    expect(names(doc)).toEqual(expected);
    expect(listTracks(doc).findIndex((t) => t.id === id)).toBe(toIndex);
  });

  it("writes nothing when the track is already there", () => {
    const doc = docWithTracks("A", "B", "C");
    const id = listTracks(doc)[1].id;
    const { updates } = expectOneTransaction(doc, USER, () => moveTrack(doc, id, 1, USER));
    expect(updates).toBe(0);
  });

  it("refuses positions outside the list and unknown tracks", () => {
    const doc = docWithTracks("A", "B", "C");
    const id = listTracks(doc)[0].id;
    for (const bad of [-1, 3, 1.5, Number.NaN]) {
      expectRejected(doc, "INVALID_INDEX", () => moveTrack(doc, id, bad, USER));
    }
    expectRejected(doc, "TRACK_NOT_FOUND", () => moveTrack(doc, "nosuchtrack000", 0, USER));
  });

  it("matches array splice semantics over many random moves", () => {
    const doc = docWithTracks("A", "B", "C", "D", "E", "F");
    let expected = names(doc);
    let seed = 7;
    for (let step = 0; step < 300; step++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const from = seed % expected.length;
      const to = Math.floor(seed / 7) % expected.length;
      const name = expected[from];
      moveTrack(doc, listTracks(doc)[from].id, to, USER);
      expected = expected.filter((n) => n !== name);
      expected.splice(to, 0, name);
      expect(names(doc)).toEqual(expected);
    }
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("makes room between tied order keys by re-keying only the tied neighbours", () => {
    // Two peers that appended at the same time produced the same key; readers order the tie by id.
    const doc = docWithTracks("A", "B", "C", "D");
    const [a, b, c, d] = listTracks(doc);
    const tracks = doc.getMap<Y.Map<unknown>>("tracks");
    tracks.get(c.id)!.set("order", b.order);
    const tiedIds = [b.id, c.id].sort();
    expect(listTracks(doc).map((t) => t.id)).toEqual([a.id, ...tiedIds, d.id]);
    expect(checkSongInvariants(doc).map((v) => v.invariant)).toEqual(["track-order"]);

    // Insert between the two tied tracks: one transaction fixes the tie and places the track.
    const { result: x } = expectOneTransaction(doc, USER, () => addTrack(doc, { name: "X", index: 2 }, USER));
    expect(listTracks(doc).map((t) => t.id)).toEqual([a.id, tiedIds[0], x.id, tiedIds[1], d.id]);
    expect(checkSongInvariants(doc)).toEqual([]);
    expect(getTrack(doc, a.id)!.order).toBe(a.order);
    expect(getTrack(doc, d.id)!.order).toBe(d.order);
  });
});

describe("deleteTrack", () => {
  it("removes the track in one transaction", () => {
    const doc = docWithTracks("A", "B", "C");
    const id = listTracks(doc)[1].id;
    expectOneTransaction(doc, USER, () => deleteTrack(doc, id, USER));
    expect(names(doc)).toEqual(["A", "C"]);
    expect(getTrack(doc, id)).toBeNull();
    expectRejected(doc, "TRACK_NOT_FOUND", () => deleteTrack(doc, id, USER));
  });
});

describe("concurrency", () => {
  function pair() {
    const a = new Y.Doc();
    const b = new Y.Doc();
    return {
      a,
      b,
      sync: () => {
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      },
    };
  }

  it("concurrent moves of different tracks both apply", () => {
    const { a, b, sync } = pair();
    for (const n of ["A", "B", "C", "D"]) addTrack(a, { name: n }, USER);
    sync();
    moveTrack(a, listTracks(a)[0].id, 3, USER); // A to the end
    moveTrack(b, listTracks(b)[3].id, 0, USER); // D to the front
    sync();
    expect(names(a)).toEqual(["D", "B", "C", "A"]);
    expect(listTracks(b)).toEqual(listTracks(a));
  });

  it("delete wins over a concurrent rename", () => {
    const { a, b, sync } = pair();
    const t = addTrack(a, { name: "A" }, USER);
    sync();
    deleteTrack(a, t.id, USER);
    renameTrack(b, t.id, "Renamed", USER);
    sync();
    expect(listTracks(a)).toEqual([]);
    expect(listTracks(b)).toEqual([]);
  });

  it("concurrent appends tie, sort identically everywhere, and the next insert between them still works", () => {
    const { a, b, sync } = pair();
    addTrack(a, { name: "Base" }, USER);
    sync();
    addTrack(a, { name: "FromA" }, USER);
    addTrack(b, { name: "FromB" }, USER);
    sync();
    expect(listTracks(a)).toEqual(listTracks(b));
    expect(listTracks(a)[1].order).toBe(listTracks(a)[2].order);
    addTrack(b, { name: "Between", index: 2 }, USER);
    sync();
    expect(names(a)[2]).toBe("Between");
    expect(listTracks(a)).toEqual(listTracks(b));
    expect(checkSongInvariants(a)).toEqual([]);
  });
});
