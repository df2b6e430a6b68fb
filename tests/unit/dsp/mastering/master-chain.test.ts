/** The master chain: gain and limiter before the meter, sample-aligned output, and a match-to-target loop. */
import { describe, expect, it } from "vitest";
import { FINE_OFFSETS_DB, LoudnessMeter, MasterChain, MatchTargetPass, TruePeakDetector } from "@bandspace/dsp";
import { musicSignal } from "../../../helpers/music-signal";

function run(chain: MasterChain, planar: Float32Array[], block = 4096): Float32Array[] {
  const frames = planar[0].length;
  const out = planar.map(() => new Float32Array(frames));
  let o = 0;
  const take = (b: Float32Array[]) => {
    b.forEach((ch, c) => out[c].set(ch, o));
    o += b[0].length;
  };
  for (let i = 0; i < frames; i += block)
    take(chain.process(planar.map((ch) => ch.subarray(i, Math.min(frames, i + block)))));
  take(chain.finish());
  expect(o).toBe(frames);
  return out;
}

describe("master chain", () => {
  it("without a limiter is a pure gain, sample-aligned, and its meter reads the output", () => {
    const input = musicSignal({ sampleRate: 48000, seconds: 8, gainDb: -20 });
    const chain = new MasterChain({ sampleRate: 48000, channels: 2, gainDb: 6, ceilingDb: null });
    const out = run(chain, input);
    for (let i = 0; i < input[0].length; i += 997) expect(out[0][i]).toBeCloseTo(input[0][i] * 10 ** (6 / 20), 6);
    const ref = new LoudnessMeter({ sampleRate: 48000, channels: 2 });
    ref.push(out);
    expect(chain.meter.read().integrated).toBeCloseTo(ref.read().integrated!, 9);
  });

  it("with a limiter keeps frame alignment (the look-ahead is compensated) and stays under the ceiling", () => {
    const input = musicSignal({ sampleRate: 44100, seconds: 10, gainDb: 0 });
    const chain = new MasterChain({ sampleRate: 44100, channels: 2, gainDb: 3, ceilingDb: -1 });
    const out = run(chain, input, 1000);
    // Where the limiter is idle the output is the input times the gain, at the same index.
    let idleMatches = 0;
    for (let i = 0; i < 44100; i++) if (Math.abs(out[0][i] - input[0][i] * 10 ** (3 / 20)) < 1e-6) idleMatches++;
    expect(idleMatches).toBeGreaterThan(40000); // the quiet intro
    const d = new TruePeakDetector(2);
    out.forEach((ch, c) => d.pushChannel(c, ch));
    expect(20 * Math.log10(d.peak())).toBeLessThanOrEqual(-1);
    expect(chain.meter.read().truePeakDbtp!).toBeLessThanOrEqual(-1);
  });

  it.each([
    ["a quiet mix pushed to Streaming (−14 LUFS, −1 dBTP)", -24, -14, -1],
    ["a loud mix pushed hard to Club (−9 LUFS, −0.3 dBTP)", -6, -9, -0.3],
    ["a loud mix brought down to EBU R128 (−23 LUFS, −1 dBTP)", 0, -23, -1],
    ["a very quiet mix driven 20 dB into the limiter for Club (−9 LUFS, −0.3 dBTP)", -32, -9, -0.3],
  ])(
    "match target: %s lands within ±0.1 LU, under the ceiling",
    (_name, mixGainDb, target, ceiling) => {
      const input = musicSignal({ sampleRate: 48000, seconds: 12, gainDb: mixGainDb });
      const raw = new LoudnessMeter({ sampleRate: 48000, channels: 2, truePeak: false });
      raw.push(input);
      const pass = new MatchTargetPass({
        sampleRate: 48000,
        channels: 2,
        rawIntegrated: raw.read().integrated!,
        targetLufs: target,
        ceilingDb: ceiling,
      });
      for (let i = 0; i < input[0].length; i += 4800) pass.push(input.map((ch) => ch.subarray(i, i + 4800)));
      const coarse = pass.result().gainDb;
      const fine = new MatchTargetPass({
        sampleRate: 48000,
        channels: 2,
        rawIntegrated: raw.read().integrated!,
        targetLufs: target,
        ceilingDb: ceiling,
        gainsDb: FINE_OFFSETS_DB.map((d) => coarse + d),
      });
      fine.push(input);
      const { gainDb } = fine.result();
      const chain = new MasterChain({ sampleRate: 48000, channels: 2, gainDb, ceilingDb: ceiling });
      run(chain, input);
      const r = chain.meter.read();
      expect(Math.abs(r.integrated! - target)).toBeLessThan(0.1);
      expect(r.truePeakDbtp!).toBeLessThanOrEqual(ceiling);
    },
    60_000,
  );
});
