import { describe, expect, it } from "vitest";
import {
  FLOAT_WAV_HEADER_BYTES,
  PEAK_FULL_SCALE,
  PeakPyramid,
  balanceGains,
  decodeWav,
  deinterleave,
  encodeFloatWav,
  encodeFloatWavHeader,
  interleave,
  mergePeakChannels,
  splitPeakChannels,
  stereoPanMatrix,
} from "@bandspace/dsp";
import { deinterleaveBytes } from "../../../app/lib/export/take-frames";
import { PEAK_TILE_BINS, type PeakTile } from "../../../app/lib/peaks/PeakTileCache";
import { peakColumns, planPeaks } from "../../../app/lib/peaks/peakColumns";
import { stereoTones } from "../../helpers/stereo-signal";

const RATE = 48_000;

/** Zero crossings going up per second: the frequency of a pure tone. */
function upCrossingsPerSecond(x: Float32Array): number {
  let n = 0;
  for (let i = 1; i < x.length; i++) if (x[i - 1] < 0 && x[i] >= 0) n++;
  return n / (x.length / RATE);
}

describe("stereo takes: interleaving", () => {
  it("interleaves L R L R and splits back bit-exactly", () => {
    const { left, right } = stereoTones(4801, RATE);
    const pcm = interleave([left, right]);
    expect(pcm.length).toBe(9602);
    expect([pcm[2], pcm[3]]).toEqual([left[1], right[1]]);
    const [l, r] = deinterleave(pcm, 2);
    expect(Buffer.from(l.buffer).equals(Buffer.from(left.buffer))).toBe(true);
    expect(Buffer.from(r.buffer).equals(Buffer.from(right.buffer))).toBe(true);
    expect(Math.round(upCrossingsPerSecond(l))).toBeCloseTo(440, -1);
    expect(Math.round(upCrossingsPerSecond(r))).toBeCloseTo(1000, -1);
  });

  it("mono is a copy; refuses a length that is not whole frames", () => {
    const mono = new Float32Array([1, 2, 3]);
    const [only] = deinterleave(mono, 1);
    expect(Array.from(only)).toEqual([1, 2, 3]);
    expect(only).not.toBe(mono);
    expect(() => deinterleave(new Float32Array(3), 2)).toThrow(RangeError);
    expect(() => interleave([new Float32Array(2), new Float32Array(3)])).toThrow(RangeError);
  });

  it("reads an export's ranged bytes of a stereo take into its own channels (whole frames only)", () => {
    const { left, right } = stereoTones(100, RATE);
    const bytes = new Uint8Array(interleave([left, right]).buffer);
    // A byte range that ends mid-frame keeps only the whole frames.
    const [l, r] = deinterleaveBytes(bytes.subarray(0, 8 * 10 + 4), 2);
    expect(Array.from(l)).toEqual(Array.from(left.subarray(0, 10)));
    expect(Array.from(r)).toEqual(Array.from(right.subarray(0, 10)));
  });
});

describe("stereo takes: WAV", () => {
  it("writes a 2-channel float header (block align 8, byte rate rate × 8, data frames × 8)", () => {
    const h = encodeFloatWavHeader({ sampleRate: RATE, channels: 2 }, 1000);
    const v = new DataView(h.buffer);
    expect(v.getUint16(22, true)).toBe(2);
    expect(v.getUint32(24, true)).toBe(RATE);
    expect(v.getUint32(28, true)).toBe(RATE * 8);
    expect(v.getUint16(32, true)).toBe(8);
    expect(v.getUint32(46, true)).toBe(1000);
    expect(v.getUint32(54, true)).toBe(8000);
    expect(v.getUint32(4, true)).toBe(FLOAT_WAV_HEADER_BYTES - 8 + 8000);
  });

  it("a stereo WAV decodes to the same left and right", () => {
    const { left, right } = stereoTones(2400, RATE);
    const wav = decodeWav(encodeFloatWav({ sampleRate: RATE, channels: 2 }, interleave([left, right])));
    expect(wav.channels).toBe(2);
    expect(wav.frames).toBe(2400);
    const [l, r] = deinterleave(wav.samples, 2);
    expect(Array.from(l)).toEqual(Array.from(left));
    expect(Array.from(r)).toEqual(Array.from(right));
  });
});

describe("stereo takes: peaks", () => {
  it("keeps each channel's envelope: split gives left and right, merge the outer envelope", () => {
    const { left, right } = stereoTones(RATE, RATE);
    const pyramid = new PeakPyramid(2);
    pyramid.push(interleave([left, right]));
    const bins = pyramid.readBins(2, 0, pyramid.binCount(2));
    const [l, r] = splitPeakChannels(bins, 2);
    const maxOf = (b: Int16Array) => Math.max(...Array.from(b.filter((_, i) => i % 2 === 1))) / PEAK_FULL_SCALE;
    const minOf = (b: Int16Array) => Math.min(...Array.from(b.filter((_, i) => i % 2 === 0))) / PEAK_FULL_SCALE;
    expect(maxOf(l)).toBeCloseTo(0.8, 2);
    expect(minOf(l)).toBeCloseTo(-0.8, 2);
    expect(maxOf(r)).toBeCloseTo(0.2, 2);
    expect(minOf(r)).toBeCloseTo(-0.2, 2);
    expect(Array.from(mergePeakChannels(bins, 2).subarray(0, 2))).toEqual([Math.min(l[0], r[0]), Math.max(l[1], r[1])]);
    expect(splitPeakChannels(bins, 1)[0]).toBe(bins);
  });

  it("draws a stereo clip's lanes from each channel, and a mono tile the same in every lane", () => {
    const { left, right } = stereoTones(RATE, RATE);
    const pyramid = new PeakPyramid(2);
    pyramid.push(interleave([left, right]));
    const view = { fromFrame: 0, toFrame: RATE, columns: 100 };
    const plan = planPeaks(view);
    const raw = pyramid.readBins(plan.level, 0, Math.min(PEAK_TILE_BINS, pyramid.binCount(plan.level)));
    const tile: PeakTile = {
      level: plan.level,
      tile: 0,
      from: 0,
      to: raw.length / 4,
      bins: mergePeakChannels(raw, 2),
      lanes: splitPeakChannels(raw, 2),
      final: true,
      levelBins: raw.length / 4,
      frames: RATE,
    };
    const at = (t: number) => (t === 0 ? tile : undefined);
    const top = peakColumns(view, plan, at, 0);
    const bottom = peakColumns(view, plan, at, 1);
    const merged = peakColumns(view, plan, at);
    expect(Math.max(...top)).toBeCloseTo(0.8, 2);
    expect(Math.max(...bottom)).toBeCloseTo(0.2, 2);
    expect(Math.max(...merged)).toBeCloseTo(0.8, 2);
    const mono: PeakTile = { ...tile, lanes: undefined };
    expect(Array.from(peakColumns(view, plan, () => mono, 1))).toEqual(Array.from(peakColumns(view, plan, () => mono)));
  });
});

describe("stereo takes: balance", () => {
  it("passes both channels at the centre, lowers only the far side, never moves a channel across", () => {
    expect(balanceGains(0)).toEqual({ left: 1, right: 1 });
    const hardLeft = balanceGains(-1);
    expect(hardLeft.left).toBe(1);
    expect(hardLeft.right).toBeCloseTo(0, 12);
    const halfRight = balanceGains(0.5);
    expect(halfRight.right).toBe(1);
    expect(halfRight.left).toBeCloseTo(Math.SQRT1_2, 12); // −3 dB half way
    expect(balanceGains(7)).toEqual(balanceGains(1));
    // Unlike Web Audio's stereo pan, which at hard left sums the right channel into the left.
    expect(stereoPanMatrix(-1).rl).toBe(1);
  });
});
