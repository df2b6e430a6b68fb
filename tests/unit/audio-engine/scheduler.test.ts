import { describe, expect, it } from "vitest";
import {
  addNotes,
  deleteNotes,
  listNotes,
  observeArrangement,
  PPQ,
  readTempoMap,
  setTempo,
  type TempoMap,
  setMeterChange,
  setTempoChange,
} from "@bandspace/model";
import { NoteIndex, type ScheduledNote } from "@bandspace/audio-engine/pure";
import { LookAheadScheduler } from "@bandspace/audio-engine/pure";
import { planCountIn } from "@bandspace/audio-engine/pure";
import { clip, instrumentTrack, note, r9, songDoc, USER, REMOTE } from "./fixtures";

const BAR = 4 * PPQ;

interface Played {
  pitch: number;
  at: number;
  window: number;
}

function harness(index: NoteIndex, map: TempoMap, lookAhead = 0.1, maxLookAhead?: number) {
  const played: Played[] = [];
  const clicks: { at: number; downbeat: boolean; window: number }[] = [];
  let window = 0;
  const s = new LookAheadScheduler(
    index,
    map,
    {
      note: (n: ScheduledNote, at: number) => played.push({ pitch: n.pitch, at, window }),
      click: (at: number, downbeat: boolean) => clicks.push({ at, downbeat, window }),
    },
    { lookAhead, ...(maxLookAhead === undefined ? {} : { maxLookAhead }) },
  );
  const tick = (now: number) => {
    window++;
    return s.tick(now);
  };
  /** Ticks every `step` s from `from` to `to` (exclusive), with a deterministic ±jitter. */
  const run = (from: number, to: number, step = 0.025, jitter = 0.01) => {
    for (let i = 0; ; i++) {
      const now = from + i * step + (((i * 7919) % 13) / 13 - 0.5) * jitter;
      if (now >= to) break;
      tick(Math.max(from, now));
    }
  };
  return { s, played, clicks, tick, run };
}

describe("LookAheadScheduler", () => {
  it("hands over every note once, at anchor + (note time − start), whatever the tick jitter", () => {
    const doc = songDoc(120, [{ bar: 2, bpm: 90 }]);
    const t = instrumentTrack(doc, "bass");
    clip(
      doc,
      t,
      0,
      3 * BAR,
      Array.from({ length: 24 }, (_, i) => note(36 + i, i * 480)),
    );
    const map = readTempoMap(doc);
    const h = harness(NoteIndex.fromDoc(doc), map);
    h.s.start({ at: 50, fromSeconds: 0, loop: null });
    h.run(49.9, 60);
    expect(h.played.map((p) => p.pitch)).toEqual(Array.from({ length: 24 }, (_, i) => 36 + i));
    for (const p of h.played) expect(p.at).toBe(50 + map.ticksToSeconds((p.pitch - 36) * 480));
  });

  it("crossing the loop end schedules the loop start of the next pass in the same window, exactly at the wrap", () => {
    const doc = songDoc(120); // loop bars 1–2 = [0, 4) s
    const t = instrumentTrack(doc, "drums");
    clip(doc, t, 0, 2 * BAR, [note(36, 0), note(38, 960), note(42, 2 * BAR - 96)]); // 0, 0.5, 3.95 s
    const map = readTempoMap(doc);
    const h = harness(NoteIndex.fromDoc(doc), map);
    h.s.start({ at: 10, fromSeconds: 3.8, loop: { start: 0, end: 4 } });
    h.tick(10); // [10, 10.1)
    expect(h.played).toEqual([]);
    h.tick(10.12); // [10.1, 10.22): 3.95 s of pass 0 and 0 s of pass 1
    expect(h.played.map((p) => [p.pitch, r9(p.at), p.window])).toEqual([
      [42, 10.15, 2],
      [36, 10.2, 2],
    ]);
    expect(h.played[1].at).toBe(10 + (4 - 3.8)); // the wrap, computed once
    h.run(10.2, 10.2 + 4 * 3, 0.025, 0);
    // Three more passes, each note at pass start + its time.
    const pass = (k: number) => 10 + 0.2 + (k - 1) * 4;
    expect(h.played.slice(2).map((p) => [p.pitch, p.at])).toEqual([
      [38, pass(1) + 0.5],
      [42, pass(1) + 3.95],
      [36, pass(2)],
      [38, pass(2) + 0.5],
      [42, pass(2) + 3.95],
      [36, pass(3)],
      [38, pass(3) + 0.5],
      [42, pass(3) + 3.95],
      [36, pass(4)],
    ]);
  });

  it("stays exact after hundreds of passes (no accumulated drift)", () => {
    const doc = songDoc(137);
    const t = instrumentTrack(doc, "piano");
    clip(doc, t, 0, BAR, [note(60, 0), note(64, 1000)]);
    const map = readTempoMap(doc);
    const end = map.ticksToSeconds(BAR);
    const h = harness(NoteIndex.fromDoc(doc), map);
    h.s.start({ at: 1, fromSeconds: 0, loop: { start: 0, end } });
    h.run(1, 1 + 500 * end);
    const downbeats = h.played.filter((p) => p.pitch === 60);
    expect(downbeats.length).toBeGreaterThanOrEqual(499);
    downbeats.forEach((p, k) => expect(p.at).toBe(k === 0 ? 1 : 1 + end + (k - 1) * end));
  });

  it("follows edits: a note added where scheduling has already reached sounds on the next pass; scheduled notes stay", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "lead");
    const c = clip(doc, t, 0, BAR, [note(60, 0), note(62, 1920)]); // 0 s, 1 s; loop [0, 2)
    const index = NoteIndex.fromDoc(doc);
    const stop = observeArrangement(doc, (change) => index.applyChange(doc, change));
    const h = harness(index, readTempoMap(doc));
    h.s.start({ at: 0, fromSeconds: 0, loop: { start: 0, end: 2 } });
    h.run(0, 0.95, 0.025, 0); // scheduled up to ≈1.05 s: the note at 1 s is handed over
    expect(h.played.map((p) => p.pitch)).toEqual([60, 62]);
    // A bandmate adds a note at 0.5 s (already passed) and at 1.01 s (inside the handed-over window), and deletes 62.
    addNotes(doc, c, [note(70, 960), note(71, 1940)], REMOTE);
    deleteNotes(doc, c, [listNotes(doc, c).find((n) => n.pitch === 62)!.id], REMOTE);
    h.run(0.95, 2.5, 0.025, 0);
    // This pass: nothing new (both edits are behind the scheduling point; 62 was already handed over).
    // Next pass (from 2 s): 60, the new 70 and 71, no 62.
    expect(h.played.map((p) => [p.pitch, r9(p.at)])).toEqual([
      [60, 0],
      [62, 1],
      [60, 2],
      [70, 2.5],
    ]);
    h.run(2.5, 3.5, 0.025, 0);
    expect(h.played.slice(4).map((p) => [p.pitch, r9(p.at)])).toEqual([[71, r9(2 + 1940 / 1920)]]);
    stop();
  });

  it("re-anchors on a tempo change where scheduling has reached, keeping the musical position", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "piano");
    clip(
      doc,
      t,
      0,
      4 * BAR,
      Array.from({ length: 16 }, (_, i) => note(50 + i, i * 960)),
    );
    const h = harness(NoteIndex.fromDoc(doc), readTempoMap(doc));
    h.s.start({ at: 0, fromSeconds: 0, loop: null });
    h.run(0, 1.4, 0.025, 0); // up to 1.5 s handed over: beats 0..2 at 0, 0.5, 1.0 s
    expect(h.played.map((p) => p.pitch)).toEqual([50, 51, 52]);
    const reached = h.s.scheduledUntil;
    const tickAtReach = readTempoMap(doc).secondsToTicks(reached);
    setTempo(doc, 60, USER);
    const map60 = readTempoMap(doc);
    h.s.retime(map60, null);
    expect(h.s.positionTick(reached)).toBeCloseTo(tickAtReach, 9);
    h.run(1.4, 4, 0.025, 0);
    // Beat 3 (tick 2880) is (2880 − tickAtReach) ticks after the re-anchor, at 1 s per beat now.
    const beat3 = h.played.find((p) => p.pitch === 53)!;
    expect(beat3.at).toBeCloseTo(reached + ((3 * 960 - tickAtReach) / 960) * 1.0, 12);
    const beat4 = h.played.find((p) => p.pitch === 54)!;
    expect(beat4.at - beat3.at).toBeCloseTo(1, 12);
  });

  it("reports the live position in ticks, holding the start during a count-in", () => {
    const doc = songDoc(120);
    const map = readTempoMap(doc);
    const h = harness(new NoteIndex(), map);
    h.s.start({ at: 5, fromSeconds: map.ticksToSeconds(960), loop: null });
    expect(h.s.positionTick(3)).toBe(960);
    expect(h.s.positionTick(5.25)).toBeCloseTo(960 + 480, 9);
  });

  it("clicks the metronome on every beat with the downbeat accented, through loop wraps", () => {
    const doc = songDoc(120);
    const map = readTempoMap(doc);
    const h = harness(new NoteIndex(), map);
    h.s.metronome = true;
    h.s.start({ at: 0, fromSeconds: 1.5, loop: { start: 0, end: 2 } }); // beat 4 of bar 1, then wrap to bar 1
    h.run(0, 1.45, 0.025, 0);
    expect(h.clicks.map((c) => [r9(c.at), c.downbeat])).toEqual([
      [0, false],
      [0.5, true],
      [1.0, false],
      [1.5, false],
    ]);
  });

  it("clicks follow a meter change (accents) and a mid-bar tempo change and a ramp (times)", () => {
    // Bar 1 in 4/4 at 120 (2 s); from bar 2 in 3/4. A jump to 60 BPM at beat 2.5 of bar 2; a ramp 60 → 120 over bar 3.
    const doc = songDoc(120);
    setMeterChange(doc, { bar: 2, numerator: 3, denominator: 4 }, USER);
    setTempoChange(doc, { tick: BAR + 1440, bpm: 60 }, USER);
    setTempoChange(doc, { tick: BAR + 2880, bpm: 60 }, USER); // the ramp starts here…
    setTempoChange(doc, { tick: BAR + 2 * 2880, bpm: 120, ramp: true }, USER); // …and reaches 120 at bar 4
    const map = readTempoMap(doc);
    const h = harness(new NoteIndex(), map);
    h.s.metronome = true;
    h.s.start({ at: 0, fromSeconds: 0, loop: null });
    h.run(0, 12, 0.025, 0);
    const clicks = h.clicks.slice(0, 4 + 3 + 3 + 2);
    expect(clicks.map((c) => c.downbeat)).toEqual([
      ...[true, false, false, false],
      ...[true, false, false],
      ...[true, false, false],
      ...[true, false],
    ]);
    const expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => {
      const tick = i < 4 ? i * 960 : BAR + (i - 4) * 960;
      return map.ticksToSeconds(tick);
    });
    expect(clicks.map((c) => r9(c.at))).toEqual(expected.map(r9));
    // Independent figures: bar 2 beat 2 at 2.5 s; beat 3 (after the jump at 2.75 s) at 2.75 + 0.5 beat of 1 s.
    expect(r9(clicks[5].at)).toBe(2.5);
    expect(r9(clicks[6].at)).toBe(3.25);
    // The ramp bar: its downbeat one 60-BPM beat later (4.25 s); the next beat after 3·ln(80/60) s (closed form:
    // 60 → 120 over 3 beats is 20 BPM per beat, 60/20 · ln(80/60)).
    expect(r9(clicks[7].at)).toBe(4.25);
    expect(clicks[8].at).toBeCloseTo(4.25 + 3 * Math.log(80 / 60), 9);
  });

  it("plans a count-in at the tempo where playing starts, the playhead starting after it", () => {
    const doc = songDoc(120, [{ bar: 3, bpm: 60 }]);
    const map = readTempoMap(doc);
    const one = planCountIn(map, 0, 1, 10);
    expect(one.clicks.map((c) => [r9(c.time), c.downbeat])).toEqual([
      [10, true],
      [10.5, false],
      [11, false],
      [11.5, false],
    ]);
    expect(one.startCtx).toBe(12);
    const two = planCountIn(map, 2 * BAR + 480, 2, 0); // inside bar 3, at 60 BPM
    expect(two.clicks.length).toBe(8);
    expect(two.startCtx).toBe(8);
    expect(planCountIn(map, 0, 0, 3)).toEqual({ clicks: [], startCtx: 3 });
  });

  it("stops at `untilSeconds` (offline renders) and drops notes that would be late", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "piano");
    clip(doc, t, 0, BAR, [note(60, 0), note(61, 960), note(62, 1920), note(63, 2880)]);
    const h = harness(NoteIndex.fromDoc(doc), readTempoMap(doc));
    h.s.start({ at: 0, fromSeconds: 0, loop: null, untilSeconds: 1.0 });
    h.run(0, 3);
    expect(h.played.map((p) => p.pitch)).toEqual([60, 61]);
    const late = harness(NoteIndex.fromDoc(doc), readTempoMap(doc));
    late.s.start({ at: 0, fromSeconds: 0, loop: null });
    late.tick(0.95); // the clock ran ahead of a stalled main thread: 0 s and 0.5 s are long past
    expect(late.played.map((p) => p.pitch)).toEqual([62]);
    expect(late.s.stats.dropped).toBe(2);
  });

  it("grows its look-ahead after late ticks, so a main thread that stalls now and then drops no note", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "piano");
    clip(
      doc,
      t,
      0,
      8 * BAR,
      Array.from({ length: 128 }, (_, i) => note(40 + (i % 30), i * 240)),
    ); // every 1/16 for 8 bars
    const map = readTempoMap(doc);
    /** Ticks every 25 ms, but every 40th tick comes 400 ms late (a long task on the main thread). */
    const stuttering = (h: ReturnType<typeof harness>) => {
      let now = 0;
      for (let i = 0; now < 17; i++) {
        now += i % 40 === 39 ? 0.4 : 0.025;
        h.tick(now);
      }
    };
    const fixed = harness(NoteIndex.fromDoc(doc), map, 0.1, 0.1);
    fixed.s.start({ at: 0.05, fromSeconds: 0, loop: null });
    stuttering(fixed);
    expect(fixed.s.stats.dropped).toBeGreaterThan(0); // a fixed 100 ms window loses notes to each stall

    const adaptive = harness(NoteIndex.fromDoc(doc), map);
    adaptive.s.start({ at: 0.05, fromSeconds: 0, loop: null });
    stuttering(adaptive);
    // Only the first stall can cost a note (the window has not grown yet); every other note plays, on time.
    expect(adaptive.s.stats.dropped).toBeLessThanOrEqual(3);
    expect(adaptive.played.length + adaptive.s.stats.dropped).toBe(128);
    for (const p of adaptive.played) {
      const step = (p.at - 0.05) / 0.125; // a sixteenth at 120 BPM
      expect(Math.abs(step - Math.round(step))).toBeLessThan(1e-9);
    }
    expect(adaptive.s.lookAhead).toBeGreaterThan(0.1); // still grown (it decays back between stalls)
    expect(adaptive.s.lookAhead).toBeLessThanOrEqual(LookAheadScheduler.defaults.maxLookAhead);
  });
  it("hands over further ahead when asked before a known stall (a bandmate's edit), so no note comes due unseen", () => {
    const doc = songDoc(120);
    const t = instrumentTrack(doc, "piano");
    clip(doc, t, 0, BAR, [note(60, 0), note(61, 240), note(62, 480), note(63, 720)]); // 0, 0.125, 0.25, 0.375 s
    const map = readTempoMap(doc);
    const plain = harness(NoteIndex.fromDoc(doc), map);
    plain.s.start({ at: 0.05, fromSeconds: 0, loop: null });
    plain.tick(0.06);
    plain.tick(0.45); // 390 ms on the main thread: the notes at 0.175 s and 0.3 s were due meanwhile
    expect(plain.s.stats.dropped).toBe(2);

    const guarded = harness(NoteIndex.fromDoc(doc), map);
    guarded.s.start({ at: 0.05, fromSeconds: 0, loop: null });
    guarded.s.tick(0.06, 0.4); // the edit arrives: everything up to 0.46 s is handed over first
    guarded.tick(0.45);
    expect(guarded.s.stats.dropped).toBe(0);
    expect(guarded.played.map((p) => [p.pitch, p.at])).toEqual([
      [60, 0.05],
      [61, 0.175],
      [62, 0.3],
      [63, 0.425],
    ]);
    // Never beyond the look-ahead's ceiling, and only once: the next tick goes on from there.
    const capped = harness(NoteIndex.fromDoc(doc), map);
    capped.s.start({ at: 0, fromSeconds: 0, loop: null });
    capped.s.tick(0, 60);
    expect(capped.s.scheduledUntil).toBeCloseTo(LookAheadScheduler.defaults.maxLookAhead, 9);
  });
  it("chases a late held note (starts it now, ending where it would have) and drops a short one whose moment passed", () => {
    const doc = songDoc(120); // 960 ticks = 0.5 s
    const t = instrumentTrack(doc, "piano");
    // A chord held for a bar (2 s) on the downbeat, and a sixteenth (0.125 s) at 0.25 s.
    clip(doc, t, 0, BAR, [note(48, 0, BAR), note(55, 0, BAR), note(72, 480, 240)]);
    const durations: number[] = [];
    const played: { pitch: number; at: number; time: number }[] = [];
    const s = new LookAheadScheduler(NoteIndex.fromDoc(doc), readTempoMap(doc), {
      note: (n: ScheduledNote, at: number) => {
        played.push({ pitch: n.pitch, at, time: n.time });
        durations.push(n.duration);
      },
      click: () => {},
    });
    s.start({ at: 0, fromSeconds: 0, loop: null });
    s.tick(0.4); // the main thread was stalled for 400 ms after the start
    expect(s.stats).toMatchObject({ chased: 2, dropped: 1 });
    expect(played.map((p) => [p.pitch, p.at, p.time])).toEqual([
      [48, 0.4, 0.4],
      [55, 0.4, 0.4],
    ]);
    // Each chased note still ends at the end of its bar, 2 s after its written start.
    for (const d of durations) expect(d).toBeCloseTo(1.6, 9);
    // Past half its length a held note is dropped too: it would only be a tail out of time.
    const later = new LookAheadScheduler(NoteIndex.fromDoc(doc), readTempoMap(doc), {
      note: () => {},
      click: () => {},
    });
    later.start({ at: 0, fromSeconds: 0, loop: null });
    later.tick(1.2);
    expect(later.stats).toMatchObject({ chased: 0, dropped: 3 });
  });
  it("tells when the next note not yet handed over plays, so an offline render can skip empty stretches", () => {
    const doc = songDoc(120); // 0.5 s per beat
    const t = instrumentTrack(doc, "piano");
    clip(doc, t, 4 * BAR, BAR, [note(60, 0), note(62, 960)]); // 8 s and 8.5 s
    clip(doc, t, 12 * BAR, BAR, [note(64, 480)]); // 24.25 s
    const index = NoteIndex.fromDoc(doc);
    expect(index.firstStartAtOrAfter(0)).toBe(4 * BAR);
    expect(index.firstStartAtOrAfter(4 * BAR + 1)).toBe(4 * BAR + 960);
    expect(index.firstStartAtOrAfter(4 * BAR + 961)).toBe(12 * BAR + 480);
    expect(index.firstStartAtOrAfter(12 * BAR + 481)).toBeNull();

    const h = harness(index, readTempoMap(doc), 1.5);
    expect(h.s.nextNoteAt()).toBeNull(); // not started
    h.s.start({ at: 2, fromSeconds: 1, loop: null, untilSeconds: 20 }); // timeline 1 s plays at context 2 s
    expect(h.s.nextNoteAt()).toBe(9); // 8 s on the timeline
    h.tick(2); // hands over up to 3.5 s: no note
    expect(h.played).toEqual([]);
    expect(h.s.nextNoteAt()).toBe(9);
    h.tick(7.6); // up to 9.1: the first note
    expect(h.played.map((p) => p.pitch)).toEqual([60]);
    expect(h.s.nextNoteAt()).toBe(9.5);
    h.tick(8.1);
    expect(h.s.nextNoteAt()).toBeNull(); // 24.25 s is past untilSeconds
    h.s.start({ at: 0, fromSeconds: 9, loop: null });
    expect(h.s.nextNoteAt()).toBe(15.25);

    // With the metronome on, or looping, it cannot skip: the answer is "now".
    h.s.metronome = true;
    expect(h.s.nextNoteAt()).toBe(h.s.scheduledUntil);
    h.s.metronome = false;
    h.s.start({ at: 0, fromSeconds: 0, loop: { start: 0, end: 4 } });
    expect(h.s.nextNoteAt()).toBe(0);
  });
});
