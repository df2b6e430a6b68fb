import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addMidiClip,
  deleteClip,
  duplicateClip,
  listNotes,
  moveClip,
  moveNotes,
  observeArrangement,
  PPQ,
  readTempoMap,
  resizeClip,
  setClipPedal,
  setTrackInstrument,
  updateNotes,
} from "@bandspace/model";
import { NoteIndex, type NoteIndexUpdate } from "@bandspace/audio-engine/pure";
import { clip, instrumentTrack, note, songDoc, USER } from "./fixtures";

const BAR = 4 * PPQ;

function follow(doc: Y.Doc) {
  const index = NoteIndex.fromDoc(doc);
  const updates: NoteIndexUpdate[] = [];
  const stop = observeArrangement(doc, (change) => updates.push(index.applyChange(doc, change)));
  const last = () => updates[updates.length - 1];
  const same = () => {
    const map = readTempoMap(doc);
    expect(index.window(map, 0, 1e6)).toEqual(NoteIndex.fromDoc(doc).window(map, 0, 1e6));
  };
  return { index, updates, last, same, stop };
}

describe("NoteIndex follows the document clip by clip", () => {
  it("reads only the clip a change names (a move or resize reads no notes)", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "piano");
    const u = instrumentTrack(doc, "bass");
    const clips = Array.from({ length: 20 }, (_, i) =>
      clip(doc, t, i * BAR, BAR, [note(60, 0), note(64, 480), note(67, 960)]),
    );
    const f = follow(doc);

    moveClip(doc, clips[3], { startTick: 40 * BAR }, USER);
    expect(f.last()).toEqual({ clipsRead: 1, notesRead: 0 });
    f.same();

    resizeClip(doc, clips[4], { lengthTicks: 600 }, USER);
    expect(f.last()).toEqual({ clipsRead: 1, notesRead: 0 });
    f.same();

    moveClip(doc, clips[5], { trackId: u }, USER);
    expect(f.last()).toEqual({ clipsRead: 1, notesRead: 0 });
    f.same();

    const [n] = listNotes(doc, clips[6]);
    updateNotes(doc, clips[6], [{ id: n.id, pitch: 72 }], USER);
    expect(f.last()).toEqual({ clipsRead: 1, notesRead: 3 });
    f.same();

    moveNotes(
      doc,
      clips[7],
      listNotes(doc, clips[7]).map((x) => x.id),
      { ticks: 120 },
      USER,
    );
    expect(f.last()).toEqual({ clipsRead: 1, notesRead: 3 });
    f.same();

    const dup = duplicateClip(doc, clips[8], USER);
    expect(f.last()).toEqual({ clipsRead: 1, notesRead: 3 });
    expect(f.index.has(dup.id)).toBe(true);
    f.same();

    deleteClip(doc, clips[9], USER);
    expect(f.last()).toEqual({ clipsRead: 0, notesRead: 0 });
    expect(f.index.has(clips[9])).toBe(false);
    f.same();

    // Changing a track's instrument touches no clip.
    const before = f.updates.length;
    setTrackInstrument(doc, t, "pad", USER);
    expect(f.updates.slice(before)).toEqual([{ clipsRead: 0, notesRead: 0 }]);
    f.stop();
  });

  it("stays equal to a fresh build under remote updates from another replica", () => {
    const a = songDoc(100);
    const t = instrumentTrack(a, "drums");
    const ids = Array.from({ length: 8 }, (_, i) =>
      clip(a, t, i * BAR, BAR, [note(36, 0), note(38, 960), note(42, 480)]),
    );
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const f = follow(b);
    a.on("update", (update: Uint8Array) => Y.applyUpdate(b, update, { kind: "remote" }));
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
    for (let i = 0; i < 60; i++) {
      const id = ids[rnd(ids.length)];
      switch (rnd(4)) {
        case 0:
          moveClip(a, id, { startTick: rnd(16) * BAR }, USER);
          break;
        case 1: {
          const notes = listNotes(a, id);
          if (notes.length) moveNotes(a, id, [notes[rnd(notes.length)].id], { ticks: 240, pitch: 1 }, USER);
          break;
        }
        case 2:
          resizeClip(a, id, { lengthTicks: BAR / 2 + rnd(2) * BAR }, USER);
          break;
        case 3:
          ids.push(
            addMidiClip(
              a,
              { trackId: t, startTick: rnd(16) * BAR, lengthTicks: BAR, notes: [note(46, rnd(BAR))] },
              USER,
            ).id,
          );
          break;
      }
      f.same();
    }
    expect(f.updates.every((u) => u.clipsRead <= 1)).toBe(true);
    f.stop();
  });
});

describe("NoteIndex honours the sustain pedal (CC 64)", () => {
  it("a note released while the pedal is down sounds until it lifts, or until its pitch is struck again", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "piano");
    const id = clip(doc, t, BAR, BAR, [
      { pitch: 60, startTick: 0, durationTicks: 240, velocity: 90 }, // released before the pedal: unchanged
      { pitch: 64, startTick: 960, durationTicks: 240, velocity: 90 }, // held until the pedal lifts
      { pitch: 67, startTick: 1200, durationTicks: 100, velocity: 90 }, // struck again at 2400: cut there
      { pitch: 67, startTick: 2400, durationTicks: 100, velocity: 90 }, // held until the pedal lifts
    ]);
    const f = follow(doc);
    setClipPedal(doc, id, [{ startTick: 900, endTick: 3000 }], USER);
    const map = readTempoMap(doc);
    const end = (n: { time: number; duration: number }) => Math.round((n.time + n.duration) * 1e6) / 1e6;
    const at = (tick: number) => Math.round(map.ticksToSeconds(BAR + tick) * 1e6) / 1e6;
    expect(f.index.window(map, 0, 100).map((n) => [n.pitch, end(n)])).toEqual([
      [60, at(240)],
      [64, at(3000)],
      [67, at(2400)],
      [67, at(3000)],
    ]);
    f.same(); // the pedal reached the index through observeArrangement, as a fresh read sees it
    setClipPedal(doc, id, [], USER);
    expect(f.index.window(map, 0, 100).map(end)).toEqual([at(240), at(1200), at(1300), at(2500)]);
    f.stop();
  });
});

describe("NoteIndex of a window (an offline segment's stretch)", () => {
  it("holds only the clips overlapping the window, and plays inside it exactly what the whole index plays", () => {
    // 60 one-bar clips with tempo changes, over two tracks: a window of a few bars must not grow with the song.
    const doc = songDoc(120, [
      { bar: 10, bpm: 90 },
      { bar: 30, bpm: 150 },
    ]);
    const t = instrumentTrack(doc, "piano");
    const u = instrumentTrack(doc, "bass");
    for (let i = 0; i < 60; i++)
      clip(doc, i % 2 ? u : t, i * BAR, BAR, [note(60, 0), note(64, 480, 2000), note(67, BAR - 1)]);
    const map = readTempoMap(doc);
    const whole = NoteIndex.fromDoc(doc);
    // Bars 20.5 to 24.25: clips 20 to 24 overlap it (the ends are exclusive: clip 19 ends where the window starts).
    const fromTick = 20 * BAR + BAR / 2;
    const toTick = 24 * BAR + BAR / 4;
    const part = NoteIndex.fromDoc(doc, { fromTick: 20 * BAR, toTick });
    expect(part.clipCount).toBe(5);
    expect(part.noteCount).toBe(15);
    expect(whole.clipCount).toBe(60);
    const from = map.ticksToSeconds(fromTick);
    const to = map.ticksToSeconds(toTick);
    expect(part.window(map, from, to)).toEqual(whole.window(map, from, to));
    expect(part.window(map, from, to).length).toBeGreaterThan(0);
    // Nothing outside the window's clips.
    expect(part.window(map, 0, map.ticksToSeconds(20 * BAR))).toEqual([]);
    expect(part.firstStartAtOrAfter(25 * BAR)).toBeNull();
  });
});
