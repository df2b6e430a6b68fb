import type * as Y from "yjs";
import { Midi } from "./tonejs";
import { clipEntries, noteEntries } from "../clip-store";
import { GM_PROGRAMS } from "../instruments";
import { readSong } from "../song";
import { readTempoMap } from "../tempo-changes";
import { PPQ } from "../timeline/tempo-map";
import { listTracks } from "../tracks";

/** MIDI channel index of General MIDI percussion (channel 10). */
export const DRUM_CHANNEL = 9;

/**
 * @tonejs/midi writes floor(60e6 / bpm) microseconds per quarter; pass a value that floors to the nearest
 * integer instead, so a tempo survives export → import.
 */
function encodableQuarterBpm(quarterBpm: number): number {
  const microsPerQuarter = Math.round(60_000_000 / quarterBpm);
  return 60_000_000 / (microsPerQuarter + 0.5);
}

/** Melodic channels in order, skipping the drum channel. */
function melodicChannel(index: number): number {
  const channel = index % 15;
  return channel >= DRUM_CHANNEL ? channel + 1 : channel;
}

/**
 * The song as a Standard MIDI File: type 1, PPQ 960, a conductor track (song title, tempo map, time signature)
 * and one track per instrument track in track order (empty ones too), with its GM program; drums on channel 10.
 * A clip plays its notes that start inside it, cut at the clip end.
 */
export function exportMidiFile(doc: Y.Doc): Uint8Array {
  const song = readSong(doc);
  const map = readTempoMap(doc);
  const { numerator, denominator } = song.timeSignature;
  const midi = new Midi();
  midi.header.fromJSON({
    name: song.title,
    ppq: PPQ,
    meta: [],
    keySignatures: [],
    // MIDI tempo counts quarter notes; ours counts the meter's beat.
    tempos: map.segments().map((s) => ({ ticks: s.startTick, bpm: encodableQuarterBpm((s.bpm * 4) / denominator) })),
    timeSignatures: [{ ticks: 0, timeSignature: [numerator, denominator], measures: 0 }],
  });

  const clipsByTrack = new Map<string, ReturnType<typeof clipEntries>>();
  for (const entry of clipEntries(doc)) {
    const list = clipsByTrack.get(entry.clip.trackId) ?? [];
    list.push(entry);
    clipsByTrack.set(entry.clip.trackId, list);
  }
  let melodic = 0;
  for (const track of listTracks(doc)) {
    if (track.kind !== "instrument" || track.instrument === null) continue;
    const out = midi.addTrack();
    out.name = track.name;
    out.channel = track.instrument === "drums" ? DRUM_CHANNEL : melodicChannel(melodic++);
    out.instrument.number = GM_PROGRAMS[track.instrument];
    const clips = (clipsByTrack.get(track.id) ?? []).sort((a, b) => a.clip.startTick - b.clip.startTick);
    for (const { clip, map: clipMap } of clips) {
      for (const { note } of noteEntries(clipMap)) {
        if (note.startTick >= clip.lengthTicks) continue;
        out.addNote({
          midi: note.pitch,
          ticks: clip.startTick + note.startTick,
          durationTicks: Math.min(note.durationTicks, clip.lengthTicks - note.startTick),
          velocity: note.velocity / 127,
        });
      }
    }
  }
  return midi.toArray();
}
