/** Test-signal builders for the EBU Tech 3341/3342 cases: stereo (or n-channel) 1 kHz tone segments. */

export interface Segment {
  seconds: number;
  /** Per-channel peak level in dBFS; null = digital silence. */
  dbfs: number | null;
}

/** Planar channels of a 1 kHz sine whose level changes per segment; phase runs on across segments. */
export function toneSegments(
  sampleRate: number,
  segments: Segment[],
  channels = 2,
  hz = 1000,
  channelGainsDb: number[] = new Array<number>(channels).fill(0),
): Float32Array[] {
  const total = segments.reduce((n, s) => n + Math.round(s.seconds * sampleRate), 0);
  const out = Array.from({ length: channels }, () => new Float32Array(total));
  let n = 0;
  for (const seg of segments) {
    const frames = Math.round(seg.seconds * sampleRate);
    if (seg.dbfs !== null) {
      for (let c = 0; c < channels; c++) {
        const amp = Math.pow(10, (seg.dbfs + channelGainsDb[c]) / 20);
        const ch = out[c];
        for (let i = n; i < n + frames; i++) ch[i] = amp * Math.sin((2 * Math.PI * hz * i) / sampleRate);
      }
    }
    n += frames;
  }
  return out;
}

export const dbToAmp = (db: number) => Math.pow(10, db / 20);

/** Stereo sine at `hz` with `amplitude` and phase (degrees), 10 ms fades in and out (Tech 3341 cases 15–19). */
export function taperedSine(
  sampleRate: number,
  hz: number,
  amplitude: number,
  phaseDeg: number,
  seconds = 1,
): Float32Array[] {
  const frames = Math.round(seconds * sampleRate);
  const fade = Math.round(0.01 * sampleRate);
  const ch = new Float32Array(frames);
  const phase = (phaseDeg * Math.PI) / 180;
  for (let i = 0; i < frames; i++) {
    const env = Math.min(1, i / fade, (frames - 1 - i) / fade);
    ch[i] = env * amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate + phase);
  }
  return [ch, ch.slice()];
}

/**
 * Tech 3341 cases 20–23: fs/6 sine at 0.5 with one period of an fs/4 sine at 1.0 in the middle, continuous in
 * phase at both joins, synthesised at 4·fs, low-pass filtered (anti-alias) and kept every 4th sample from `offset`.
 */
export function burstDownsampled(sampleRate: number, offset: number, seconds = 1): Float32Array[] {
  const hi = 4 * sampleRate;
  const frames = Math.round(seconds * hi);
  const x = new Float64Array(frames);
  // fs/6 at 4·fs has a 24-sample period; fs/4 has 16. Start the burst on an upward zero crossing of the fs/6 tone.
  const burstStart = Math.floor(frames / 2 / 24) * 24;
  const burstEnd = burstStart + 16;
  for (let n = 0; n < frames; n++) {
    if (n >= burstStart && n < burstEnd) x[n] = Math.sin((2 * Math.PI * (n - burstStart)) / 16);
    else {
      const m = n < burstStart ? n : n - 16; // the slow tone resumes where it paused: continuous in phase
      x[n] = 0.5 * Math.sin((2 * Math.PI * m) / 24);
    }
  }
  const fade = Math.round(0.01 * hi);
  for (let n = 0; n < fade; n++) {
    x[n] *= n / fade;
    x[frames - 1 - n] *= n / fade;
  }
  // Anti-alias: Blackman-windowed sinc, cutoff at 0.45·fs (of the output rate), 511 taps at 4·fs.
  const taps = 511;
  const h = new Float64Array(taps);
  const fc = 0.45 / 4;
  let sum = 0;
  for (let k = 0; k < taps; k++) {
    const m = k - (taps - 1) / 2;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * k) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * k) / (taps - 1));
    h[k] = sinc * w;
    sum += h[k];
  }
  for (let k = 0; k < taps; k++) h[k] /= sum;
  const outFrames = Math.floor((frames - offset) / 4);
  const ch = new Float32Array(outFrames);
  const half = (taps - 1) / 2;
  for (let j = 0; j < outFrames; j++) {
    const n = 4 * j + offset;
    let acc = 0;
    for (let k = 0; k < taps; k++) {
      const idx = n + half - k;
      if (idx >= 0 && idx < frames) acc += h[k] * x[idx];
    }
    ch[j] = acc;
  }
  return [ch, ch.slice()];
}

/** Feeds planar channels in blocks of `block` frames (exercises the streaming path). */
export function feed(
  meter: { push: (planar: ArrayLike<number>[], frames?: number) => void },
  planar: Float32Array[],
  block = 4096,
): void {
  const frames = planar[0].length;
  for (let i = 0; i < frames; i += block) {
    const n = Math.min(block, frames - i);
    meter.push(
      planar.map((ch) => ch.subarray(i, i + n)),
      n,
    );
  }
}
