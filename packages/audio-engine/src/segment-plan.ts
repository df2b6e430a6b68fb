/**
 * How a long offline render is cut into segments that together equal the one-piece render (segmented.ts).
 *
 * A segment is rendered in its own OfflineAudioContext that starts `preroll` seconds before the segment's first
 * frame: everything with memory — notes still sounding (they start in the pre-roll, as the scheduler only plays
 * notes that begin inside a render), envelopes in release, reverb combs, delay feedback, compressor and gate
 * envelopes — has been fed the same input by the time the segment's first frame is reached, so its samples are
 * the one-piece render's. The pre-roll is computed from the document (the longest note, pedal holds, the effects'
 * decay times, to −120 dB) and capped; state older than the cap (a note held for minutes) is the one thing it does not carry.
 * Pure: reads the document, no Web Audio — unit-tested in Node.
 */
import type * as Y from "yjs";
import {
  DELAY_NOTE_VALUES,
  MASTER_STRIP_ID,
  listClips,
  listNotes,
  readMix,
  readTempoMap,
  type Insert,
} from "@bandspace/model";
import type { Seconds } from "./units";

/** Longest release of the built-in instruments (the pad's 1.5 s) with a margin: a note is silent after it. */
export const INSTRUMENT_RELEASE_SECONDS: Seconds = 2;
/** Never less: state the table below does not name (filters, smoothing glides) settles well within it. */
export const MIN_PREROLL_SECONDS: Seconds = 2;
/** Never more: keeps a segment's memory bounded whatever the document holds. */
export const MAX_PREROLL_SECONDS: Seconds = 60;
/** Level (relative) below which a decaying state is taken as gone: −120 dB, under a 16-bit file's last bit. */
const SETTLED = 1e-6;

/**
 * Seconds until an insert's internal state (echoes, envelopes) has decayed below SETTLED. Exponential decays: a
 * state that falls 60 dB in T falls 120 dB in 2·T; an envelope with time constant τ reaches 1e-6 in 13.8·τ.
 */
export function insertMemorySeconds(insert: Insert, bpm: number): Seconds {
  const p = insert.params;
  const fall = -20 * Math.log10(SETTLED); // dB to fall
  switch (insert.effect) {
    case "reverb":
      return ((p.decay ?? 10000) / 1000) * (fall / 60) + (p.predelay ?? 0) / 1000;
    case "delay": {
      const note = DELAY_NOTE_VALUES[p.note ?? 0] ?? DELAY_NOTE_VALUES[DELAY_NOTE_VALUES.length - 1];
      const time = p.sync ? (60 / bpm) * note.quarters : (p.time ?? 2000) / 1000;
      const fb = Math.min(0.999, (p.feedback ?? 0) / 100);
      const echoes = fb <= 0 ? 1 : Math.ceil(Math.log(SETTLED) / Math.log(fb));
      return time * (echoes + 1);
    }
    case "compressor":
    case "gate":
    case "limiter":
    case "multiband":
    case "truePeakLimiter": {
      // Attack, hold, release and lookahead (ms, per band for the multiband): the envelope's time constants.
      const ms = Object.entries(p)
        .filter(([id]) => /release|attack|hold|lookahead/i.test(id))
        .reduce((m, [, v]) => Math.max(m, v), 0);
      return (ms / 1000) * Math.log(1 / SETTLED);
    }
    default:
      return 0;
  }
}

/** Seconds of pre-roll a segment needs so its samples equal the one-piece render's (see the file comment). */
export function segmentPrerollSeconds(doc: Y.Doc): Seconds {
  const map = readTempoMap(doc);
  let longest = 0;
  for (const clip of listClips(doc)) {
    const clipStart = map.ticksToSeconds(clip.startTick);
    const clipEnd = map.ticksToSeconds(clip.startTick + clip.lengthTicks);
    const pedalEnd = Math.max(0, ...(clip.pedal ?? []).map((r) => r.endTick));
    for (const n of listNotes(doc, clip.id)) {
      // A note is cut at its clip's end; under a pedal it is held until the pedal's release.
      const offTick = Math.max(n.startTick + n.durationTicks, pedalEnd > n.startTick ? pedalEnd : 0);
      const start = map.ticksToSeconds(clip.startTick + n.startTick);
      const off = Math.min(clipEnd, map.ticksToSeconds(clip.startTick + offTick));
      if (start >= clipStart) longest = Math.max(longest, off - start);
    }
  }
  const notes = longest > 0 ? longest + INSTRUMENT_RELEASE_SECONDS : 0;
  const mix = readMix(doc);
  const bpm = Math.min(400, 60 / Math.max(1e-6, map.ticksToSeconds(960) - map.ticksToSeconds(0)));
  // A sound passes a track's inserts, then buses' (which may feed further buses), then the master's: the memories
  // along that path add up. The worst track plus every bus plus the master bounds any path.
  const memory = (strip: string) =>
    (mix.inserts.get(strip) ?? []).reduce((s, i) => s + (i.bypass ? 0 : insertMemorySeconds(i, bpm)), 0);
  let worstTrack = 0;
  let buses = 0;
  for (const strip of mix.strips) {
    if (strip.kind === "track") worstTrack = Math.max(worstTrack, memory(strip.id));
    else if (strip.kind === "bus") buses += memory(strip.id);
  }
  const effects = worstTrack + buses + memory(MASTER_STRIP_ID);
  return Math.min(MAX_PREROLL_SECONDS, Math.max(MIN_PREROLL_SECONDS, notes + effects));
}

export interface RenderSegment {
  /** First frame the segment hands on (from the range start). */
  startFrame: number;
  /** Frames it hands on. */
  frames: number;
  /** Frames rendered before `startFrame` and dropped (0 at the range start). */
  prerollFrames: number;
}

/**
 * Cuts `totalFrames` into segments of `segmentFrames` (the last one shorter), each with a pre-roll of at most
 * `prerollFrames`, never reaching before the range start (the one-piece render starts there with silence too).
 * Boundaries fall on 128-frame render quanta so each context's suspend points stay on quantum boundaries.
 */
export function planSegments(totalFrames: number, segmentFrames: number, prerollFrames: number): RenderSegment[] {
  const quantum = 128;
  const step = Math.max(quantum, Math.round(segmentFrames / quantum) * quantum);
  const pre = Math.ceil(prerollFrames / quantum) * quantum;
  const out: RenderSegment[] = [];
  for (let start = 0; start < totalFrames; start += step)
    out.push({ startFrame: start, frames: Math.min(step, totalFrames - start), prerollFrames: Math.min(pre, start) });
  return out;
}
