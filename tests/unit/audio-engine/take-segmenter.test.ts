import { describe, expect, it } from "vitest";
import { TakeSegmenter, type CaptureSegment, type SegmenterEvent } from "@bandspace/audio-engine/pure";

/** Feeds frames [0, total) in render-quantum blocks; sample value = its capture frame (exactness is visible). */
function feed(seg: TakeSegmenter, from: number, to: number, block = 128, channels = 1) {
  for (let f = from; f < to; f += block) {
    const n = Math.min(block, to - f);
    const chans = Array.from({ length: channels }, (_, c) =>
      Float32Array.from({ length: n }, (_, i) => (f + i) * (c === 0 ? 1 : -1)),
    );
    seg.push(f, chans);
  }
}

function collect(segments: (k: number) => CaptureSegment | null, chunkFrames: number, channels: 1 | 2 = 1) {
  const events: SegmenterEvent[] = [];
  const seg = new TakeSegmenter({ channels, chunkFrames, segment: segments, emit: (e) => events.push(e) });
  return { seg, events };
}

/** Reassembles each take's interleaved PCM from its chunks, checking seqs are consecutive. */
function takes(events: SegmenterEvent[]) {
  const out = new Map<
    number,
    { startTick: number; samples: number[]; ended?: { chunkCount: number; totalFrames: number }; seqs: number[] }
  >();
  for (const e of events) {
    if (e.type === "take-start") out.set(e.passIndex, { startTick: e.startTick, samples: [], seqs: [] });
    else if (e.type === "chunk") {
      const t = out.get(e.passIndex)!;
      t.seqs.push(e.seq);
      t.samples.push(...e.pcm);
    } else out.get(e.passIndex)!.ended = { chunkCount: e.chunkCount, totalFrames: e.totalFrames };
  }
  return out;
}

describe("TakeSegmenter", () => {
  it("a punch between two frames: exact samples, fixed-size numbered chunks, last one shorter", () => {
    const { seg, events } = collect(
      (k) => (k === 0 ? { fromFrame: 1000, toFrame: 10_000, passIndex: 0, startTick: 7680 } : null),
      2400,
    );
    feed(seg, 0, 12_000);
    expect(seg.done).toBe(true);
    const t = takes(events).get(0)!;
    expect(t.startTick).toBe(7680);
    expect(t.seqs).toEqual([0, 1, 2, 3]);
    expect(t.ended).toEqual({ chunkCount: 4, totalFrames: 9000 });
    expect(t.samples).toEqual(Array.from({ length: 9000 }, (_, i) => 1000 + i));
    const sizes = events.filter((e) => e.type === "chunk").map((e) => (e as { frames: number }).frames);
    expect(sizes).toEqual([2400, 2400, 2400, 1800]);
  });

  it("loop recording: one take per pass, cut exactly at the wrap; stop ends the open pass", () => {
    const pass = 3000;
    const { seg, events } = collect(
      (k) => ({ fromFrame: 500 + k * pass, toFrame: 500 + (k + 1) * pass, passIndex: k, startTick: 0 }),
      1000,
    );
    feed(seg, 0, 8000);
    seg.stop(8000);
    feed(seg, 8000, 9000);
    const all = takes(events);
    expect([...all.keys()]).toEqual([0, 1, 2]);
    expect(all.get(0)!.samples).toEqual(Array.from({ length: pass }, (_, i) => 500 + i));
    expect(all.get(1)!.samples).toEqual(Array.from({ length: pass }, (_, i) => 3500 + i));
    expect(all.get(2)!.ended).toEqual({ chunkCount: 2, totalFrames: 1500 });
    expect(all.get(2)!.samples).toEqual(Array.from({ length: 1500 }, (_, i) => 6500 + i));
  });

  it("stereo takes interleave L/R; stopping before the punch-in records nothing", () => {
    const a = collect((k) => (k === 0 ? { fromFrame: 0, toFrame: 4, passIndex: 0, startTick: 0 } : null), 10, 2);
    feed(a.seg, 0, 4, 128, 2);
    expect(takes(a.events).get(0)!.samples).toEqual([0, -0, 1, -1, 2, -2, 3, -3]);

    const b = collect(
      (k) => (k === 0 ? { fromFrame: 5000, toFrame: Infinity, passIndex: 0, startTick: 0 } : null),
      1000,
    );
    feed(b.seg, 0, 1000);
    b.seg.stop(1200);
    feed(b.seg, 1000, 2000);
    expect(b.events).toEqual([]);
    expect(b.seg.done).toBe(true);
  });

  it("a mono track's take from a stereo input averages L and R; a mono input feeding a stereo take is doubled", () => {
    const whole = (k: number) => (k === 0 ? { fromFrame: 0, toFrame: 4, passIndex: 0, startTick: 0 } : null);
    const mono = collect(whole, 10, 1);
    mono.seg.push(0, [new Float32Array([1, 0.5, 0, -1]), new Float32Array([0, 0.5, 1, -0.5])]);
    expect(takes(mono.events).get(0)!.samples).toEqual([0.5, 0.5, 0.5, -0.75]);
    const doubled = collect(whole, 10, 2);
    doubled.seg.push(0, [new Float32Array([1, 2, 3, 4])]);
    expect(takes(doubled.events).get(0)!.samples).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it("finish() closes an open-ended take with what was captured", () => {
    const { seg, events } = collect(
      (k) => (k === 0 ? { fromFrame: 0, toFrame: Infinity, passIndex: 0, startTick: 0 } : null),
      1000,
    );
    feed(seg, 0, 2500);
    seg.finish();
    expect(takes(events).get(0)!.ended).toEqual({ chunkCount: 3, totalFrames: 2500 });
  });
});
