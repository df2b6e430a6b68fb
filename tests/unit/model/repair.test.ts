import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addTrack,
  checkSongInvariants,
  listTracks,
  planSongRepair,
  readSong,
  repairSongDoc,
  TRACK_COLORS,
} from "@bandspace/model";
import { USER, spyDoc } from "./helpers/doc-spy";

/** Writes raw values the way a buggy or malicious peer could, bypassing the operations. */
function rogueWrites(doc: Y.Doc) {
  const song = doc.getMap("song");
  const tracks = doc.getMap<unknown>("tracks");
  doc.transact(
    () => {
      song.set("title", "  " + "T".repeat(200) + "  ");
      song.set("tempoBpm", 1000);
      song.set("timeSignature", { numerator: 7.4, denominator: 3 });
      song.set("key", { tonic: "H", mode: "minor" });
      tracks.set("plainobject00", { name: "not a Y.Map" });
      const t = new Y.Map<unknown>();
      tracks.set("roguetrack0001", t);
      t.set("name", 17);
      t.set("color", "#ABCDEF");
      t.set("kind", "video");
      t.set("order", "");
      t.set("createdAt", -5);
    },
    { kind: "remote" },
  );
}

describe("readers tolerate invalid stored values", () => {
  it("clamp, trim, and default every song field", () => {
    const doc = new Y.Doc();
    rogueWrites(doc);
    expect(readSong(doc)).toEqual({
      title: "T".repeat(120),
      tempoBpm: 400,
      timeSignature: { numerator: 7, denominator: 4 },
      key: { tonic: "C", mode: "minor" },
    });
    doc.getMap("song").set("tempoBpm", Number.NaN);
    doc.getMap("song").set("title", "   ");
    expect(readSong(doc).tempoBpm).toBe(120);
    expect(readSong(doc).title).toBe("Untitled song");
  });

  it("skip entries that are not tracks and coerce track fields", () => {
    const doc = new Y.Doc();
    addTrack(doc, { name: "Good" }, USER);
    rogueWrites(doc);
    const tracks = listTracks(doc);
    expect(tracks.map((t) => t.id)).toEqual(["roguetrack0001", tracks[1].id]); // "" sorts first
    expect(tracks[0]).toEqual({
      id: "roguetrack0001",
      name: "Untitled track",
      color: "#abcdef",
      kind: "audio",
      order: "",
      createdAt: 0,
      instrument: null,
      inputChannels: 1,
      volumeDb: 0,
      pan: 0,
      mute: false,
    });
  });
});

describe("repairSongDoc", () => {
  it("restores every invariant without changing what readers show", () => {
    const doc = new Y.Doc();
    for (const name of ["A", "B", "C"]) addTrack(doc, { name }, USER);
    rogueWrites(doc);
    // A tie and an invalid key among the good tracks as well.
    const tracks = doc.getMap<Y.Map<unknown>>("tracks");
    const [, b, c] = listTracks(doc).slice(1);
    tracks.get(c.id)!.set("order", b.order);
    tracks.get(b.id)!.set("order", "W0");
    const shownSong = readSong(doc);
    const shownTracks = listTracks(doc);
    expect(checkSongInvariants(doc).length).toBeGreaterThan(5);

    const spy = spyDoc(doc);
    expect(repairSongDoc(doc)).toBe(true);
    spy.stop();
    expect(spy.origins).toEqual([{ kind: "repair" }]);

    expect(checkSongInvariants(doc)).toEqual([]);
    expect(readSong(doc)).toEqual(shownSong);
    expect(listTracks(doc).map(({ order: _o, ...rest }) => rest)).toEqual(
      shownTracks.map(({ order: _o, ...rest }) => rest),
    );
    expect(doc.getMap("tracks").has("plainobject00")).toBe(false);
  });

  it("is a no-op without a transaction or update on a valid doc", () => {
    const doc = new Y.Doc();
    addTrack(doc, {}, USER);
    const spy = spyDoc(doc);
    expect(repairSongDoc(doc)).toBe(false);
    expect(planSongRepair(doc)).toEqual([]);
    spy.stop();
    expect(spy.origins).toEqual([]);
    expect(spy.updates).toEqual([]);
  });

  it("is idempotent", () => {
    const doc = new Y.Doc();
    rogueWrites(doc);
    expect(repairSongDoc(doc)).toBe(true);
    expect(repairSongDoc(doc)).toBe(false);
  });

  it("is deterministic: peers repairing the same state concurrently converge to the same values", () => {
    const a = new Y.Doc();
    for (const name of ["A", "B", "C"]) addTrack(a, { name }, USER);
    rogueWrites(a);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    repairSongDoc(a);
    repairSongDoc(b);
    const aRepaired = { song: readSong(a), tracks: listTracks(a) };
    expect({ song: readSong(b), tracks: listTracks(b) }).toEqual(aRepaired);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect({ song: readSong(a), tracks: listTracks(a) }).toEqual(aRepaired);
    expect({ song: readSong(b), tracks: listTracks(b) }).toEqual(aRepaired);
    expect(checkSongInvariants(a)).toEqual([]);
  });

  it("gives an unusable colour a stable palette colour derived from the id", () => {
    const doc = new Y.Doc();
    const t = new Y.Map<unknown>();
    doc.getMap("tracks").set("colourlesstrack", t);
    t.set("color", "red");
    const color = listTracks(doc)[0].color;
    expect(TRACK_COLORS).toContain(color);
    repairSongDoc(doc);
    expect(t.get("color")).toBe(color);
  });

  it("leaves a doc from a newer schema alone", () => {
    const doc = new Y.Doc();
    doc.getMap("meta").set("schemaVersion", 99);
    doc.getMap("song").set("tempoBpm", 900);
    expect(repairSongDoc(doc)).toBe(false);
    expect(doc.getMap("song").get("tempoBpm")).toBe(900);
  });
});
