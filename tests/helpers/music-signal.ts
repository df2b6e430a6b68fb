/**
 * Music-like test programme, deterministic: kick, snare, hi-hat, bass and a pad over sections of different
 * loudness (quiet intro, verse, loud chorus, breakdown), panned across the stereo field (or spread over 5.1), so
 * K-weighting, gating and LRA all matter. Planar Float32 channels at any rate.
 */

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296 - 0.5;
  };
}

export interface MusicOptions {
  sampleRate: number;
  seconds: number;
  channels?: 1 | 2 | 6;
  /** Overall gain in dB (0 dB lands around −14 LUFS with peaks above full scale: lower it for PCM). */
  gainDb?: number;
  seed?: number;
  bpm?: number;
}

// Section gains in dB, cycling every 8 bars: intro, verse, chorus, breakdown.
const SECTIONS = [-12, -6, 0, -9];

export function musicSignal(o: MusicOptions): Float32Array[] {
  const fs = o.sampleRate;
  const frames = Math.round(o.seconds * fs);
  const nch = o.channels ?? 2;
  const out = Array.from({ length: nch }, () => new Float32Array(frames));
  const noise = rng(o.seed ?? 1);
  const beat = 60 / (o.bpm ?? 120);
  const g = Math.pow(10, (o.gainDb ?? 0) / 20);
  const bassNotes = [55, 55, 73.42, 65.41];
  const chords = [
    [220, 277.18, 329.63],
    [196, 246.94, 293.66],
    [174.61, 220, 261.63],
    [196, 246.94, 329.63],
  ];
  let hatState = 0;
  let snareLp = 0;
  for (let i = 0; i < frames; i++) {
    const t = i / fs;
    const beatPos = t / beat;
    const bar = Math.floor(beatPos / 4);
    const section = SECTIONS[Math.floor(bar / 8) % SECTIONS.length];
    const sGain = Math.pow(10, section / 20);
    const drums = section > -10 ? 1 : 0; // the intro is pad only
    const inBeat = (beatPos % 1) * beat;
    const beatIndex = Math.floor(beatPos) % 4;
    const kick =
      drums * 0.9 * Math.exp(-inBeat * 18) * Math.sin(2 * Math.PI * (50 + 90 * Math.exp(-inBeat * 30)) * inBeat);
    const n = noise();
    snareLp += 0.35 * (n - snareLp);
    const snare =
      beatIndex % 2 === 1
        ? drums * 0.5 * Math.exp(-inBeat * 22) * (snareLp * 2 + 0.3 * Math.sin(2 * Math.PI * 190 * inBeat))
        : 0;
    const inEighth = ((beatPos * 2) % 1) * (beat / 2);
    const hatNoise = n - hatState;
    hatState = n;
    const hat = drums * 0.18 * Math.exp(-inEighth * 60) * hatNoise;
    const f = bassNotes[bar % 4];
    const bassPh = 2 * Math.PI * f * t;
    const bass =
      drums *
      0.35 *
      (Math.sin(bassPh) + 0.4 * Math.sin(2 * bassPh) + 0.2 * Math.sin(3 * bassPh)) *
      (0.6 + 0.4 * Math.exp(-inBeat * 4));
    const chord = chords[bar % 4];
    let pad = 0;
    for (const cf of chord) pad += Math.sin(2 * Math.PI * cf * t + cf) + 0.3 * Math.sin(4 * Math.PI * cf * t);
    pad *= 0.12 * (0.8 + 0.2 * Math.sin(2 * Math.PI * 0.5 * t));
    const centre = (kick + snare + bass) * sGain * g;
    const left = (hat * 0.8 + pad * 1.0) * sGain * g;
    const right = (hat * 0.4 + pad * 0.7 + 0.05 * pad * Math.sin(2 * Math.PI * 3 * t)) * sGain * g;
    if (nch === 1) out[0][i] = centre + 0.5 * (left + right);
    else if (nch === 2) {
      out[0][i] = centre + left;
      out[1][i] = centre + right;
    } else {
      // L R C LFE Ls Rs
      out[0][i] = 0.5 * centre + left;
      out[1][i] = 0.5 * centre + right;
      out[2][i] = 0.7 * centre;
      out[3][i] = kick * sGain * g * 0.8;
      out[4][i] = 0.5 * left;
      out[5][i] = 0.5 * right;
    }
  }
  return out;
}
