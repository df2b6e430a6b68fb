import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addMidiClip,
  addNotes,
  addSection,
  addTrack,
  checkSongInvariants,
  getSectionText,
  getTrack,
  initSongDoc,
  listClips,
  listNotes,
  listSections,
  listTempoChanges,
  listTracks,
  readLoopRange,
  readSchemaVersion,
  repairSongDoc,
  SONG_MIGRATIONS,
} from "@bandspace/model";
import { USER, spyDoc } from "./helpers/doc-spy";

/** A song with one of everything, then raw writes a buggy peer (or a concurrent merge) could leave behind. */
function damagedSong() {
  const doc = new Y.Doc();
  const keys = addTrack(doc, { name: "Keys", kind: "instrument" }, USER);
  const audio = addTrack(doc, { name: "Vocals" }, USER);
  const clip = addMidiClip(doc, { trackId: keys.id, startTick: 0, lengthTicks: 3840 }, USER);
  const [n1, n2] = addNotes(
    doc,
    clip.id,
    [
      { pitch: 60, startTick: 0, durationTicks: 240, velocity: 100 },
      { pitch: 62, startTick: 240, durationTicks: 240, velocity: 100 },
    ],
    USER,
  );
  const orphan = addMidiClip(doc, { trackId: keys.id, startTick: 960, lengthTicks: 960 }, USER);
  const section = addSection(doc, { name: "Verse", startTick: 0, lengthTicks: 3840 }, USER);
  const rogue = { kind: "remote" as const };
  doc.transact(() => {
    const tracks = doc.getMap<Y.Map<unknown>>("tracks");
    tracks.get(keys.id)!.set("instrument", "banjo");
    tracks.get(audio.id)!.set("instrument", "piano");
    const tempo = doc.getMap<unknown>("tempoChanges");
    tempo.set("5", 1000);
    tempo.set("1", 100);
    tempo.set("07", 100);
    tempo.set("9", "fast");
    const clips = doc.getMap<unknown>("clips");
    const c = clips.get(clip.id) as Y.Map<unknown>;
    c.set("startTick", -50);
    c.set("lengthTicks", 0);
    c.set("name", 7);
    const notes = c.get("notes") as Y.Map<Y.Map<unknown>>;
    notes.get(n1.id)!.set("pitch", 300);
    notes.get(n1.id)!.set("velocity", 0);
    notes.get(n2.id)!.set("durationTicks", 2.4);
    notes.set("notanote00000", "x" as never);
    (clips.get(orphan.id) as Y.Map<unknown>).set("trackId", audio.id); // on an audio track: an orphan
    clips.set("plainclip0000", { trackId: keys.id });
    const s = doc.getMap<unknown>("sections").get(section.id) as Y.Map<unknown>;
    s.set("lengthTicks", 0);
    s.set("color", "red");
    s.set("lyrics", "plain lyrics");
    s.delete("chords");
    doc.getMap("transport").set("loopRange", { startTick: 500, endTick: 100 });
  }, rogue);
  return { doc, keys, audio, clip, orphan, section, n1: n1, n2: n2 };
}

describe("arrangement readers tolerate invalid stored values", () => {
  it("clamp notes, skip orphans and unusable entries, default texts", () => {
    const { doc, keys, audio, clip, section, n1, n2 } = damagedSong();
    expect(getTrack(doc, keys.id)!.instrument).toBe("piano");
    expect(getTrack(doc, audio.id)!.instrument).toBeNull();
    expect(listTempoChanges(doc).map(({ bar, bpm }) => ({ bar, bpm }))).toEqual([{ bar: 5, bpm: 400 }]);
    expect(listClips(doc)).toEqual([{ id: clip.id, trackId: keys.id, name: "Clip", startTick: 0, lengthTicks: 1 }]); // clamped, not defaulted
    expect(listNotes(doc, clip.id)).toEqual([
      { id: n1.id, pitch: 127, startTick: 0, durationTicks: 240, velocity: 1 },
      { id: n2.id, pitch: 62, startTick: 240, durationTicks: 2, velocity: 100 },
    ]);
    expect(listSections(doc)).toEqual([{ ...listSections(doc)[0], id: section.id, lengthTicks: 1 }]);
    expect(listSections(doc)[0].color).toMatch(/^#[0-9a-f]{6}$/);
    expect(getSectionText(doc, section.id, "chords").toString()).toBe("");
    expect(readLoopRange(doc)).toEqual({ startTick: 500, endTick: 500 + 4 * 3840 });
  });
});

describe("repairSongDoc (arrangement)", () => {
  it("restores every arrangement invariant without changing what readers show", () => {
    const { doc, orphan, section } = damagedSong();
    const shown = () => ({
      tracks: listTracks(doc),
      tempo: listTempoChanges(doc),
      clips: listClips(doc),
      notes: listClips(doc).map((c) => listNotes(doc, c.id)),
      sections: listSections(doc),
      loop: readLoopRange(doc),
    });
    const before = shown();
    const invariants = new Set(checkSongInvariants(doc).map((v) => v.invariant));
    expect([...invariants].sort()).toEqual(
      [
        "clip-entry",
        "clip-fields",
        "loop-range",
        "note-fields",
        "section-entry",
        "section-fields",
        "tempo-change",
        "track-instrument",
      ].sort(),
    );
    const spy = spyDoc(doc);
    expect(repairSongDoc(doc)).toBe(true);
    spy.stop();
    expect(spy.origins).toEqual([{ kind: "repair" }]);
    expect(checkSongInvariants(doc)).toEqual([]);
    expect(shown()).toEqual(before);
    expect(doc.getMap("clips").has(orphan.id)).toBe(false);
    expect(doc.getMap("clips").has("plainclip0000")).toBe(false);
    expect(getSectionText(doc, section.id, "lyrics").toString()).toBe("plain lyrics");
    expect(repairSongDoc(doc)).toBe(false);
  });

  it("is deterministic: two peers repairing the same damage converge", () => {
    const { doc: a } = damagedSong();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    repairSongDoc(a);
    repairSongDoc(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const doc of [a, b]) expect(checkSongInvariants(doc)).toEqual([]);
    expect(listClips(a)).toEqual(listClips(b));
    expect(listSections(a)).toEqual(listSections(b));
    expect(a.getMap("sections").toJSON()).toEqual(b.getMap("sections").toJSON());
  });

  it("clips added concurrently to a deleted track are orphans: hidden, then removed by repair", () => {
    const a = new Y.Doc();
    const t = addTrack(a, { kind: "instrument" }, USER);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const clip = addMidiClip(b, { trackId: t.id, startTick: 0, lengthTicks: 960 }, USER);
    a.transact(() => a.getMap("tracks").delete(t.id), USER);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(listClips(a)).toEqual([]);
    expect(a.getMap("clips").has(clip.id)).toBe(true);
    expect(checkSongInvariants(a).map((v) => v.invariant)).toEqual(["clip-entry"]);
    repairSongDoc(a);
    expect(a.getMap("clips").size).toBe(0);
  });
});

describe("migration v1 → v2", () => {
  it("gives instrument tracks piano and leaves audio tracks without an instrument", () => {
    const doc = new Y.Doc();
    doc.getMap("meta").set("schemaVersion", 1);
    const tracks = doc.getMap<unknown>("tracks");
    const v1 = (id: string, kind: string, order: string) => {
      const m = new Y.Map<unknown>();
      tracks.set(id, m);
      for (const [k, v] of Object.entries({ name: id, color: "#123456", kind, order, createdAt: 1 })) m.set(k, v);
    };
    v1("instrumenttrk1", "instrument", "V");
    v1("audiotrack0001", "audio", "W");
    const spy = spyDoc(doc);
    initSongDoc(doc);
    spy.stop();
    expect(spy.origins).toEqual([{ kind: "migration" }]);
    expect(readSchemaVersion(doc)).toBe(3);
    expect((tracks.get("instrumenttrk1") as Y.Map<unknown>).get("instrument")).toBe("piano");
    expect((tracks.get("audiotrack0001") as Y.Map<unknown>).has("instrument")).toBe(false);
    expect(checkSongInvariants(doc)).toEqual([]);
    expect(SONG_MIGRATIONS.map((m) => m.name)).toContain("v1-to-v2-instrument-tracks");
    const before = Y.encodeStateAsUpdate(doc);
    doc.transact(() => SONG_MIGRATIONS[1].up(doc));
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
