/**
 * A Standard MIDI File writer (type 1): tracks of events at absolute ticks → bytes. Events at one tick keep the
 * order given, so callers put meta events first and note-offs before note-ons (a re-struck note stays two).
 * No running status: files are a little larger and every reader agrees on them.
 */

import { encodeUtf8 } from "./text";

export type SmfOut =
  | { tick: number; kind: "noteOn"; channel: number; pitch: number; velocity: number }
  | { tick: number; kind: "noteOff"; channel: number; pitch: number }
  | { tick: number; kind: "controller"; channel: number; controller: number; value: number }
  | { tick: number; kind: "program"; channel: number; program: number }
  | { tick: number; kind: "tempo"; microsPerQuarter: number }
  | { tick: number; kind: "meter"; numerator: number; denominator: number }
  | { tick: number; kind: "key"; sharps: number; minor: boolean }
  | { tick: number; kind: "trackName"; text: string };

class ByteSink {
  private buf = new Uint8Array(1024);
  length = 0;
  private grow(n: number) {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(...values: number[]) {
    this.grow(values.length);
    for (const v of values) this.buf[this.length++] = v & 0xff;
  }
  bytes(data: Uint8Array) {
    this.grow(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }
  u32(v: number) {
    this.byte(v >>> 24, v >>> 16, v >>> 8, v);
  }
  vlq(v: number) {
    const groups = [v & 0x7f];
    for (let rest = Math.floor(v / 128); rest > 0; rest = Math.floor(rest / 128)) groups.unshift((rest & 0x7f) | 0x80);
    this.byte(...groups);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function meta(sink: ByteSink, type: number, data: Uint8Array) {
  sink.byte(0xff, type);
  sink.vlq(data.length);
  sink.bytes(data);
}

function writeEvent(sink: ByteSink, e: SmfOut) {
  switch (e.kind) {
    case "noteOn":
      return sink.byte(0x90 | e.channel, e.pitch, e.velocity);
    case "noteOff":
      return sink.byte(0x80 | e.channel, e.pitch, 0);
    case "controller":
      return sink.byte(0xb0 | e.channel, e.controller, e.value);
    case "program":
      return sink.byte(0xc0 | e.channel, e.program);
    case "tempo": {
      const m = Math.max(1, Math.min(0xffffff, Math.round(e.microsPerQuarter)));
      return meta(sink, 0x51, Uint8Array.of(m >>> 16, (m >>> 8) & 0xff, m & 0xff));
    }
    case "meter":
      // 24 MIDI clocks per metronome click, 8 thirty-seconds per quarter: the usual values.
      return meta(sink, 0x58, Uint8Array.of(e.numerator, Math.log2(e.denominator), 24, 8));
    case "key":
      return meta(sink, 0x59, Uint8Array.of(e.sharps & 0xff, e.minor ? 1 : 0));
    case "trackName":
      return meta(sink, 0x03, encodeUtf8(e.text));
  }
}

/** A type-1 file; each track is sorted by tick (stable), written with an End of Track at `endTick` or its last event. */
export function writeSmf(ppq: number, tracks: readonly { events: readonly SmfOut[]; endTick?: number }[]): Uint8Array {
  const sink = new ByteSink();
  sink.u32(0x4d546864);
  sink.u32(6);
  sink.byte(0, 1, tracks.length >> 8, tracks.length, ppq >> 8, ppq);
  for (const track of tracks) {
    const events = track.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.tick - b.e.tick || a.i - b.i);
    const body = new ByteSink();
    let last = 0;
    for (const { e } of events) {
      body.vlq(e.tick - last);
      last = e.tick;
      writeEvent(body, e);
    }
    body.vlq(Math.max(0, (track.endTick ?? last) - last));
    body.byte(0xff, 0x2f, 0);
    const bytes = body.result();
    sink.u32(0x4d54726b);
    sink.u32(bytes.length);
    sink.bytes(bytes);
  }
  return sink.result();
}
