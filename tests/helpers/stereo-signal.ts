/**
 * The stereo test signal: 440 Hz at 0.8 on the left, 1 kHz at 0.2 on the right, so a side swap, a fold to mono or
 * a lost channel all show, and a one-bin DFT to tell which tone a channel carries and how loud.
 */
export function stereoTones(frames: number, rate: number): { left: Float32Array; right: Float32Array } {
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = 0.8 * Math.sin((2 * Math.PI * 440 * i) / rate);
    right[i] = 0.2 * Math.sin((2 * Math.PI * 1000 * i) / rate);
  }
  return { left, right };
}

/** Amplitude of the `hz` component of `x` at `rate` (one DFT bin). */
export function toneLevel(x: Float32Array, hz: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    const w = (2 * Math.PI * hz * i) / rate;
    re += x[i] * Math.cos(w);
    im -= x[i] * Math.sin(w);
  }
  return (2 * Math.hypot(re, im)) / Math.max(1, x.length);
}
