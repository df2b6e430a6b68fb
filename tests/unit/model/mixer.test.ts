import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TRACK_MIX,
  addTrack,
  checkSongInvariants,
  compareArrangements,
  describeMixChange,
  faderDb,
  faderPosition,
  formatPan,
  formatVolumeDb,
  getTrack,
  repairSongDoc,
  setTrackMute,
  setTrackPan,
  setTrackVolume,
  summarizeComparison,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

function oneTrack() {
  const doc = new Y.Doc();
  const track = addTrack(doc, { name: "Bass" }, USER);
  return { doc, id: track.id };
}

const tracksOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>("tracks");

describe("track mix", () => {
  it("is absent in a new track and reads as unity, centre, unmuted", () => {
    const { doc, id } = oneTrack();
    const stored = tracksOf(doc).get(id)!;
    expect(stored.has("volumeDb") || stored.has("pan") || stored.has("mute")).toBe(false);
    const t = getTrack(doc, id)!;
    expect({ volumeDb: t.volumeDb, pan: t.pan, mute: t.mute }).toEqual(DEFAULT_TRACK_MIX);
  });

  it("sets volume, pan and mute, each in one transaction, stored at their steps", () => {
    const { doc, id } = oneTrack();
    expectOneTransaction(doc, USER, () => setTrackVolume(doc, id, -6.04, USER));
    expectOneTransaction(doc, USER, () => setTrackPan(doc, id, -0.333, USER));
    expectOneTransaction(doc, USER, () => setTrackMute(doc, id, true, USER));
    const t = getTrack(doc, id)!;
    expect([t.volumeDb, t.pan, t.mute]).toEqual([-6, -0.33, true]);
    expect(tracksOf(doc).get(id)!.get("volumeDb")).toBe(-6);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("clamps a fader dragged past its ends and treats −∞ as the floor", () => {
    const { doc, id } = oneTrack();
    setTrackVolume(doc, id, 40, USER);
    expect(getTrack(doc, id)!.volumeDb).toBe(6);
    setTrackVolume(doc, id, -Infinity, USER);
    expect(getTrack(doc, id)!.volumeDb).toBe(-60);
    setTrackPan(doc, id, 3, USER);
    expect(getTrack(doc, id)!.pan).toBe(1);
  });

  it("stores 0.1 dB steps exactly (no 0.30000000000000004 on some peers)", () => {
    const { doc, id } = oneTrack();
    setTrackVolume(doc, id, 0.1 + 0.2, USER);
    expect(getTrack(doc, id)!.volumeDb).toBe(0.3);
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("writes nothing when the value does not change", () => {
    const { doc, id } = oneTrack();
    setTrackVolume(doc, id, -3, USER);
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    setTrackVolume(doc, id, -3.01, USER);
    expect(updates).toHaveLength(0);
  });

  it("refuses junk with a clear error and leaves the doc as it was", () => {
    const { doc, id } = oneTrack();
    expectRejected(doc, "INVALID_VOLUME", () => setTrackVolume(doc, id, Number.NaN, USER));
    expectRejected(doc, "INVALID_VOLUME", () => setTrackVolume(doc, id, "loud" as unknown as number, USER));
    expectRejected(doc, "INVALID_PAN", () => setTrackPan(doc, id, Number.POSITIVE_INFINITY, USER));
    expectRejected(doc, "INVALID_MUTE", () => setTrackMute(doc, id, "yes" as unknown as boolean, USER));
    expectRejected(doc, "TRACK_NOT_FOUND", () => setTrackMute(doc, "nosuchtrack0000", true, USER));
  });

  it("repair turns a bad stored mix into what readers show, and leaves absent fields absent", () => {
    const { doc, id } = oneTrack();
    const other = addTrack(doc, { name: "Keys" }, USER);
    const map = tracksOf(doc).get(id)!;
    map.set("volumeDb", 12.345);
    map.set("pan", "left");
    map.set("mute", 1);
    const shown = getTrack(doc, id)!;
    expect([shown.volumeDb, shown.pan, shown.mute]).toEqual([6, 0, false]);
    expect(checkSongInvariants(doc).map((v) => v.invariant)).toEqual(["track-mix", "track-mix", "track-mix"]);
    repairSongDoc(doc);
    expect(checkSongInvariants(doc)).toEqual([]);
    expect([map.get("volumeDb"), map.get("pan"), map.get("mute")]).toEqual([6, 0, false]);
    expect(tracksOf(doc).get(other.id)!.has("volumeDb")).toBe(false);
  });

  it("concurrent fader moves on two peers converge to one value", () => {
    const { doc: a, id } = oneTrack();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setTrackVolume(a, id, -3, USER);
    setTrackVolume(b, id, -9, { kind: "user", userId: "user-2" });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(getTrack(a, id)!.volumeDb).toBe(getTrack(b, id)!.volumeDb);
    expect([-3, -9]).toContain(getTrack(a, id)!.volumeDb);
  });
});

describe("fader law", () => {
  it("puts unity at three quarters, +6 dB at the top and the floor at the bottom", () => {
    expect(faderPosition(0)).toBeCloseTo(0.75, 12);
    expect(faderPosition(6)).toBeCloseTo(1, 12);
    expect(faderPosition(-60)).toBeCloseTo(0, 12);
    expect(faderPosition(-100)).toBe(0);
  });

  it("gives the mix region most of the travel and is monotonic and invertible", () => {
    expect(faderPosition(-20) - faderPosition(-60)).toBeLessThan(faderPosition(0) - faderPosition(-20));
    let last = -1;
    for (let db = -60; db <= 6; db += 0.5) {
      const p = faderPosition(db);
      expect(p).toBeGreaterThan(last);
      last = p;
      expect(faderDb(p)).toBeCloseTo(db, 9);
    }
  });
});

describe("formatting and compare", () => {
  it("formats levels and pan as a mixer shows them", () => {
    expect(formatVolumeDb(0)).toBe("0.0 dB");
    expect(formatVolumeDb(-6)).toBe("−6.0 dB");
    expect(formatVolumeDb(2.5)).toBe("+2.5 dB");
    expect(formatPan(0)).toBe("C");
    expect(formatPan(-0.4)).toBe("L40");
    expect(formatPan(1)).toBe("R100");
    expect(describeMixChange("mute", false, true)).toBe("muted");
    expect(describeMixChange("volumeDb", 0, -6)).toBe("volume 0.0 dB → −6.0 dB");
  });

  it("compare reports mix changes apart from track changes", () => {
    const { doc: version, id } = oneTrack();
    const now = new Y.Doc();
    Y.applyUpdate(now, Y.encodeStateAsUpdate(version));
    setTrackVolume(now, id, -4.5, USER);
    setTrackMute(now, id, true, USER);
    const c = compareArrangements(version, now);
    expect(c.identical).toBe(false);
    expect(c.tracks.changed).toEqual([]);
    expect(c.mixer).toEqual([
      {
        id,
        name: "Bass",
        changes: [
          { field: "volumeDb", before: 0, after: -4.5 },
          { field: "mute", before: false, after: true },
        ],
      },
    ]);
    expect(summarizeComparison(c)).toContain("Mix changed on 1 track");
    expect(compareArrangements(now, now).identical).toBe(true);
  });
});
