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
  /**
   * Frames this listener never received live (the server skips a listener whose connection has fallen too far
   * behind); drawn as silence here, the finished take is fetched whole.
   */
  missedFrames: number;
  /** Incremented per chunk (cheap change detection for canvases). */
  version: number;
  mine: boolean;
}

/** Takes in progress by id; a mutable map behind a version counter, so a chunk does not copy every take. */
export class LiveTakeStore {
  readonly version = new ValueStore<number>(0);
  readonly takes = new Map<string, LiveTake>();
  private readonly pendingMin = new Map<string, { min: number; max: number; n: number }>();

  start(
    info: Pick<TakeInfo, "takeId" | "trackId" | "startTick" | "sampleRate" | "channels" | "createdBy">,
    mine: boolean,
  ): void {
    this.takes.set(info.takeId, {
      takeId: info.takeId,
      trackId: info.trackId,
      startTick: info.startTick,
      sampleRate: info.sampleRate,
      channels: info.channels,
      createdBy: info.createdBy,
      frames: 0,
      missedFrames: 0,
      peaks: new Float32Array(1024),
      peakCount: 0,
      version: 0,
      mine,
    });
    this.pendingMin.set(info.takeId, { min: 0, max: 0, n: 0 });
    this.bump();
  }

  /**
   * Adds interleaved PCM. `startFrame` (relayed chunks) places it: frames already seen are skipped, and a gap
   * (chunks the server did not relay to a lagging listener) is filled with silence so what follows lines up.
   * Without it (the recorder's own chunks) the PCM goes at the end.
   */
  append(takeId: string, pcm: Float32Array, startFrame?: number): void {
    const take = this.takes.get(takeId);
    const acc = this.pendingMin.get(takeId);
    if (!take || !acc) return;
    const ch = take.channels;
    const frames = pcm.length / ch;
    let from = 0;
    if (startFrame !== undefined) {
      if (startFrame > take.frames) {
        const gap = startFrame - take.frames;
        for (let i = 0; i < gap; i++) this.accumulate(take, acc, 0);
        take.frames += gap;
        take.missedFrames += gap;
      } else from = Math.min(frames, take.frames - startFrame);
    }
    for (let i = from; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < ch; c++) s += pcm[i * ch + c];
      this.accumulate(take, acc, s / ch);
    }
    take.frames += frames - from;
    take.version++;
    this.bump();
  }

  private accumulate(take: LiveTake, acc: { min: number; max: number; n: number }, s: number): void {
    if (acc.n === 0) acc.min = acc.max = s;
    else if (s < acc.min) acc.min = s;
    else if (s > acc.max) acc.max = s;
    if (++acc.n === TAKE_SAMPLES_PER_PEAK) this.pushPeak(take, acc);
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
