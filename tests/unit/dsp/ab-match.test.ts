import { describe, expect, it } from "vitest";
import { LoudnessMeter, abMatchGains } from "@bandspace/dsp";

const sine = (dbfs: number, seconds = 3, rate = 48000) => {
  const amp = Math.pow(10, dbfs / 20);
  const x = new Float32Array(seconds * rate);
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * 1000 * i) / rate);
  return x;
};

describe("abMatchGains", () => {
  it("turns the louder file down to the quieter one, never up", () => {
    const g = abMatchGains(-9, -14);
    expect(g.b).toBe(1);
    expect(20 * Math.log10(g.a)).toBeCloseTo(-5, 10);
    expect(abMatchGains(-16, -16)).toEqual({ a: 1, b: 1 });
  });

  it("leaves a file without a loudness (silence) as is", () => {
    expect(abMatchGains(null, -14)).toEqual({ a: 1, b: 1 });
  });

  it("matched gains make two real signals measure the same integrated loudness", () => {
    const measure = (x: Float32Array) => {
      const m = new LoudnessMeter({ sampleRate: 48000, channels: 1 });
      m.push([x]);
      return m.read().integrated!;
    };
    const loud = sine(-6);
    const quiet = sine(-20);
    const g = abMatchGains(measure(loud), measure(quiet));
    const scaled = loud.map((v) => v * g.a);
    expect(Math.abs(measure(scaled) - measure(quiet))).toBeLessThan(0.05);
  });
});
