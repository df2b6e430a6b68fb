import type * as Y from "yjs";
import { clipEntries, noteEntries } from "../clip-store";
import { GM_PROGRAMS } from "../instruments";
import { readSong } from "../song";
import { readTempoMap } from "../tempo-changes";
import { PPQ, type TempoMap } from "../timeline/tempo-map";
import { listTracks } from "../tracks";
import { signatureOfKey } from "./key-signature";
import { DRUM_CHANNEL } from "./plan-import";
import { writeSmf, type SmfOut } from "./smf-write";

/**
 * A tempo ramp is written as one tempo event per this many ticks (a sixteenth note): MIDI has no ramps. Each
 * step's tempo is the ramp's average over the step (its exact duration divided by its length), so every step
 * boundary lands where the ramp puts it, and a note between two boundaries moves by well under a millisecond.
 */
export const RAMP_STEP_TICKS = PPQ / 4;

/** How far (seconds) the file's tempo events may drift from the map before a value is corrected. */
const DRIFT_LIMIT_S = 50e-6;

/** Melodic channels in order, skipping the drum channel. */
function melodicChannel(index: number): number {
  const channel = index % 15;
  return channel >= DRUM_CHANNEL ? channel + 1 : channel;
}

/**
 * The tempo events of the map: one per change, ramps as RAMP_STEP_TICKS steps. MIDI stores whole microseconds
 * per quarter; each event's value is chosen from the exact time of the next event (error diffusion), so the
 * rounding never accumulates: every event sits within a microsecond or so of the map's time.
 */
export function tempoEvents(map: TempoMap): SmfOut[] {
  const bounds: number[] = [];
  for (const seg of map.segments()) {
    bounds.push(seg.startTick);
    if (seg.endBpm !== seg.bpm && Number.isFinite(seg.endTick)) {
      for (let t = seg.startTick + RAMP_STEP_TICKS; t < seg.endTick; t += RAMP_STEP_TICKS) bounds.push(t);
    }
  }
  const out: SmfOut[] = [];
  let written = 0; // seconds at the current boundary as the file will play it
  for (let i = 0; i < bounds.length; i++) {
    const from = bounds[i];
    const to = bounds[i + 1];
    let micros: number;
    if (to === undefined) {
      // The last tempo holds to the end: the map's tempo there, in quarter notes.
      micros = Math.round(map.secondsPerTickAt(from) * PPQ * 1e6);
    } else {
      // The plain rounding of the tempo keeps typed tempos readable (140 → 428571 µs); when the rounding so far
      // has drifted more than DRIFT_LIMIT from the map, this event's value takes the drift back.
      const target = map.ticksToSeconds(to);
      const plain = Math.round(map.secondsPerTickAt(from) * PPQ * 1e6);
      const plainEnd = written + (plain * (to - from)) / PPQ / 1e6;
      const exact = Math.round(((target - written) * 1e6 * PPQ) / (to - from));
      micros = Math.max(1, Math.abs(plainEnd - target) <= DRIFT_LIMIT_S ? plain : exact);
      written += (micros * (to - from)) / PPQ / 1e6;
    }
    out.push({ tick: from, kind: "tempo", microsPerQuarter: micros });
  }
  return out;
}

/**
 * The song as a Standard MIDI File: type 1, PPQ 960. A conductor track (song title, every meter, the key, the
 * full tempo map with ramps as dense steps) and one track per instrument track in track order (empty ones too)
 * with its name, GM program, notes and sustain pedal (CC 64); drums on channel 10. A clip plays its notes that
 * start inside it, cut at the clip end.
 */
export function exportMidiFile(doc: Y.Doc): Uint8Array {
  const song = readSong(doc);
  const map = readTempoMap(doc);
  const conductor: SmfOut[] = [{ tick: 0, kind: "trackName", text: song.title }];
  conductor.push({ tick: 0, kind: "meter", ...song.timeSignature });
  for (const m of map.meters().slice(1))
    conductor.push({ tick: m.startTick, kind: "meter", numerator: m.numerator, denominator: m.denominator });
  conductor.push({ tick: 0, kind: "key", ...signatureOfKey(song.key) });
  conductor.push(...tempoEvents(map));

  const clipsByTrack = new Map<string, ReturnType<typeof clipEntries>>();
  for (const entry of clipEntries(doc)) {
    const list = clipsByTrack.get(entry.clip.trackId) ?? [];
    list.push(entry);
    clipsByTrack.set(entry.clip.trackId, list);
  }
  const tracks: { events: SmfOut[] }[] = [{ events: conductor }];
  let melodic = 0;
  for (const track of listTracks(doc)) {
    if (track.kind !== "instrument" || track.instrument === null) continue;
    const channel = track.instrument === "drums" ? DRUM_CHANNEL : melodicChannel(melodic++);
    // Ranked so that at one tick the name and program come first and a note-off precedes a re-struck note-on.
    const ranked: { e: SmfOut; rank: number }[] = [
      { e: { tick: 0, kind: "trackName", text: track.name }, rank: 0 },
      { e: { tick: 0, kind: "program", channel, program: GM_PROGRAMS[track.instrument] }, rank: 1 },
    ];
    const clips = (clipsByTrack.get(track.id) ?? []).sort((a, b) => a.clip.startTick - b.clip.startTick);
    for (const { clip, map: clipMap } of clips) {
      for (const { note } of noteEntries(clipMap)) {
        if (note.startTick >= clip.lengthTicks) continue;
        const start = clip.startTick + note.startTick;
        const end = start + Math.min(note.durationTicks, clip.lengthTicks - note.startTick);
        ranked.push({
          e: { tick: start, kind: "noteOn", channel, pitch: note.pitch, velocity: note.velocity },
          rank: 4,
        });
        ranked.push({ e: { tick: end, kind: "noteOff", channel, pitch: note.pitch }, rank: 2 });
      }
      for (const r of clip.pedal ?? []) {
        const end = Math.min(r.endTick, clip.lengthTicks);
        if (end <= r.startTick) continue;
        ranked.push({
          e: { tick: clip.startTick + r.startTick, kind: "controller", channel, controller: 64, value: 127 },
          rank: 3,
        });
        ranked.push({
          e: { tick: clip.startTick + end, kind: "controller", channel, controller: 64, value: 0 },
          rank: 3,
        });
      }
    }
    ranked.sort((a, b) => a.e.tick - b.e.tick || a.rank - b.rank);
    tracks.push({ events: ranked.map((r) => r.e) });
  }
  return writeSmf(PPQ, tracks);
}
