/**
 * Biquad filter design from Robert Bristow-Johnson's "Audio EQ Cookbook", the formulas Web Audio's
 * BiquadFilterNode implements, so the EQ curve drawn in the UI is the response the engine plays. The one
 * difference in parameterisation is handled here, not in callers: BiquadFilterNode reads a low- or high-pass Q
 * in dB (`webAudioQ`), and its shelves ignore Q (shelf slope S = 1, which `design` uses for shelves too).
 */

export type BiquadKind = "highpass" | "lowshelf" | "peaking" | "highshelf" | "lowpass";

export interface BiquadDesign {
  kind: BiquadKind;
  /** Corner or centre frequency, Hz. */
  frequency: number;
  /** Gain in dB (shelves and bells; ignored by the passes). */
  gainDb: number;
  /** Linear Q: resonance of the passes (0.7071 = Butterworth), bandwidth of a bell. Ignored by the shelves. */
  q: number;
}

/** Normalised coefficients (a0 = 1): y = b0·x + b1·x₁ + b2·x₂ − a1·y₁ − a2·y₂. */
export interface BiquadCoefficients {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export function designBiquad(design: BiquadDesign, sampleRate: number): BiquadCoefficients {
  const nyquist = sampleRate / 2;
  const f = Math.min(nyquist * 0.999, Math.max(1, design.frequency));
  const w0 = (2 * Math.PI * f) / sampleRate;
  const cos = Math.cos(w0);
  const sin = Math.sin(w0);
  const A = Math.pow(10, design.gainDb / 40);
  const q = Math.max(1e-4, design.q);
  let b0: number, b1: number, b2: number, a0: number, a1: number, a2: number;
  switch (design.kind) {
    case "lowpass": {
      const alpha = sin / (2 * q);
      b0 = (1 - cos) / 2;
      b1 = 1 - cos;
      b2 = (1 - cos) / 2;
      a0 = 1 + alpha;
      a1 = -2 * cos;
      a2 = 1 - alpha;
      break;
    }
    case "highpass": {
      const alpha = sin / (2 * q);
      b0 = (1 + cos) / 2;
      b1 = -(1 + cos);
      b2 = (1 + cos) / 2;
      a0 = 1 + alpha;
      a1 = -2 * cos;
      a2 = 1 - alpha;
      break;
    }
    case "peaking": {
      const alpha = sin / (2 * q);
      b0 = 1 + alpha * A;
      b1 = -2 * cos;
      b2 = 1 - alpha * A;
      a0 = 1 + alpha / A;
      a1 = -2 * cos;
      a2 = 1 - alpha / A;
      break;
    }
    case "lowshelf": {
      // Slope S = 1: alpha = sin/2 · √2.
      const alpha = (sin / 2) * Math.SQRT2;
      const k = 2 * Math.sqrt(A) * alpha;
      b0 = A * (A + 1 - (A - 1) * cos + k);
      b1 = 2 * A * (A - 1 - (A + 1) * cos);
      b2 = A * (A + 1 - (A - 1) * cos - k);
      a0 = A + 1 + (A - 1) * cos + k;
      a1 = -2 * (A - 1 + (A + 1) * cos);
      a2 = A + 1 + (A - 1) * cos - k;
      break;
    }
    case "highshelf": {
      const alpha = (sin / 2) * Math.SQRT2;
      const k = 2 * Math.sqrt(A) * alpha;
      b0 = A * (A + 1 + (A - 1) * cos + k);
      b1 = -2 * A * (A - 1 + (A + 1) * cos);
      b2 = A * (A + 1 + (A - 1) * cos - k);
      a0 = A + 1 - (A - 1) * cos + k;
      a1 = 2 * (A - 1 - (A + 1) * cos);
      a2 = A + 1 - (A - 1) * cos - k;
      break;
    }
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

/** |H(e^jω)| in dB at `frequency` Hz. */
export function biquadMagnitudeDb(c: BiquadCoefficients, frequency: number, sampleRate: number): number {
  const w = (2 * Math.PI * frequency) / sampleRate;
  const cos1 = Math.cos(w);
  const sin1 = Math.sin(w);
  const cos2 = Math.cos(2 * w);
  const sin2 = Math.sin(2 * w);
  const nr = c.b0 + c.b1 * cos1 + c.b2 * cos2;
  const ni = -(c.b1 * sin1 + c.b2 * sin2);
  const dr = 1 + c.a1 * cos1 + c.a2 * cos2;
  const di = -(c.a1 * sin1 + c.a2 * sin2);
  return 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
}

/** The summed response of filters in series, dB: what an EQ curve draws. */
export function cascadeMagnitudeDb(filters: readonly BiquadCoefficients[], frequency: number, sampleRate: number) {
  let db = 0;
  for (const c of filters) db += biquadMagnitudeDb(c, frequency, sampleRate);
  return db;
}

/** The Q value to give a BiquadFilterNode so it plays `design` (its passes read Q in dB). */
export function webAudioQ(design: BiquadDesign): number {
  if (design.kind === "lowpass" || design.kind === "highpass") return 20 * Math.log10(Math.max(1e-4, design.q));
  return design.q;
}

/** Runs a biquad over a block in place (direct form II transposed); `state` holds z1, z2 between calls. */
export function processBiquad(c: BiquadCoefficients, block: Float32Array, state: Float64Array): void {
  let z1 = state[0];
  let z2 = state[1];
  for (let i = 0; i < block.length; i++) {
    const x = block[i];
    const y = c.b0 * x + z1;
    z1 = c.b1 * x - c.a1 * y + z2;
    z2 = c.b2 * x - c.a2 * y;
    block[i] = y;
  }
  state[0] = z1;
  state[1] = z2;
}

/** Log-spaced frequencies from `from` to `to` Hz inclusive: where an EQ curve is drawn and measured. */
export function logFrequencies(from: number, to: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(from * Math.pow(to / from, count === 1 ? 0 : i / (count - 1)));
  return out;
}
