import { ModelError, type ModelErrorCode } from "./errors";
import { LIMITS } from "./schema";
import { INSTRUMENT_IDS, isInstrumentId, type InstrumentId } from "./arrangement-fields";

/**
 * User input for the arrangement → the value to store, or a ModelError a musician can act on (see validate.ts).
 * Positions and lengths are whole ticks: callers snap or round fractional ticks (TempoMap.secondsToTicks) first.
 */

function isInt(raw: unknown): raw is number {
  return typeof raw === "number" && Number.isInteger(raw);
}

export function validateTick(raw: unknown, what = "A position"): number {
  if (!isInt(raw) || raw < 0) {
    throw new ModelError(
      "INVALID_TICK",
      `${what} must be a whole number of ticks at or after the start of the song (got ${String(raw)}).`,
    );
  }
  if (raw > LIMITS.maxTick) {
    throw new ModelError("INVALID_TICK", `${what} is past the end of the timeline (${LIMITS.maxTick} ticks).`);
  }
  return raw;
}

export function validateLength(raw: unknown, what = "A length"): number {
  if (!isInt(raw) || raw < 1) {
    throw new ModelError("INVALID_LENGTH", `${what} must be a whole number of ticks, at least 1 (got ${String(raw)}).`);
  }
  if (raw > LIMITS.maxTick) {
    throw new ModelError("INVALID_LENGTH", `${what} is longer than the whole timeline (${LIMITS.maxTick} ticks).`);
  }
  return raw;
}

/** start + length must still end on the timeline. */
export function validateEnd(start: number, length: number, what: string): void {
  if (start + length > LIMITS.maxTick) {
    throw new ModelError("INVALID_TICK", `${what} would end past the end of the timeline (${LIMITS.maxTick} ticks).`);
  }
}

export function validatePitch(raw: unknown): number {
  if (!isInt(raw) || raw < LIMITS.pitchMin || raw > LIMITS.pitchMax) {
    throw new ModelError(
      "INVALID_PITCH",
      `A note's pitch must be a MIDI note number from 0 to 127 (got ${String(raw)}).`,
    );
  }
  return raw;
}

export function validateVelocity(raw: unknown): number {
  if (!isInt(raw) || raw < LIMITS.velocityMin || raw > LIMITS.velocityMax) {
    throw new ModelError(
      "INVALID_VELOCITY",
      `A note's velocity (how hard it is played) must be a whole number from 1 to 127 (got ${String(raw)}).`,
    );
  }
  return raw;
}

export function validateBar(raw: unknown): number {
  if (!isInt(raw) || raw < 2 || raw > LIMITS.tempoChangeMaxBar) {
    throw new ModelError(
      "INVALID_BAR",
      `A tempo change goes at the start of a bar from 2 to ${LIMITS.tempoChangeMaxBar} (bar 1 uses the song tempo; got ${String(raw)}).`,
    );
  }
  return raw;
}

export function validateGridTicks(raw: unknown): number {
  if (!isInt(raw) || raw < 1 || raw > LIMITS.maxTick) {
    throw new ModelError(
      "INVALID_GRID",
      `The quantize grid must be a whole number of ticks, at least 1 (got ${String(raw)}).`,
    );
  }
  return raw;
}

export function validateInstrument(raw: unknown): InstrumentId {
  if (!isInstrumentId(raw)) {
    throw new ModelError("INVALID_INSTRUMENT", `Pick one of the instruments: ${INSTRUMENT_IDS.join(", ")}.`);
  }
  return raw;
}

function singleLine(raw: unknown, max: number, code: ModelErrorCode, what: string, emptyMessage: string): string {
  if (typeof raw !== "string") throw new ModelError(code, `${what} must be text.`);
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  if (text.length === 0) throw new ModelError(code, emptyMessage);
  if (text.length > max)
    throw new ModelError(code, `${what} can be at most ${max} characters (this one has ${text.length}).`);
  return text;
}

export function validateSectionName(raw: unknown): string {
  return singleLine(
    raw,
    LIMITS.sectionNameMaxLength,
    "INVALID_NAME",
    "A section name",
    "Give the section a name, like Verse or Chorus.",
  );
}

export function validateClipName(raw: unknown): string {
  return singleLine(raw, LIMITS.clipNameMaxLength, "INVALID_NAME", "A clip name", "Give the clip a name.");
}

export interface ValidNoteInit {
  pitch: number;
  startTick: number;
  durationTicks: number;
  velocity: number;
}

export function validateNoteInit(raw: unknown): ValidNoteInit {
  if (typeof raw !== "object" || raw === null) {
    throw new ModelError("INVALID_PITCH", "A note needs a pitch, a start, a duration and a velocity.");
  }
  const n = raw as Partial<ValidNoteInit>;
  return {
    pitch: validatePitch(n.pitch),
    startTick: validateTick(n.startTick, "A note's start"),
    durationTicks: validateLength(n.durationTicks, "A note's duration"),
    velocity: validateVelocity(n.velocity),
  };
}
