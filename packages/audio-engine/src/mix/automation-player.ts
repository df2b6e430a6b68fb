import { curveSegmentValues, dbToGain } from "@bandspace/dsp";
import type { AutomationLane, Breakpoint, TempoMap } from "@bandspace/model";
import type { TimelineSegment } from "../schedule/timeline";
import type { AutomationTarget } from "./effect";
import type { MixGraph } from "./mix-graph";

/** A curved segment is handed to setValueCurveAtTime as this many values per second (linear in between). */
const CURVE_RATE = 200;

interface PreparedLane {
  lane: AutomationLane;
  /** Breakpoint times in timeline seconds (under the tempo map the lane was prepared with). */
  times: number[];
  targets: AutomationTarget[];
  /** Next window must (re)start the lane: cancel what is scheduled and set the value there. */
  restart: boolean;
}

/**
 * Plays automation lanes on AudioParams, driven by the look-ahead scheduler: for each stretch of the timeline
 * the scheduler hands over, the breakpoints in it become AudioParam events at their exact context times —
 * linear segments as ramps (exponential on gains, so a ramp linear in dB stays linear in dB), steps as
 * setValueAtTime, curves as short value curves. In an offline render the same events land on their samples.
 * A pass start (play, seek, loop wrap, tempo change) cancels what was ahead and sets the value at that point.
 */
export class AutomationPlayer {
  private lanes = new Map<string, PreparedLane>();

  constructor(private readonly graph: MixGraph) {}

  /** The lanes to play now (enabled, with points), bound to the graph's AudioParams. */
  setLanes(lanes: readonly AutomationLane[], map: TempoMap): void {
    const next = new Map<string, PreparedLane>();
    for (const s of this.graph.stripIds) this.graph.strip(s)!.automated.clear();
    for (const lane of lanes) {
      if (!lane.enabled || lane.points.length === 0) continue;
      const targets = this.targetsFor(lane);
      if (targets.length === 0) continue;
      const old = this.lanes.get(lane.key);
      const changed = !old || JSON.stringify(old.lane.points) !== JSON.stringify(lane.points);
      next.set(lane.key, {
        lane,
        times: lane.points.map((p) => map.ticksToSeconds(p.tick)),
        targets,
        restart: changed || (old?.restart ?? true),
      });
    }
    // Lanes that stopped driving a param give it back to its knob.
    for (const [key, old] of this.lanes)
      if (!next.has(key)) for (const t of old.targets) t.param.cancelScheduledValues(0);
    this.lanes = next;
  }

  /** After a tempo change: breakpoint seconds move; the scheduler re-anchors, so every lane restarts. */
  retime(map: TempoMap): void {
    for (const p of this.lanes.values()) {
      p.times = p.lane.points.map((pt) => map.ticksToSeconds(pt.tick));
      p.restart = true;
    }
  }

  /** Stop: drop what was scheduled ahead (the knobs' values return through the strips). */
  stop(now: number): void {
    for (const p of this.lanes.values()) {
      for (const t of p.targets) t.param.cancelScheduledValues(now);
      p.restart = true;
    }
  }

  /** One stretch of the timeline handed to Web Audio: seg.from…to (timeline seconds) at seg.passCtx. */
  schedule(seg: TimelineSegment): void {
    const ctx = (s: number) => seg.passCtx + (s - seg.passStart);
    const passStart = Math.abs(seg.ctxStart - seg.passCtx) < 1e-9;
    for (const p of this.lanes.values()) {
      const { points } = p.lane;
      const { times } = p;
      if (passStart || p.restart) {
        p.restart = false;
        this.startAt(p, seg.from, ctx(seg.from), ctx);
      }
      // Every breakpoint that starts in [from, to): its value at its time, and the segment after it.
      let i = lowerBound(times, seg.from);
      if (i < times.length && times[i] === seg.from && (passStart || i === 0)) i++; // startAt covered it
      for (; i < times.length && times[i] < seg.to; i++) {
        const prevShape = i > 0 ? points[i - 1].shape : "linear";
        // After a curve the value is already there: a set at the curve's end time could collide with it.
        if (prevShape !== "curve" || times[i - 1] === times[i]) this.setAt(p, points[i].value, ctx(times[i]));
        this.segmentFrom(p, i, ctx);
      }
    }
  }

  private startAt(p: PreparedLane, at: number, ctxAt: number, ctx: (s: number) => number): void {
    const { points } = p.lane;
    const { times } = p;
    for (const t of p.targets) t.param.cancelAndHoldAtTime(ctxAt);
    const i = upperBound(times, at) - 1; // the breakpoint in force at `at`
    if (i < 0) {
      this.setAt(p, points[0].value, ctxAt);
      return;
    }
    const a = points[i];
    const b = points[i + 1];
    if (!b || a.shape === "step" || times[i] === times[i + 1]) {
      this.setAt(p, a.value, ctxAt);
      return;
    }
    const u = (at - times[i]) / (times[i + 1] - times[i]);
    const from = interpolate(a, b, u);
    this.setAt(p, from, ctxAt);
    if (a.shape === "curve") this.curve(p, from, a, b, u, ctxAt, ctx(times[i + 1]));
    else this.rampTo(p, b.value, ctx(times[i + 1]));
  }

  /** The segment that starts at breakpoint i (a ramp or curve towards i + 1; a step needs nothing). */
  private segmentFrom(p: PreparedLane, i: number, ctx: (s: number) => number): void {
    const a = p.lane.points[i];
    const b = p.lane.points[i + 1];
    if (!b || a.shape === "step" || p.times[i] === p.times[i + 1]) return;
    if (a.shape === "curve") this.curve(p, a.value, a, b, 0, ctx(p.times[i]), ctx(p.times[i + 1]));
    else this.rampTo(p, b.value, ctx(p.times[i + 1]));
  }

  private setAt(p: PreparedLane, value: number, at: number): void {
    for (const t of p.targets) t.param.setValueAtTime(t.map(value), at);
  }

  private rampTo(p: PreparedLane, value: number, at: number): void {
    for (const t of p.targets) {
      const v = t.map(value);
      if (t.exponential && v > 0) t.param.exponentialRampToValueAtTime(v, at);
      else t.param.linearRampToValueAtTime(v, at);
    }
  }

  private curve(
    p: PreparedLane,
    from: number,
    a: Breakpoint,
    b: Breakpoint,
    u0: number,
    start: number,
    end: number,
  ): void {
    const duration = end - start;
    if (!(duration > 0)) return;
    const count = Math.max(2, Math.ceil(duration * CURVE_RATE));
    // The rest of the segment from progress u0: values of the curve between u0 and 1, remapped.
    const values = curveSegmentValues(0, 1, a.tension, count * 4);
    for (const t of p.targets) {
      const out = new Float32Array(count);
      for (let k = 0; k < count; k++) {
        const u = u0 + (1 - u0) * (k / (count - 1));
        const progress = values[Math.round(u * (values.length - 1))];
        out[k] = t.map(k === 0 ? from : a.value + (b.value - a.value) * progress);
      }
      out[count - 1] = t.map(b.value);
      // setValueCurveAtTime may not overlap another event: the start value set just before it moves 1 ns ahead.
      t.param.setValueCurveAtTime(out, start + 1e-9, duration - 1e-9);
    }
  }

  private targetsFor(lane: AutomationLane): AutomationTarget[] {
    const strip = this.graph.strip(lane.strip);
    if (!strip) return [];
    const [kind, id, paramId] = lane.target.split(":");
    if (kind === "volume") {
      strip.automated.add("volume");
      return [{ param: strip.fader.gain, map: dbToGain, exponential: true }];
    }
    if (kind === "pan") {
      strip.automated.add("pan");
      // The panner for a mono track, the balance gains of a track that carries stereo.
      return strip.panTargets();
    }
    if (kind === "mute") {
      strip.automated.add("mute");
      return [{ param: strip.muteGain.gain, map: (v) => (v >= 0.5 ? 0 : 1) }];
    }
    if (kind === "send" && id) {
      const level = this.graph.feed(`send:${id}`);
      return level ? [{ param: level.gain, map: dbToGain, exponential: true }] : [];
    }
    const slot = id ? strip.slot(id) : undefined;
    if (kind === "bypass" && slot) {
      const [wet, dry] = slot.bypassGains;
      return [
        { param: wet, map: (v) => (v >= 0.5 ? 0 : 1) },
        { param: dry, map: (v) => (v >= 0.5 ? 1 : 0) },
      ];
    }
    if (kind === "param" && slot && paramId) {
      const t = slot.effect.automationTarget(paramId);
      return t ? [t] : [];
    }
    return [];
  }
}

function interpolate(a: Breakpoint, b: Breakpoint, u: number): number {
  if (a.shape === "step") return a.value;
  if (a.shape === "linear") return a.value + (b.value - a.value) * u;
  const values = curveSegmentValues(a.value, b.value, a.tension, 1001);
  return values[Math.round(u * 1000)];
}

/** First index with times[i] ≥ x. */
function lowerBound(times: readonly number[], x: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with times[i] > x. */
function upperBound(times: readonly number[], x: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
