import { decodeText } from "./text";

/**
 * A Standard MIDI File reader: bytes → header and tracks of events at absolute ticks (the file's PPQ). Our own,
 * so that every event of the file is seen (a library that splits tracks per channel and program loses note-offs
 * across a program change) and so that damage is found and named, not silently truncated.
 *
 * Damage (a chunk longer than the file, an event running past its chunk, a missing End of Track, fewer tracks
 * than the header says, bytes that are not MIDI) is collected as `damage` sentences; the events before it are
 * kept, so a caller can refuse the file or import what is there after the user accepts what is missing.
 */

export type SmfEvent =
  | { tick: number; kind: "noteOn"; channel: number; pitch: number; velocity: number }
  | { tick: number; kind: "noteOff"; channel: number; pitch: number }
  | { tick: number; kind: "controller"; channel: number; controller: number; value: number }
  | { tick: number; kind: "program"; channel: number; program: number }
  | { tick: number; kind: "tempo"; microsPerQuarter: number }
  | { tick: number; kind: "meter"; numerator: number; denominator: number }
  | { tick: number; kind: "key"; sharps: number; minor: boolean }
  | { tick: number; kind: "trackName"; text: string }
  | { tick: number; kind: "endOfTrack" };

export interface SmfTrack {
  events: SmfEvent[];
  /** Tick of the End of Track event (or of the last event read, when the track is damaged). */
  endTick: number;
  /** False when the track was cut short by damage. */
  complete: boolean;
}

export interface SmfFile {
  format: number;
  /** Ticks per quarter note. */
  ppq: number;
  /** Tracks the header announces. */
  declaredTracks: number;
  tracks: SmfTrack[];
  /** What is wrong with the file, in words for the musician; empty for a sound file. */
  damage: string[];
}

/** The bytes are not a MIDI file at all, or one we cannot read in any way. */
export class SmfError extends Error {}

const MTHD = 0x4d546864;
const MTRK = 0x4d54726b;
const DATA_BYTES: Record<number, number> = { 0x80: 2, 0x90: 2, 0xa0: 2, 0xb0: 2, 0xc0: 1, 0xd0: 1, 0xe0: 2 };

class Cursor {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  get left(): number {
    return this.end - this.pos;
  }
  u8(): number {
    if (this.pos >= this.end) throw new RangeError("past end");
    return this.bytes[this.pos++];
  }
  /** Variable-length quantity, at most 4 bytes. */
  vlq(): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.u8();
      value = value * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) return value;
    }
    throw new SyntaxError("a variable-length number longer than 4 bytes");
  }
  take(n: number): Uint8Array {
    if (n > this.left) throw new RangeError("past end");
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];
}

function latin1(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i++) out += String.fromCharCode(data[i]);
  return out;
}

/** Reads one track chunk's events; stops at damage and says what happened. */
function readTrack(bytes: Uint8Array, start: number, end: number, index: number, damage: string[]): SmfTrack {
  const c = new Cursor(bytes, start, end);
  const events: SmfEvent[] = [];
  let tick = 0;
  let running = 0;
  const where = () => `track ${index + 1}`;
  try {
    while (c.left > 0) {
      tick += c.vlq();
      let status = bytes[c.pos];
      if (status & 0x80) c.pos++;
      else if (running) status = running;
      else throw new SyntaxError("a data byte where an event should start");
      if (status === 0xff) {
        const type = c.u8();
        const data = c.take(c.vlq());
        if (type === 0x2f) {
          events.push({ tick, kind: "endOfTrack" });
          // Padding after End of Track is harmless; another track's header inside this chunk is not.
          if (c.left >= 4 && latin1(bytes.subarray(c.pos, end)).includes("MTrk")) {
            damage.push(
              `${where()}'s chunk length is ${c.left} bytes longer than its events: it swallows the next track.`,
            );
          }
          return { events, endTick: tick, complete: true };
        }
        if (type === 0x51 && data.length === 3) {
          const micros = (data[0] << 16) | (data[1] << 8) | data[2];
          if (micros > 0) events.push({ tick, kind: "tempo", microsPerQuarter: micros });
        } else if (type === 0x58 && data.length >= 2) {
          events.push({ tick, kind: "meter", numerator: data[0], denominator: 2 ** data[1] });
        } else if (type === 0x59 && data.length >= 2) {
          const sf = data[0] > 127 ? data[0] - 256 : data[0];
          events.push({ tick, kind: "key", sharps: sf, minor: data[1] === 1 });
        } else if (type === 0x03) {
          events.push({ tick, kind: "trackName", text: decodeText(data) });
        }
        running = 0; // meta and sysex cancel running status
        continue;
      }
      if (status === 0xf0 || status === 0xf7) {
        c.take(c.vlq());
        running = 0;
        continue;
      }
      const n = DATA_BYTES[status & 0xf0];
      if (n === undefined) throw new SyntaxError(`an unknown status byte 0x${status.toString(16)}`);
      running = status;
      const d1 = c.u8();
      const d2 = n === 2 ? c.u8() : 0;
      if (d1 > 127 || d2 > 127) throw new SyntaxError("a status byte inside an event's data");
      const channel = status & 0x0f;
      switch (status & 0xf0) {
        case 0x90:
          events.push(
            d2 > 0
              ? { tick, kind: "noteOn", channel, pitch: d1, velocity: d2 }
              : { tick, kind: "noteOff", channel, pitch: d1 },
          );
          break;
        case 0x80:
          events.push({ tick, kind: "noteOff", channel, pitch: d1 });
          break;
        case 0xb0:
          events.push({ tick, kind: "controller", channel, controller: d1, value: d2 });
          break;
        case 0xc0:
          events.push({ tick, kind: "program", channel, program: d1 });
          break;
        default:
          break; // aftertouch, pitch bend: not part of the arrangement
      }
    }
    damage.push(`${where()} has no End of Track: it may be cut short.`);
  } catch (e) {
    const what =
      e instanceof RangeError
        ? "runs past the end of its chunk (the chunk length is wrong)"
        : `is damaged (${(e as Error).message})`;
    damage.push(`${where()} ${what} after ${events.length} events: the rest of it cannot be read.`);
  }
  return { events, endTick: tick, complete: false };
}

export function readSmf(bytes: Uint8Array): SmfFile {
  if (!(bytes instanceof Uint8Array) || bytes.length < 14 || u32(bytes, 0) !== MTHD) {
    throw new SmfError("That file is not a MIDI file (.mid): it does not start with a MIDI header.");
  }
  const headerLength = u32(bytes, 4);
  if (headerLength < 6 || 8 + headerLength > bytes.length) {
    throw new SmfError("That MIDI file's header is damaged (its length is wrong).");
  }
  const format = (bytes[8] << 8) | bytes[9];
  const declaredTracks = (bytes[10] << 8) | bytes[11];
  const division = (bytes[12] << 8) | bytes[13];
  if (division & 0x8000) {
    throw new SmfError(
      "This MIDI file counts time in SMPTE frames, which we cannot import. Export it with beats (PPQ) instead.",
    );
  }
  if (division === 0) throw new SmfError("That MIDI file's header is damaged (zero ticks per quarter note).");
  if (format > 2) throw new SmfError(`That MIDI file has an unknown format (${format}).`);

  const damage: string[] = [];
  const tracks: SmfTrack[] = [];
  let pos = 8 + headerLength;
  while (pos + 8 <= bytes.length) {
    const type = u32(bytes, pos);
    const length = u32(bytes, pos + 4);
    const start = pos + 8;
    const declaredEnd = start + length;
    if (type === MTRK) {
      if (declaredEnd > bytes.length) {
        damage.push(
          `track ${tracks.length + 1} says it is ${length.toLocaleString("en")} bytes long but the file ends ` +
            `${(declaredEnd - bytes.length).toLocaleString("en")} bytes before that: the file is truncated.`,
        );
      }
      const track = readTrack(bytes, start, Math.min(declaredEnd, bytes.length), tracks.length, damage);
      tracks.push(track);
    } else if (declaredEnd > bytes.length) {
      damage.push("an unknown chunk at the end of the file runs past its end: the file is truncated.");
    }
    pos = declaredEnd;
  }
  if (pos < bytes.length && pos + 8 > bytes.length && bytes.length - pos > 0) {
    damage.push(`the file ends with ${bytes.length - pos} stray bytes (a cut-off chunk).`);
  }
  if (tracks.length < declaredTracks) {
    const missing = declaredTracks - tracks.length;
    damage.push(
      `the header announces ${declaredTracks} tracks but the file holds ${tracks.length}: ` +
        `${missing} track${missing === 1 ? " is" : "s are"} missing.`,
    );
  }
  if (tracks.length === 0) throw new SmfError("That MIDI file holds no tracks.");
  return { format, ppq: division, declaredTracks, tracks, damage };
}
