import * as Y from "yjs";
import { parseMidi, writeMidi, type MidiData, type MidiEvent } from "midi-file";
import { listClips, listNotes, listTracks, readTempoMap } from "@bandspace/model";

/**
 * An independent reference for MIDI tests: files are written and read with `midi-file` (not the import's own
 * reader/writer), and note times are computed here from the file's own tempo events, without TempoMap.
 */

/** One event at an absolute tick, in midi-file's shape minus the delta. */
export type AbsEvent = { tick: number } & Record<string, unknown> & { type: string };

/** Writes tracks of absolute-tick events with midi-file's writer (running status on). */
export function writeFile(ppq: number, tracks: AbsEvent[][], format: 0 | 1 = 1): Uint8Array {
  const data: MidiData = {
    header: { format, numTracks: tracks.length, ticksPerBeat: ppq },
    tracks: tracks.map((events) => {
      const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.tick - b.e.tick || a.i - b.i);
      let last = 0;
      const out = sorted.map(({ e }) => {
        const { tick, ...rest } = e;
        const delta = tick - last;
        last = tick;
        return { ...rest, deltaTime: delta } as unknown as MidiEvent;
      });
      if (!sorted.some(({ e }) => e.type === "endOfTrack")) out.push({ deltaTime: 0, meta: true, type: "endOfTrack" });
      return out;
    }),
  };
  return Uint8Array.from(writeMidi(data, { running: true }));
}

export interface RefNote {
  channel: number;
  pitch: number;
  start: number;
  end: number;
  velocity: number;
  /** Index of the file track. */
  track: number;
}

/** Tick → seconds by the file's tempo events (120 BPM until the first), integrated here. */
export function fileClock(data: MidiData): (tick: number) => number {
  const ppq = data.header.ticksPerBeat!;
  const tempos: { tick: number; micros: number }[] = [];
  for (const track of data.tracks) {
    let tick = 0;
    for (const e of track) {
      tick += e.deltaTime;
      if (e.type === "setTempo") tempos.push({ tick, micros: e.microsecondsPerBeat });
    }
  }
  tempos.sort((a, b) => a.tick - b.tick);
  const points: { tick: number; seconds: number; micros: number }[] = [{ tick: 0, seconds: 0, micros: 500_000 }];
  for (const t of tempos) {
    const prev = points[points.length - 1];
    const seconds = prev.seconds + ((t.tick - prev.tick) * prev.micros) / ppq / 1e6;
    if (t.tick === prev.tick) points[points.length - 1] = { tick: t.tick, seconds: prev.seconds, micros: t.micros };
    else points.push({ tick: t.tick, seconds, micros: t.micros });
  }
  return (tick: number) => {
    let p = points[0];
    for (const q of points) if (q.tick <= tick) p = q;
    return p.seconds + ((tick - p.tick) * p.micros) / ppq / 1e6;
  };
}

/**
 * Every note of the file in seconds: paired per track, channel and pitch, first on first off (program changes
 * do not matter); a note-on never released ends at its track's End of Track.
 */
export function referenceNotes(bytes: Uint8Array): RefNote[] {
  const data = parseMidi(bytes);
  const clock = fileClock(data);
  const out: RefNote[] = [];
  data.tracks.forEach((track, index) => {
    let tick = 0;
    const open = new Map<string, { tick: number; velocity: number }[]>();
    for (const e of track) {
      tick += e.deltaTime;
      if (e.type === "noteOn" && e.velocity > 0) {
        const key = `${e.channel}:${e.noteNumber}`;
        open.set(key, [...(open.get(key) ?? []), { tick, velocity: e.velocity }]);
      } else if (e.type === "noteOff" || (e.type === "noteOn" && e.velocity === 0)) {
        const on = open.get(`${e.channel}:${e.noteNumber}`)?.shift();
        if (on)
          out.push({
            channel: e.channel,
            pitch: e.noteNumber,
            start: clock(on.tick),
            end: clock(tick),
            velocity: on.velocity,
            track: index,
          });
      }
    }
    for (const [key, list] of open) {
      const [channel, pitch] = key.split(":").map(Number) as [number, number];
      for (const on of list)
        out.push({ channel, pitch, start: clock(on.tick), end: clock(tick), velocity: on.velocity, track: index });
    }
  });
  return out.sort((a, b) => a.start - b.start || a.pitch - b.pitch || a.velocity - b.velocity);
}

/** Every note the document plays, in seconds through its TempoMap (clip windows applied). */
export function docNotes(doc: Y.Doc) {
  const map = readTempoMap(doc);
  const names = new Map(listTracks(doc).map((t) => [t.id, t.name]));
  return listClips(doc)
    .flatMap((clip) =>
      listNotes(doc, clip.id)
        .filter((n) => n.startTick < clip.lengthTicks)
        .map((n) => {
          const start = clip.startTick + n.startTick;
          const end = clip.startTick + Math.min(clip.lengthTicks, n.startTick + n.durationTicks);
          return {
            track: names.get(clip.trackId)!,
            pitch: n.pitch,
            start: map.ticksToSeconds(start),
            end: map.ticksToSeconds(end),
            velocity: n.velocity,
          };
        }),
    )
    .sort((a, b) => a.start - b.start || a.pitch - b.pitch || a.velocity - b.velocity);
}

/** Asserts two note lists match one to one: pitch and velocity equal, start and end within `tol` seconds. */
export function notesMismatch(
  a: readonly { pitch: number; start: number; end: number; velocity: number }[],
  b: readonly { pitch: number; start: number; end: number; velocity: number }[],
  tol = 0.001,
): string | null {
  if (a.length !== b.length) return `${a.length} notes vs ${b.length}`;
  // Match greedily within the tolerance (notes at one instant may sort differently after rounding).
  const used = new Set<number>();
  for (const n of a) {
    let found = -1;
    for (let j = 0; j < b.length; j++) {
      if (used.has(j)) continue;
      const m = b[j];
      if (m.start > n.start + tol) break;
      if (
        m.pitch === n.pitch &&
        m.velocity === n.velocity &&
        Math.abs(m.start - n.start) <= tol &&
        Math.abs(m.end - n.end) <= tol
      ) {
        found = j;
        break;
      }
    }
    if (found < 0)
      return `no match for pitch ${n.pitch} at ${n.start.toFixed(4)}–${n.end.toFixed(4)} s (velocity ${n.velocity})`;
    used.add(found);
  }
  return null;
}

/** Absolute-tick events of one parsed track of a file. */
export function trackEvents(bytes: Uint8Array, index: number): AbsEvent[] {
  const data = parseMidi(bytes);
  let tick = 0;
  return data.tracks[index].map((e) => {
    tick += e.deltaTime;
    return { ...(e as unknown as Record<string, unknown>), tick, type: e.type };
  });
}

export { parseMidi };
