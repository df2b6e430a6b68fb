import { describe, expect, it } from "vitest";
import { TAKE_SAMPLES_PER_PEAK } from "@bandspace/protocol";
import { LiveTakeStore } from "../../../app/lib/takes/liveTakes";

const info = { takeId: "t1", trackId: "tr", startTick: 0, sampleRate: 48000, channels: 1, createdBy: "Ana" };
const block = (frames: number, value: number) => new Float32Array(frames).fill(value);

describe("a take growing live on a bandmate's screen", () => {
  it("places relayed chunks by startFrame: a gap (chunks not relayed to a lagging listener) is silence, a repeat is skipped", () => {
    const store = new LiveTakeStore();
    store.start(info, false);
    const n = TAKE_SAMPLES_PER_PEAK * 4;
    store.append("t1", block(n, 0.5), 0);
    store.append("t1", block(n, 0.9), 3 * n); // two chunks never arrived
    const take = store.takes.get("t1")!;
    expect(take.frames).toBe(4 * n);
    expect(take.missedFrames).toBe(2 * n);
    const maxima = Array.from({ length: take.peakCount }, (_, i) => take.peaks[i * 2 + 1]);
    expect(maxima.slice(0, 4)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(maxima.slice(4, 12).every((m) => m === 0)).toBe(true);
    expect(maxima.slice(12, 16).map((m) => Math.round(m * 10) / 10)).toEqual([0.9, 0.9, 0.9, 0.9]);
    // A chunk resent after a reconnect overlaps what is there: only its new frames count.
    store.append("t1", block(2 * n, 0.2), 3 * n);
    expect(take.frames).toBe(5 * n);
    expect(take.missedFrames).toBe(2 * n);
  });

  it("appends the recorder's own chunks at the end", () => {
    const store = new LiveTakeStore();
    store.start({ ...info, channels: 2 }, true);
    store.append("t1", block(2 * 300, 0.1));
    store.append("t1", block(2 * 300, 0.1));
    expect(store.takes.get("t1")!.frames).toBe(600);
  });
});
