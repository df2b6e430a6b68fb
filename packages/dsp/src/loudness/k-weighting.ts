/**
 * ITU-R BS.1770 K-weighting (the "pre-filter" shelf plus the RLB high-pass) for any sample rate.
 *
 * BS.1770 publishes digital coefficients for 48 kHz only. Both stages are second-order analog sections
 * (a high shelf of about +4 dB above ~1.7 kHz, and a high-pass at ~38 Hz); here they are described by their
 * analog parameters — centre frequency, gain and quality factor, fitted once to the published 48 kHz
 * filters — and mapped to any rate with the bilinear transform, pre-warped at the centre frequency. At
 * 48 kHz this reproduces the published coefficients to ~1e-8 (see the unit tests), and at other rates the
 * response matches the 48 kHz response across the audio band, which reusing the 48 kHz numbers would not.
 */

/** Normalised biquad: y = b0 x + b1 x1 + b2 x2 − a1 y1 − a2 y2 (a0 = 1). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export interface KWeighting {
  shelf: Biquad;
  highPass: Biquad;
}

// Analog description of stage 1 (high shelf): centre, gain in dB, Q; the shelf's "mid" gain exponent is
// the fitted ratio between the boost at the centre frequency and the full boost.
const SHELF_HZ = 1681.974450955533;
const SHELF_GAIN_DB = 3.999843853973347;
const SHELF_Q = 0.7071752369554196;
const SHELF_MID_EXPONENT = 0.4996667741545416;
// Stage 2 (RLB high-pass): corner and Q.
const HIGH_PASS_HZ = 38.13547087602444;
const HIGH_PASS_Q = 0.5003270373238773;

export function kWeighting(sampleRate: number): KWeighting {
  if (!(sampleRate > 2 * SHELF_HZ)) throw new RangeError(`sample rate ${sampleRate} Hz is too low for K-weighting`);
  // Shelf: H(s) = (Vh s² + Vb s/Q + 1) / (s² + s/Q + 1) in s normalised to the centre, bilinear-mapped.
  let k = Math.tan((Math.PI * SHELF_HZ) / sampleRate);
  const vh = Math.pow(10, SHELF_GAIN_DB / 20);
  const vb = Math.pow(vh, SHELF_MID_EXPONENT);
  let a0 = 1 + k / SHELF_Q + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / SHELF_Q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / SHELF_Q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / SHELF_Q + k * k) / a0,
  };
  // High-pass: the proper bilinear map has numerator (1, −2, 1)/a0, unity gain at Nyquist. BS.1770's 48 kHz
  // table writes the numerator as plain 1, −2, 1, i.e. that filter times a0(48 kHz) ≈ +0.044 dB, which its
  // −0.691 dB offset compensates. Keep the same passband gain at every rate so 1 kHz at −18 dBFS reads
  // −18.0 LUFS everywhere (and 48 kHz matches the published table exactly).
  const highPassA0 = (fs: number) => {
    const kk = Math.tan((Math.PI * HIGH_PASS_HZ) / fs);
    return 1 + kk / HIGH_PASS_Q + kk * kk;
  };
  k = Math.tan((Math.PI * HIGH_PASS_HZ) / sampleRate);
  a0 = highPassA0(sampleRate);
  const g = highPassA0(48000) / a0;
  const highPass: Biquad = {
    b0: g,
    b1: -2 * g,
    b2: g,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / HIGH_PASS_Q + k * k) / a0,
  };
  return { shelf, highPass };
}

/** Magnitude response of a biquad at `hz`, in dB. */
export function biquadGainDb(q: Biquad, hz: number, sampleRate: number): number {
  const w = (2 * Math.PI * hz) / sampleRate;
  const c1 = Math.cos(w);
  const s1 = Math.sin(w);
  const c2 = Math.cos(2 * w);
  const s2 = Math.sin(2 * w);
  const nr = q.b0 + q.b1 * c1 + q.b2 * c2;
  const ni = -(q.b1 * s1 + q.b2 * s2);
  const dr = 1 + q.a1 * c1 + q.a2 * c2;
  const di = -(q.a1 * s1 + q.a2 * s2);
  return 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
}

/** Gain of the whole K-weighting filter at `hz`, in dB. */
export function kWeightingGainDb(hz: number, sampleRate: number): number {
  const k = kWeighting(sampleRate);
  return biquadGainDb(k.shelf, hz, sampleRate) + biquadGainDb(k.highPass, hz, sampleRate);
}
