import type { LiveLoudnessPoint, LiveLoudnessUpdate, LoudnessReading } from "@bandspace/dsp";

/** Name of the loudness processor in public/worklets/bandspace-mix.js (worklets/master-processors.ts). */
export const LOUDNESS_PROCESSOR = "bandspace-loudness";

/** History kept for the scrolling graph: 10 points a second for this long. */
export const LOUDNESS_HISTORY_SECONDS = 300;

/**
 * The live loudness meter on the master output: the packages/dsp LiveLoudness core in an AudioWorklet (the
 * offline meter's code, so live and offline numbers agree), read by the page ~10 times a second. It measures
 * what this browser plays — each bandmate's own playback. The page reads `reading` and `history` whenever it
 * draws; `reset` starts integrated loudness, LRA, maxima, peaks and history afresh.
 */
export class MasterLoudness {
  private readonly node: AudioWorkletNode;
  private latest: LoudnessReading | null = null;
  private points: LiveLoudnessPoint[] = [];
  /** Updates measured before the last reset are dropped (they may still be in flight). */
  private generation = 0;
  private version = 0;

  constructor(source: AudioNode) {
    this.node = new AudioWorkletNode(source.context, LOUDNESS_PROCESSOR, {
      numberOfInputs: 1,
      // No output: the worklet is pulled because its input is connected (it only reads and posts readings).
      numberOfOutputs: 0,
      channelCount: 2,
      channelCountMode: "explicit",
    });
    source.connect(this.node);
    this.node.port.onmessage = (e: MessageEvent<LiveLoudnessUpdate>) => this.receive(e.data);
  }

  /** The latest reading (null until the first 100 ms have been measured, and after a reset). */
  get reading(): LoudnessReading | null {
    return this.latest;
  }

  /** Momentary and short-term points of the last LOUDNESS_HISTORY_SECONDS, oldest first. */
  get history(): readonly LiveLoudnessPoint[] {
    return this.points;
  }

  /** Changes whenever a new reading arrives (a cheap "anything new to draw?"). */
  get changes(): number {
    return this.version;
  }

  reset(): void {
    this.generation++;
    this.latest = null;
    this.points = [];
    this.version++;
    this.node.port.postMessage("reset");
  }

  dispose(): void {
    this.node.port.onmessage = null;
    this.node.disconnect();
  }

  private receive(u: LiveLoudnessUpdate): void {
    if (u.generation !== this.generation) return;
    this.latest = u.reading;
    this.points.push(...u.points);
    const last = this.points.at(-1);
    if (last && this.points.length > 0 && this.points[0].t < last.t - LOUDNESS_HISTORY_SECONDS) {
      const keepFrom = this.points.findIndex((p) => p.t >= last.t - LOUDNESS_HISTORY_SECONDS);
      this.points = this.points.slice(keepFrom);
    }
    this.version++;
  }
}
