import { TAKE_SAMPLES_PER_PEAK, type TakeInfo } from "@bandspace/protocol";
import { ValueStore } from "../collab/store";

/** A take being recorded right now, as bandmates (and the recorder) see it: min/max peaks growing per chunk. */
export interface LiveTake {
  takeId: string;
  trackId: string;
  startTick: number;
  sampleRate: number;
  channels: number;
  createdBy: string;
  frames: number;
  /** Mono min/max pairs per TAKE_SAMPLES_PER_PEAK frames: [min0, max0, min1, max1, …]. */
  peaks: Float32Array;
  /** Min/max pairs filled in `peaks`. */
  peakCount: number;
  /** Incremented per chunk (cheap change detection for canvases). */
  version: number;
  mine: boolean;
}

/** Takes in progress by id; a mutable map behind a version counter, so a chunk does not copy every take. */
export class LiveTakeStore {
  readonly version = new ValueStore<number>(0);
  readonly takes = new Map<string, LiveTake>();
  private readonly pendingMin = new Map<string, { min: number; max: number; n: number }>();

  start(info: Pick<TakeInfo, "takeId" | "trackId" | "startTick" | "sampleRate" | "channels" | "createdBy">, mine: boolean): void {
    this.takes.set(info.takeId, {
      takeId: info.takeId,
      trackId: info.trackId,
      startTick: info.startTick,
      sampleRate: info.sampleRate,
      channels: info.channels,
      createdBy: info.createdBy,
      frames: 0,
      peaks: new Float32Array(1024),
      peakCount: 0,
      version: 0,
      mine,
    });
    this.pendingMin.set(info.takeId, { min: 0, max: 0, n: 0 });
    this.bump();
  }

  /** Appends interleaved PCM (frames at the take's end). */
  append(takeId: string, pcm: Float32Array): void {
    const take = this.takes.get(takeId);
    const acc = this.pendingMin.get(takeId);
    if (!take || !acc) return;
    const ch = take.channels;
    const frames = pcm.length / ch;
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < ch; c++) s += pcm[i * ch + c]!;
      s /= ch;
      if (acc.n === 0) acc.min = acc.max = s;
      else if (s < acc.min) acc.min = s;
      else if (s > acc.max) acc.max = s;
      if (++acc.n === TAKE_SAMPLES_PER_PEAK) this.pushPeak(take, acc);
    }
    take.frames += frames;
    take.version++;
    this.bump();
  }

  end(takeId: string): void {
    if (this.takes.delete(takeId)) this.bump();
    this.pendingMin.delete(takeId);
  }

  private pushPeak(take: LiveTake, acc: { min: number; max: number; n: number }): void {
    const count = take.peakCount;
    if ((count + 1) * 2 > take.peaks.length) {
      const grown = new Float32Array(take.peaks.length * 2);
      grown.set(take.peaks);
      take.peaks = grown;
    }
    take.peaks[count * 2] = acc.min;
    take.peaks[count * 2 + 1] = acc.max;
    take.peakCount = count + 1;
    acc.n = 0;
  }

  private bump(): void {
    this.version.update((v) => v + 1);
  }
}
