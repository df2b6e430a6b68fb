/**
 * Streaming loudness meter: ITU-R BS.1770-5 (K-weighting, gated integrated loudness), EBU Tech 3341 (momentary
 * 400 ms and short-term 3 s windows, their maxima evaluated every ≤ 10 ms) and Tech 3342 (loudness range), plus
 * true peak (4× polyphase oversampling) and sample peak. Feed blocks of any size with `push`; `read()` any time.
 * Pure TypeScript on typed arrays: the same code runs in Node (CLI, tests), the page and an AudioWorklet.
 *
 * Time bookkeeping is in frames. Windows are exact sample counts (round(0.4·fs), round(3·fs)); gating blocks
 * and LRA values are taken every round(0.1·fs) frames (75 % overlap of 400 ms blocks; 10 Hz short-term).
 */
import { bs1770ChannelWeights } from "./channel-weights";
import { gatedLoudness, loudnessRange, powerToLufs } from "./gating";
import { GrowableFloat64 } from "./growable";
import { kWeighting, type Biquad } from "./k-weighting";
import { TruePeakDetector, toDb } from "./true-peak";

export interface LoudnessMeterOptions {
  sampleRate: number;
  channels: number;
  /** BS.1770 weight per channel (0 leaves a channel out); default from the channel count's WAV layout. */
  channelWeights?: number[];
  /** Record momentary and short-term series every this many seconds (rounded to the hop); 0 = no series. */
  seriesInterval?: number;
  /** Measure true peak (the costliest part); default true. */
  truePeak?: boolean;
}

export interface LoudnessReading {
  /** LUFS of the last 400 ms / 3 s, null before the window has filled or for silence. */
  momentary: number | null;
  shortTerm: number | null;
  momentaryMax: number | null;
  shortTermMax: number | null;
  /** Gated integrated loudness (LUFS) and loudness range (LU); null when undefined (e.g. silence). */
  integrated: number | null;
  lra: number | null;
  truePeakDbtp: number | null;
  samplePeakDbfs: number | null;
  durationSeconds: number;
}

/** [end of window in seconds, LUFS or null for silence] */
export type LoudnessPoint = [number, number | null];

const lufsOrNull = (power: number): number | null => (power > 0 ? powerToLufs(power) : null);

export class LoudnessMeter {
  readonly sampleRate: number;
  readonly channels: number;
  readonly weights: number[];
  /** Frames between maxima evaluations: ≤ 10 ms. */
  readonly hop: number;
  readonly momentaryFrames: number;
  readonly shortTermFrames: number;
  /** Frames between gating blocks / LRA values (100 ms). */
  readonly blockStep: number;
  readonly seriesStep: number;

  private readonly shelf: Biquad;
  private readonly highPass: Biquad;
  /** Per channel filter state: x1 x2 y1 y2 for each stage. */
  private readonly state: Float64Array[];
  private readonly truePeak: TruePeakDetector | null;
  private readonly samplePeaks: Float64Array;
  /** Weighted, channel-summed K-filtered power per frame for the last 3 s. */
  private readonly ring: Float64Array;
  private ringPos = 0;
  private sumM = 0;
  private sumS = 0;
  /** Non-zero frames in each window: a window of digital silence reads exactly 0, not rounding residue. */
  private liveM = 0;
  private liveS = 0;
  private frames = 0;
  private scratch = new Float64Array(0);

  private nextMomentaryAt: number;
  private nextShortAt: number;
  private nextBlockAt: number;
  private nextLraAt: number;
  private nextSeriesAt: number;

  private momentaryMaxPower = 0;
  private shortTermMaxPower = 0;
  private readonly blockPowers = new GrowableFloat64();
  private readonly shortTermPowers = new GrowableFloat64();
  readonly momentarySeries: LoudnessPoint[] = [];
  readonly shortTermSeries: LoudnessPoint[] = [];

  constructor(options: LoudnessMeterOptions) {
    const { sampleRate, channels } = options;
    if (!Number.isFinite(sampleRate) || sampleRate < 8000)
      throw new RangeError(`unsupported sample rate ${sampleRate}`);
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`unsupported channel count ${channels}`);
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.weights = options.channelWeights ?? bs1770ChannelWeights(channels);
    if (this.weights.length !== channels) throw new RangeError("one channel weight per channel");
    const k = kWeighting(sampleRate);
    this.shelf = k.shelf;
    this.highPass = k.highPass;
    this.state = Array.from({ length: channels }, () => new Float64Array(8));
    this.truePeak = options.truePeak === false ? null : new TruePeakDetector(channels);
    this.samplePeaks = new Float64Array(channels);
    this.hop = Math.max(1, Math.floor(sampleRate / 100));
    this.momentaryFrames = Math.round(0.4 * sampleRate);
    this.shortTermFrames = Math.round(3 * sampleRate);
    this.blockStep = Math.round(0.1 * sampleRate);
    const interval = options.seriesInterval ?? 0;
    this.seriesStep = interval > 0 ? Math.max(1, Math.round((interval * sampleRate) / this.hop)) * this.hop : 0;
    this.ring = new Float64Array(this.shortTermFrames);
    this.nextMomentaryAt = this.momentaryFrames;
    this.nextShortAt = this.shortTermFrames;
    this.nextBlockAt = this.momentaryFrames;
    this.nextLraAt = this.shortTermFrames;
    this.nextSeriesAt = this.seriesStep > 0 ? this.momentaryFrames : Infinity;
  }

  /** Feeds planar channels (one array per channel, `frames` each). */
  push(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): void {
    if (planar.length !== this.channels) throw new RangeError(`expected ${this.channels} channels`);
    if (frames === 0) return;
    const pow = this.prepareScratch(frames);
    for (let c = 0; c < this.channels; c++) {
      this.filterChannel(c, planar[c], 0, 1, frames, pow);
      this.truePeak?.pushChannel(c, planar[c], frames);
    }
    this.advance(pow, frames);
  }

  /** Feeds channel-interleaved samples. */
  pushInterleaved(samples: ArrayLike<number>, frames = Math.floor(samples.length / this.channels)): void {
    if (frames === 0) return;
    const pow = this.prepareScratch(frames);
    for (let c = 0; c < this.channels; c++) this.filterChannel(c, samples, c, this.channels, frames, pow);
    if (this.truePeak) {
      const one = new Float64Array(frames);
      for (let c = 0; c < this.channels; c++) {
        for (let i = 0; i < frames; i++) one[i] = samples[i * this.channels + c]!;
        this.truePeak.pushChannel(c, one, frames);
      }
    }
    this.advance(pow, frames);
  }

  private prepareScratch(frames: number): Float64Array {
    if (this.scratch.length < frames) this.scratch = new Float64Array(frames);
    const pow = this.scratch.subarray(0, frames);
    pow.fill(0);
    return pow;
  }

  /** K-filters one channel (both biquads, transposed per sample) and adds its weighted square to `pow`. */
  private filterChannel(
    c: number,
    src: ArrayLike<number>,
    offset: number,
    stride: number,
    frames: number,
    pow: Float64Array,
  ): void {
    const w = this.weights[c];
    const s = this.state[c];
    const { b0, b1, b2, a1, a2 } = this.shelf;
    const h = this.highPass;
    let x1 = s[0],
      x2 = s[1],
      y1 = s[2],
      y2 = s[3],
      z1 = s[4],
      z2 = s[5];
    let peak = this.samplePeaks[c];
    for (let i = 0, j = offset; i < frames; i++, j += stride) {
      const x = src[j];
      const ax = x < 0 ? -x : x;
      if (ax > peak) peak = ax;
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      // Stage 2 in direct form II (its input is stage 1's output).
      const v = y - h.a1 * z1 - h.a2 * z2;
      const out = h.b0 * v + h.b1 * z1 + h.b2 * z2;
      z2 = z1;
      z1 = v;
      if (w !== 0) pow[i] += w * out * out;
    }
    // Denormals would slow silence down a hundredfold in some engines: flush tiny states to zero.
    const tiny = (v: number) => (Math.abs(v) < 1e-25 ? 0 : v);
    s[0] = x1;
    s[1] = x2;
    s[2] = tiny(y1);
    s[3] = tiny(y2);
    s[4] = tiny(z1);
    s[5] = tiny(z2);
    this.samplePeaks[c] = peak;
  }

  /** Slides the windows over the new frames' powers, stopping at every event (hop, block, series, ring wrap). */
  private advance(pow: Float64Array, count: number): void {
    const ring = this.ring;
    const size = ring.length;
    const mLen = this.momentaryFrames;
    let i = 0;
    while (i < count) {
      const nextEvent = Math.min(
        this.nextMomentaryAt,
        this.nextShortAt,
        this.nextBlockAt,
        this.nextLraAt,
        this.nextSeriesAt,
      );
      const end = Math.min(count, i + (nextEvent - this.frames), i + (size - this.ringPos));
      const start = i;
      let pos = this.ringPos;
      let sumM = this.sumM;
      let sumS = this.sumS;
      let liveM = this.liveM;
      let liveS = this.liveS;
      for (; i < end; i++) {
        const p = pow[i];
        let old = pos - mLen;
        if (old < 0) old += size;
        const leavingM = ring[old];
        const leavingS = ring[pos];
        sumM += p - leavingM;
        sumS += p - leavingS;
        if (p !== 0) {
          liveM++;
          liveS++;
        }
        if (leavingM !== 0) liveM--;
        if (leavingS !== 0) liveS--;
        ring[pos++] = p;
      }
      this.liveM = liveM;
      this.liveS = liveS;
      this.frames += end - start;
      if (pos === size) {
        // Once per 3 s, re-add the windows from scratch: running sums would otherwise carry rounding residue
        // from loud passages into the silence after them.
        pos = 0;
        sumS = 0;
        for (let j = 0; j < size; j++) sumS += ring[j];
        sumM = 0;
        for (let j = size - mLen; j < size; j++) sumM += ring[j];
      }
      this.ringPos = pos;
      this.sumM = sumM;
      this.sumS = sumS;
      if (this.frames === nextEvent) this.handleEvents();
    }
  }

  private handleEvents(): void {
    const f = this.frames;
    const mPower = this.momentaryPower();
    const sPower = this.shortTermPower();
    if (f === this.nextMomentaryAt) {
      if (mPower > this.momentaryMaxPower) this.momentaryMaxPower = mPower;
      this.nextMomentaryAt += this.hop;
    }
    if (f === this.nextShortAt) {
      if (sPower > this.shortTermMaxPower) this.shortTermMaxPower = sPower;
      this.nextShortAt += this.hop;
    }
    if (f === this.nextBlockAt) {
      this.blockPowers.push(mPower);
      this.nextBlockAt += this.blockStep;
    }
    if (f === this.nextLraAt) {
      this.shortTermPowers.push(sPower);
      this.nextLraAt += this.blockStep;
    }
    if (f === this.nextSeriesAt) {
      const t = f / this.sampleRate;
      this.momentarySeries.push([t, lufsOrNull(mPower)]);
      if (f >= this.shortTermFrames) this.shortTermSeries.push([t, lufsOrNull(sPower)]);
      this.nextSeriesAt += this.seriesStep;
    }
  }

  private momentaryPower(): number {
    return this.liveM === 0 ? 0 : Math.max(0, this.sumM / this.momentaryFrames);
  }

  private shortTermPower(): number {
    return this.liveS === 0 ? 0 : Math.max(0, this.sumS / this.shortTermFrames);
  }

  /** Momentary and short-term loudness now, without the gating statistics `read` computes (cheap: a live graph). */
  windows(): { momentary: number | null; shortTerm: number | null } {
    const f = this.frames;
    return {
      momentary: f >= this.momentaryFrames ? lufsOrNull(this.momentaryPower()) : null,
      shortTerm: f >= this.shortTermFrames ? lufsOrNull(this.shortTermPower()) : null,
    };
  }

  read(): LoudnessReading {
    const f = this.frames;
    const tp = this.truePeak ? this.truePeak.peak() : null;
    let sp = 0;
    for (const p of this.samplePeaks) if (p > sp) sp = p;
    return {
      momentary: f >= this.momentaryFrames ? lufsOrNull(this.momentaryPower()) : null,
      shortTerm: f >= this.shortTermFrames ? lufsOrNull(this.shortTermPower()) : null,
      momentaryMax: lufsOrNull(this.momentaryMaxPower),
      shortTermMax: lufsOrNull(this.shortTermMaxPower),
      integrated: gatedLoudness(this.blockPowers.view()),
      lra: loudnessRange(this.shortTermPowers.view()),
      truePeakDbtp: tp === null ? null : toDb(Math.max(tp, sp)),
      samplePeakDbfs: toDb(sp),
      durationSeconds: f / this.sampleRate,
    };
  }

  /** Powers of the complete 400 ms gating blocks so far (for analysis passes that need them). */
  gatingBlockPowers(): Float64Array {
    return this.blockPowers.view();
  }

  reset(): void {
    for (const s of this.state) s.fill(0);
    this.truePeak?.reset();
    this.samplePeaks.fill(0);
    this.ring.fill(0);
    this.ringPos = 0;
    this.sumM = 0;
    this.sumS = 0;
    this.liveM = 0;
    this.liveS = 0;
    this.frames = 0;
    this.nextMomentaryAt = this.momentaryFrames;
    this.nextShortAt = this.shortTermFrames;
    this.nextBlockAt = this.momentaryFrames;
    this.nextLraAt = this.shortTermFrames;
    this.nextSeriesAt = this.seriesStep > 0 ? this.momentaryFrames : Infinity;
    this.momentaryMaxPower = 0;
    this.shortTermMaxPower = 0;
    this.blockPowers.clear();
    this.shortTermPowers.clear();
    this.momentarySeries.length = 0;
    this.shortTermSeries.length = 0;
  }
}
