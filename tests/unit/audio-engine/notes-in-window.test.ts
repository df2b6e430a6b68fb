import { describe, expect, it } from "vitest";
import { moveClip, readTempoMap, resizeClip, setTimeSignature, PPQ } from "@bandspace/model";
import { notesInWindow } from "@bandspace/audio-engine/pure";
import { clip, instrumentTrack, note, r9, songDoc, USER } from "./fixtures";

const BAR = 4 * PPQ; // 4/4

describe("notesInWindow", () => {
  it("gives each note its exact time from the TempoMap (clip start + note start) and duration", () => {
    const doc = songDoc(120); // 0.5 s per quarter
    const bass = instrumentTrack(doc, "bass");
    const c = clip(doc, bass, BAR, BAR, [note(40, 0, 480), note(43, 480, 960, 90), note(45, 1440, 240)]);
    const map = readTempoMap(doc);
    const notes = notesInWindow(doc, map, 0, 10);
    expect(notes.map((n) => [n.pitch, r9(n.time), r9(n.duration), n.velocity])).toEqual([
      [40, 2.0, 0.25, 100],
      [43, 2.25, 0.5, 90],
      [45, 2.75, 0.125, 100],
    ]);
    expect(notes.every((n) => n.clipId === c && n.trackId === bass)).toBe(true);
  });

  it("windows are half-open: a note exactly at `from` is in, exactly at `to` is out; adjacent windows share none", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "piano");
    clip(doc, t, 0, BAR, [note(60, 0), note(62, 480), note(64, 960), note(65, 1440)]); // 0, 0.25, 0.5, 0.75 s
    const map = readTempoMap(doc);
    expect(notesInWindow(doc, map, 0.25, 0.5).map((n) => n.pitch)).toEqual([62]);
    expect(notesInWindow(doc, map, 0.25, 0.5000001).map((n) => n.pitch)).toEqual([62, 64]);
    expect(notesInWindow(doc, map, 0.2499999, 0.25).map((n) => n.pitch)).toEqual([]);
    // Any partition of [0, 1) yields every note exactly once.
    const cuts = [0, 0.1, 0.25, 0.25, 0.3333, 0.5, 0.74999, 0.75, 1];
    const seen: number[] = [];
    for (let i = 0; i + 1 < cuts.length; i++)
      seen.push(...notesInWindow(doc, map, cuts[i], cuts[i + 1]).map((n) => n.pitch));
    expect(seen).toEqual([60, 62, 64, 65]);
    expect(notesInWindow(doc, map, 0.5, 0.5)).toEqual([]);
    expect(notesInWindow(doc, map, 0.6, 0.5)).toEqual([]);
  });

  it("follows tempo changes exactly, including a note that spans one", () => {
    // 120 BPM for bars 1–2 (4 s), 60 BPM from bar 3 (1 s per quarter), 180 BPM from bar 4.
    const doc = songDoc(120, [
      { bar: 3, bpm: 60 },
      { bar: 4, bpm: 180 },
    ]);
    const t = instrumentTrack(doc, "lead");
    clip(doc, t, 0, 4 * BAR, [
      note(70, 2 * BAR - 480, 960), // 3.75 s; ends a quarter into bar 3 → 4.0 + 0.5 s
      note(71, 2 * BAR), // bar 3 downbeat: exactly 4 s
      note(72, 2 * BAR + 960), // 5 s
      note(73, 3 * BAR), // bar 4: 4 + 4 = 8 s
      note(74, 3 * BAR + 960, 960), // 8 + 1/3 s, lasts 1/3 s
    ]);
    const map = readTempoMap(doc);
    const notes = notesInWindow(doc, map, 0, 20);
    expect(notes.map((n) => [n.pitch, r9(n.time), r9(n.duration)])).toEqual([
      [70, 3.75, 0.75],
      [71, 4, 0.25],
      [72, 5, 0.25],
      [73, 8, r9(240 * (60 / (180 * 960)))],
      [74, r9(8 + 1 / 3), r9(1 / 3)],
    ]);
    // The window boundary at the tempo change is exact too.
    expect(notesInWindow(doc, map, 3.9, 4).map((n) => n.pitch)).toEqual([]);
    expect(notesInWindow(doc, map, 4, 4.1).map((n) => n.pitch)).toEqual([71]);
  });

  it("uses the meter's beat: in 6/8 a tick is a 480th of an eighth's beat", () => {
    const doc = songDoc(120); // 120 eighths per minute in 6/8
    setTimeSignature(doc, 6, 8, USER);
    const t = instrumentTrack(doc, "piano");
    clip(doc, t, 0, 2 * 6 * 480, [note(60, 480), note(61, 6 * 480)]); // beat 2 → 0.5 s; bar 2 → 3 s
    const map = readTempoMap(doc);
    expect(notesInWindow(doc, map, 0, 10).map((n) => [n.pitch, r9(n.time)])).toEqual([
      [60, 0.5],
      [61, 3],
    ]);
  });

  it("plays only inside the clip: notes past its end are silent, durations are cut at its end; a moved clip moves its notes", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "pad");
    const c = clip(doc, t, 0, BAR, [note(60, 0, 960), note(62, 1440, 960), note(64, 2400, 240)]);
    resizeClip(doc, c, { lengthTicks: 1920 + 240 }, USER); // ends at 1.125 s: 64 (at 1.25 s) is out, 62 is cut
    let map = readTempoMap(doc);
    expect(notesInWindow(doc, map, 0, 10).map((n) => [n.pitch, r9(n.time), r9(n.duration)])).toEqual([
      [60, 0, 0.5],
      [62, 0.75, 0.375],
    ]);
    moveClip(doc, c, { startTick: 2 * BAR }, USER);
    map = readTempoMap(doc);
    expect(notesInWindow(doc, map, 0, 10).map((n) => [n.pitch, r9(n.time)])).toEqual([
      [60, 4],
      [62, 4.75],
    ]);
  });

  it("sorts simultaneous notes by track, then pitch, across clips and tracks", () => {
    const doc = songDoc(100);
    const a = instrumentTrack(doc, "piano", "A");
    const b = instrumentTrack(doc, "drums", "B");
    clip(doc, a, 0, BAR, [note(67, 0), note(60, 0)]);
    clip(doc, b, 0, BAR, [note(38, 0), note(36, 0)]);
    clip(doc, a, BAR, BAR, [note(50, 0)]);
    const map = readTempoMap(doc);
    const notes = notesInWindow(doc, map, 0, 100);
    const [first, second] = [a, b].sort();
    const expected0 = [first, second].flatMap((id) => (id === a ? [60, 67] : [36, 38]));
    expect(notes.map((n) => n.pitch)).toEqual([...expected0, 50]);
    expect(r9(notes[4].time)).toBe(r9((4 * 60) / 100));
  });
});
