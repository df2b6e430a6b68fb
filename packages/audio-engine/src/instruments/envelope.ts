/**
 * Envelopes planned as AudioParam automation, in closed form: every event's time and value is computed from
 * the note's start, length and the ADSR — nothing is read back from the param. Pure; Node-testable.
 */
import type { NormalRange, Seconds } from "../units";

export interface Adsr {
  attack: Seconds;
  /** Time from the peak to the sustain level (exponential). */
  decay: Seconds;
  /** Sustain as a fraction of the peak; 0 makes a one-shot that ends after the decay. */
  sustain: NormalRange;
  /** Time from the note's end to silence (exponential). */
  release: Seconds;
}

/** One AudioParam automation call. */
export interface EnvelopeEvent {
  kind: "set" | "linear" | "exp";
  value: number;
  time: Seconds;
}

export interface EnvelopePlan {
  events: EnvelopeEvent[];
  /** When the envelope is back at `levels.end` for good (amplitude: exactly 0). */
  end: Seconds;
}

export interface EnvelopeLevels {
  /** Value at the start (0 for amplitude; a base cutoff for a filter). */
  from: number;
  peak: number;
  sustain: number;
  /** Value after the release (0 for amplitude). */
  end: number;
}

/** Exponential ramps cannot reach 0: amplitude envelopes ramp to this fraction of their peak (−80 dB), then 0. */
const FLOOR = 1e-4;
const MIN_TIME: Seconds = 0.0005;

/** Level at `u` on an exponential ramp from v0 at t0 to v1 at t1 (Web Audio's formula). */
export function expLevel(v0: number, v1: number, t0: Seconds, t1: Seconds, u: Seconds): number {
  if (u <= t0) return v0;
  if (u >= t1) return v1;
  return v0 * Math.pow(v1 / v0, (u - t0) / (t1 - t0));
}

/**
 * ADSR from `start` for `duration` seconds. The attack is linear when `levels.from` is 0 (amplitude), otherwise
 * exponential; decay and release are exponential. A note released during its attack or decay releases from the
 * level it had reached. With `sustain` 0 the note is a one-shot: it ends after the decay whatever its duration.
 */
export function planEnvelope(start: Seconds, duration: Seconds, levels: EnvelopeLevels, adsr: Adsr): EnvelopePlan {
  const attack = Math.max(MIN_TIME, adsr.attack);
  const decay = Math.max(MIN_TIME, adsr.decay);
  const release = Math.max(MIN_TIME, adsr.release);
  const zeroBased = levels.from === 0;
  const floor = Math.abs(levels.peak) * FLOOR || FLOOR;
  const pos = (v: number) => (zeroBased ? Math.max(v, floor) : v);
  const tA = start + attack;
  const tD = tA + decay;
  const events: EnvelopeEvent[] = [{ kind: "set", value: levels.from, time: start }];
  const attackTo = (value: number, time: Seconds) =>
    events.push({ kind: zeroBased ? "linear" : "exp", value: pos(value), time });

  if (adsr.sustain <= 0 && zeroBased) {
    // One-shot: attack, then decay to silence.
    attackTo(levels.peak, tA);
    events.push({ kind: "exp", value: floor, time: tD }, { kind: "set", value: 0, time: tD });
    return { events, end: tD };
  }

  const off = start + Math.max(0, duration);
  const sustainLevel = pos(levels.sustain);
  let releaseFrom: number;
  if (off >= tD) {
    attackTo(levels.peak, tA);
    events.push({ kind: "exp", value: sustainLevel, time: tD }, { kind: "set", value: sustainLevel, time: off });
    releaseFrom = sustainLevel;
  } else if (off >= tA) {
    attackTo(levels.peak, tA);
    releaseFrom = expLevel(pos(levels.peak), sustainLevel, tA, tD, off);
    events.push({ kind: "exp", value: releaseFrom, time: off });
  } else {
    const fraction = (off - start) / attack;
    releaseFrom = zeroBased ? pos(levels.peak * fraction) : levels.from * Math.pow(levels.peak / levels.from, fraction);
    attackTo(releaseFrom, off);
  }
  const end = off + release;
  if (zeroBased) {
    events.push({ kind: "exp", value: floor, time: end }, { kind: "set", value: 0, time: end });
  } else {
    events.push({ kind: "exp", value: levels.end, time: end });
  }
  return { events, end };
}

/** Writes a plan onto an AudioParam. */
export function applyEnvelope(param: AudioParam, plan: EnvelopePlan): void {
  for (const e of plan.events) {
    if (e.kind === "set") param.setValueAtTime(e.value, e.time);
    else if (e.kind === "linear") param.linearRampToValueAtTime(e.value, e.time);
    else param.exponentialRampToValueAtTime(e.value, e.time);
  }
}
