/**
 * Documents the engine diagnostics page builds for tests, the benchmark and people: all made through the
 * model's operations, as a band would make them.
 */
import * as Y from "yjs";
import {
  PPQ,
  addMidiClip,
  addTrack,
  setTempo,
  setTempoChange,
  type InstrumentId,
  type NoteInit,
  type Origin,
} from "@bandspace/model";

export const LAB_ORIGIN: Origin = { kind: "user", userId: "engine-lab" };
const BAR = 4 * PPQ;
const EIGHTH = PPQ / 2;
const SIXTEENTH = PPQ / 4;

const n = (pitch: number, startTick: number, durationTicks: number, velocity = 100): NoteInit => ({
  pitch,
  startTick,
  durationTicks,
  velocity,
});

export interface GrooveScene {
  doc: Y.Doc;
  tracks: { id: string; name: string; instrument: InstrumentId }[];
  /** Render range: bar 1 is empty, the groove plays bars 2–6, bar 7 is empty again. */
  fromTick: number;
  toTick: number;
  /** Ticks where nothing plays (bar 1, and bar 7 after release tails). */
  silentBars: number[];
}

/**
 * The offline-render test signal: kick, snare and hats (each on its own drum track, so each renders alone with
 * clean onsets) and a bass line, at 120 BPM with tempo changes to 90 BPM at bar 3 and 150 BPM at bar 5.
 */
export function grooveScene(): GrooveScene {
  const doc = new Y.Doc();
  setTempo(doc, 120, LAB_ORIGIN);
  setTempoChange(doc, { bar: 3, bpm: 90 }, LAB_ORIGIN);
  setTempoChange(doc, { bar: 5, bpm: 150 }, LAB_ORIGIN);
  const track = (name: string, instrument: InstrumentId) => ({
    id: addTrack(doc, { name, instrument }, LAB_ORIGIN).id,
    name,
    instrument,
  });
  const kick = track("Kick", "drums");
  const snare = track("Snare", "drums");
  const hats = track("Hats", "drums");
  const bass = track("Bass", "bass");
  const bars = 5; // bars 2..6
  const kicks: NoteInit[] = [];
  const snares: NoteInit[] = [];
  const hatNotes: NoteInit[] = [];
  const bassNotes: NoteInit[] = [];
  const line = [40, 40, 43, 45, 40, 47, 45, 43];
  for (let b = 0; b < bars; b++) {
    const at = b * BAR;
    kicks.push(
      n(36, at, SIXTEENTH, 120),
      n(36, at + 2 * PPQ, SIXTEENTH, 110),
      n(36, at + 2 * PPQ + EIGHTH + SIXTEENTH, SIXTEENTH, 90),
    );
    snares.push(n(38, at + PPQ, SIXTEENTH, 110), n(38, at + 3 * PPQ, SIXTEENTH, 115));
    for (let e = 0; e < 8; e++) {
      const open = e === 7;
      hatNotes.push(n(open ? 46 : 42, at + e * EIGHTH, SIXTEENTH, e % 2 === 0 ? 100 : 70));
    }
    // Eighths at 120 and 90 BPM, quarters at 150 BPM: each note's release ends before the next note starts.
    const step = b < 3 ? EIGHTH : PPQ;
    for (let e = 0; e * step < BAR; e++)
      bassNotes.push(n(line[(e + b) % line.length], at + e * step, SIXTEENTH, 100 - (e % 2) * 15));
  }
  for (const [t, notes] of [
    [kick, kicks],
    [snare, snares],
    [hats, hatNotes],
    [bass, bassNotes],
  ] as const) {
    addMidiClip(doc, { trackId: t.id, startTick: BAR, lengthTicks: bars * BAR, name: t.name, notes }, LAB_ORIGIN);
  }
  return { doc, tracks: [kick, snare, hats, bass], fromTick: 0, toTick: 7 * BAR, silentBars: [1, 7] };
}

export interface ArrangementSpec {
  tracks: number;
  clips: number;
  /** Length in seconds at `bpm` (4/4, no tempo changes). */
  seconds: number;
  bpm: number;
  seed?: number;
}

const PLAN: InstrumentId[] = ["drums", "bass", "piano", "pad", "lead", "piano"];

/** Notes of one 4-bar clip for an instrument (a plausible part, deterministic per seed). */
export function partFor(instrument: InstrumentId, rnd: () => number, bars = 4): NoteInit[] {
  const out: NoteInit[] = [];
  const root = 36 + Math.floor(rnd() * 12);
  for (let b = 0; b < bars; b++) {
    const at = b * BAR;
    switch (instrument) {
      case "drums":
        for (let e = 0; e < 8; e++)
          out.push(n(e === 7 ? 46 : 42, at + e * EIGHTH, SIXTEENTH, 70 + Math.floor(rnd() * 40)));
        out.push(
          n(36, at, SIXTEENTH, 120),
          n(36, at + 2 * PPQ, SIXTEENTH, 110),
          n(38, at + PPQ, SIXTEENTH, 110),
          n(38, at + 3 * PPQ, SIXTEENTH, 110),
        );
        if (b === bars - 1) out.push(n(49, at + 3 * PPQ + EIGHTH, SIXTEENTH, 90));
        break;
      case "bass":
        for (let e = 0; e < 8; e++)
          out.push(n(root + [0, 0, 7, 5, 0, 10, 7, 3][e], at + e * EIGHTH, EIGHTH - 60, 90 + Math.floor(rnd() * 30)));
        break;
      case "piano":
        for (let q = 0; q < 4; q++)
          for (const iv of [12, 16, 19])
            out.push(n(root + iv + (b % 2) * 5, at + q * PPQ, PPQ - 120, 70 + Math.floor(rnd() * 30)));
        break;
      case "pad":
        for (const iv of [24, 28, 31, 35]) out.push(n(root + iv, at, BAR - 60, 80));
        break;
      case "lead":
        for (let e = 0; e < 8; e++)
          if (rnd() < 0.7)
            out.push(n(root + 24 + [0, 2, 3, 5, 7, 10, 12, 14][Math.floor(rnd() * 8)], at + e * EIGHTH, EIGHTH, 90));
        break;
    }
  }
  return out;
}

/** A benchmark arrangement: `tracks` instrument tracks, `clips` 4-bar clips spread over `seconds`. */
export function arrangementDoc(spec: ArrangementSpec): {
  doc: Y.Doc;
  trackIds: string[];
  clipIds: string[];
  endTick: number;
  noteCount: number;
} {
  let seed = spec.seed ?? 1;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const doc = new Y.Doc();
  setTempo(doc, spec.bpm, LAB_ORIGIN);
  const totalBars = Math.floor((spec.seconds * spec.bpm) / 60 / 4);
  const slots = Math.max(1, Math.floor(totalBars / 4));
  const trackIds: string[] = [];
  const instruments: InstrumentId[] = [];
  for (let t = 0; t < spec.tracks; t++) {
    const instrument = PLAN[t % PLAN.length];
    instruments.push(instrument);
    trackIds.push(addTrack(doc, { name: `${instrument} ${t + 1}`, instrument }, LAB_ORIGIN).id);
  }
  const clipIds: string[] = [];
  let noteCount = 0;
  // Clips go round-robin over tracks, each track's clips spread evenly over the song.
  const perTrack = Array.from(
    { length: spec.tracks },
    (_, t) => Math.floor(spec.clips / spec.tracks) + (t < spec.clips % spec.tracks ? 1 : 0),
  );
  perTrack.forEach((count, t) => {
    for (let k = 0; k < count; k++) {
      const slot = Math.floor((k * slots) / Math.max(1, count) + (t % 3)) % slots;
      const notes = partFor(instruments[t], rnd);
      noteCount += notes.length;
      clipIds.push(
        addMidiClip(doc, { trackId: trackIds[t], startTick: slot * 4 * BAR, lengthTicks: 4 * BAR, notes }, LAB_ORIGIN)
          .id,
      );
    }
  });
  return { doc, trackIds, clipIds, endTick: totalBars * BAR, noteCount };
}
