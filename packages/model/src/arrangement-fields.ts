import { LIMITS } from "./schema";
import {
  coerceSingleLine,
  fallbackColorForId,
  isSingleLine,
  isTimeSignature,
  SONG_FIELDS,
  type TimeSignature,
  type FieldSpec,
  type TrackKind,
} from "./fields";

/**
 * The arrangement's stored fields as data (issue #3): instrument of a track, tempo changes, sections, MIDI clips,
 * notes and the loop range. Same rules as fields.ts: `isValid` is what operations store, `coerce` is how
 * readers turn anything stored into the nearest valid value. Ticks are integers (PPQ 960).
 */

// ── shared ──────────────────────────────────────────────────────────────────────────────────────────────

/** Ticks of one 4/4 bar at PPQ 960: the fallback length for entities whose stored length is unusable. */
const FALLBACK_LENGTH_TICKS = 3840;

export function isIntIn(raw: unknown, min: number, max: number): raw is number {
  return typeof raw === "number" && Number.isInteger(raw) && raw >= min && raw <= max;
}

/** Finite numbers are rounded and clamped into min..max; anything else is the fallback. */
export function coerceIntIn(raw: unknown, min: number, max: number, fallback: number): number {
  if (typeof raw !== "number" || !Number.isFinite(raw)) return fallback;
  return Math.min(max, Math.max(min, Math.round(raw)));
}

const HEX_COLOR = /^#[0-9a-f]{6}$/;

function colorSpec(what: string): FieldSpec<string, { id: string }> {
  return {
    key: "color",
    doc: `${what} colour, lower-case #rrggbb.`,
    isValid: (raw: unknown): raw is string => typeof raw === "string" && HEX_COLOR.test(raw),
    coerce: (raw: unknown, ctx: { id: string }) =>
      typeof raw === "string" && HEX_COLOR.test(raw.toLowerCase()) ? raw.toLowerCase() : fallbackColorForId(ctx.id),
  };
}

function tickSpec(key: string, doc: string): FieldSpec<number, { id: string }> {
  return {
    key,
    doc,
    isValid: (raw: unknown): raw is number => isIntIn(raw, 0, LIMITS.maxTick),
    coerce: (raw: unknown) => coerceIntIn(raw, 0, LIMITS.maxTick, 0),
  };
}

function lengthSpec(key: string, doc: string): FieldSpec<number, { id: string }> {
  return {
    key,
    doc,
    isValid: (raw: unknown): raw is number => isIntIn(raw, 1, LIMITS.maxTick),
    coerce: (raw: unknown) => coerceIntIn(raw, 1, LIMITS.maxTick, FALLBACK_LENGTH_TICKS),
  };
}

// ── instruments ─────────────────────────────────────────────────────────────────────────────────────────

export type InstrumentId = "piano" | "bass" | "pad" | "lead" | "drums";
export const INSTRUMENT_IDS: readonly InstrumentId[] = ["piano", "bass", "pad", "lead", "drums"];
export const DEFAULT_INSTRUMENT: InstrumentId = "piano";

export function isInstrumentId(raw: unknown): raw is InstrumentId {
  return typeof raw === "string" && (INSTRUMENT_IDS as readonly string[]).includes(raw);
}

/** The track field added in schema v2. Its validity depends on the track's (coerced) kind. */
export const TRACK_INSTRUMENT_FIELD = {
  key: "instrument",
  doc: "Instrument tracks: which built-in instrument plays their MIDI clips (INSTRUMENTS). Audio tracks: absent (or null).",
  isValidFor: (raw: unknown, kind: TrackKind): boolean =>
    kind === "instrument" ? isInstrumentId(raw) : raw === undefined || raw === null,
  coerce: (raw: unknown, kind: TrackKind): InstrumentId | null =>
    kind === "instrument" ? (isInstrumentId(raw) ? raw : DEFAULT_INSTRUMENT) : null,
} as const;

// ── tempo map (root "tempoChanges") ───────────────────────────────────────────────────────────────────

const BAR_KEY = /^[1-9][0-9]*$/;
const TEMPO_KEY = /^t[1-9][0-9]*$/;
const METER_KEY = /^m[1-9][0-9]*$/;

/** What one key of the tempo map root names. */
export type TempoMapKey =
  | { kind: "tempo"; tick: number }
  | { kind: "meter"; bar: number }
  /** A schema-v2 entry (bar → bpm), moved to a tempo key by the v2→v3 migration; readers still honour it. */
  | { kind: "legacy"; bar: number };

/**
 * The song's tempo and meter changes share one root (one observer, one undo scope: "the tempo map"); the key
 * prefix says which kind an entry is, so a v2 bar key ("5", digits only) can never be read as a tick:
 * - "t<tick>" → { bpm, ramp }: the tempo reached at that tick (1..maxTick); ramp = glide linearly from the
 *   tempo before. ONE plain value, so two peers never pair one's BPM with the other's ramp.
 * - "m<bar>" → { numerator, denominator }: the meter from that bar (2..tempoChangeMaxBar) on.
 */
export const TEMPO_CHANGE_SPEC = {
  doc: 'Keys "t<tick>" → { bpm, ramp } (tempo reached at that tick) and "m<bar>" → { numerator, denominator } (meter from that bar); v2 bar keys → bpm are legacy.',
  parseKey(key: string): TempoMapKey | null {
    if (TEMPO_KEY.test(key)) {
      const tick = Number(key.slice(1));
      return tick <= LIMITS.maxTick ? { kind: "tempo", tick } : null;
    }
    const bar = METER_KEY.test(key) ? Number(key.slice(1)) : BAR_KEY.test(key) ? Number(key) : NaN;
    if (!(bar >= 2 && bar <= LIMITS.tempoChangeMaxBar)) return null;
    return key.startsWith("m") ? { kind: "meter", bar } : { kind: "legacy", bar };
  },
  keyOfTick: (tick: number): string => `t${tick}`,
  keyOfMeterBar: (bar: number): string => `m${bar}`,
  /** The v2 key of a bar (legacy entries only). */
  keyOfBar: (bar: number): string => String(bar),
  /** Stored value → BPM readers use, or null when the entry is unusable (readers skip it, repair deletes it). */
  bpmOf(raw: unknown): number | null {
    return typeof raw === "number" && Number.isFinite(raw) ? SONG_FIELDS.tempoBpm.coerce(raw) : null;
  },
  isValidBpm: (raw: unknown): raw is number => SONG_FIELDS.tempoBpm.isValid(raw),
  /** A "t" entry's value as readers see it, or null when unusable. */
  tempoOf(raw: unknown): { bpm: number; ramp: boolean } | null {
    if (typeof raw !== "object" || raw === null) return null;
    const { bpm, ramp } = raw as { bpm?: unknown; ramp?: unknown };
    const value = TEMPO_CHANGE_SPEC.bpmOf(bpm);
    return value === null ? null : { bpm: value, ramp: ramp === true };
  },
  isValidTempo(raw: unknown): boolean {
    if (typeof raw !== "object" || raw === null) return false;
    const { bpm, ramp } = raw as { bpm?: unknown; ramp?: unknown };
    return TEMPO_CHANGE_SPEC.isValidBpm(bpm) && typeof ramp === "boolean" && Object.keys(raw).length === 2;
  },
  /** An "m" entry's value as readers see it, or null when unusable. */
  meterOf(raw: unknown): TimeSignature | null {
    return isTimeSignature(raw) ? { numerator: raw.numerator, denominator: raw.denominator } : null;
  },
} as const;

// ── sections ────────────────────────────────────────────────────────────────────────────────────────────

export const DEFAULT_SECTION_NAME = "Section";

export const SECTION_FIELDS = {
  name: {
    key: "name",
    doc: `Section name ("Verse", "Chorus 2" …). One trimmed line, 1..${LIMITS.sectionNameMaxLength} characters.`,
    isValid: (raw: unknown): raw is string => isSingleLine(raw, LIMITS.sectionNameMaxLength),
    coerce: (raw: unknown) => coerceSingleLine(raw, LIMITS.sectionNameMaxLength, DEFAULT_SECTION_NAME),
  } satisfies FieldSpec<string, { id: string }>,
  color: colorSpec("Section"),
  startTick: tickSpec("startTick", "Where the section starts, in ticks from the song start (integer 0..maxTick)."),
  lengthTicks: lengthSpec("lengthTicks", "Section length in ticks (integer ≥ 1)."),
} as const;

/** The section's two collaborative texts (Y.Text, edited character by character). */
export const SECTION_TEXT_KEYS = { lyrics: "lyrics", chords: "chords" } as const;
export type SectionTextField = keyof typeof SECTION_TEXT_KEYS;

// ── clips and notes ─────────────────────────────────────────────────────────────────────────────────────

export const DEFAULT_CLIP_NAME = "Clip";

export const CLIP_FIELDS = {
  trackId: {
    key: "trackId",
    doc: "The instrument track the clip plays on. A clip whose track is gone (or not an instrument track) is an orphan: readers skip it, repair deletes it.",
    isValid: (raw: unknown): raw is string => typeof raw === "string" && raw.length > 0,
    coerce: (raw: unknown) => (typeof raw === "string" ? raw : ""),
  } satisfies FieldSpec<string, { id: string }>,
  name: {
    key: "name",
    doc: `Clip name. One trimmed line, 1..${LIMITS.clipNameMaxLength} characters.`,
    isValid: (raw: unknown): raw is string => isSingleLine(raw, LIMITS.clipNameMaxLength),
    coerce: (raw: unknown) => coerceSingleLine(raw, LIMITS.clipNameMaxLength, DEFAULT_CLIP_NAME),
  } satisfies FieldSpec<string, { id: string }>,
  startTick: tickSpec("startTick", "Where the clip starts, in ticks from the song start (integer 0..maxTick)."),
  lengthTicks: lengthSpec(
    "lengthTicks",
    "Clip length in ticks (integer ≥ 1). Notes starting at or after it are kept but silent; a note is cut at the clip end.",
  ),
} as const;

/** A span of the clip where the sustain pedal (MIDI CC 64) is down, in ticks relative to the clip start. */
export interface PedalRange {
  startTick: number;
  endTick: number;
}

/**
 * Optional clip field (schema v3; absent = no pedal, so repair writes nothing to clips without one): the
 * sustain pedal as ONE plain value, a list of ranges. Readers sort, clip to 0..maxTick, drop empty ranges and
 * merge overlapping ones. While the pedal is down, a released note keeps sounding until the pedal lifts (or the
 * same pitch is struck again): the built-in instruments honour it, MIDI import and export keep it.
 */
export const CLIP_PEDAL_FIELD = {
  key: "pedal",
  doc: "Sustain pedal ranges [{ startTick, endTick }] relative to the clip start, sorted, non-overlapping, start < end.",
  isValid(raw: unknown): raw is PedalRange[] {
    if (!Array.isArray(raw)) return false;
    let last = -1;
    for (const r of raw as unknown[]) {
      if (typeof r !== "object" || r === null) return false;
      const { startTick, endTick } = r as Partial<PedalRange>;
      if (!isIntIn(startTick, 0, LIMITS.maxTick) || !isIntIn(endTick, 1, LIMITS.maxTick)) return false;
      if (startTick <= last || endTick <= startTick) return false;
      last = endTick;
    }
    return true;
  },
  coerce(raw: unknown): PedalRange[] {
    if (!Array.isArray(raw)) return [];
    const ranges: PedalRange[] = [];
    for (const r of raw as unknown[]) {
      if (typeof r !== "object" || r === null) continue;
      const { startTick, endTick } = r as { startTick?: unknown; endTick?: unknown };
      const s = coerceIntIn(startTick, 0, LIMITS.maxTick, -1);
      const e = coerceIntIn(endTick, 0, LIMITS.maxTick, -1);
      if (s >= 0 && e > s) ranges.push({ startTick: s, endTick: e });
    }
    ranges.sort((a, b) => a.startTick - b.startTick || a.endTick - b.endTick);
    const merged: PedalRange[] = [];
    for (const r of ranges) {
      const prev = merged[merged.length - 1];
      if (prev && r.startTick <= prev.endTick) prev.endTick = Math.max(prev.endTick, r.endTick);
      else merged.push({ ...r });
    }
    return merged;
  },
} as const;

/** The clip's notes: Y.Map noteId → Y.Map (NOTE_FIELDS). */
export const CLIP_NOTES_KEY = "notes";

export const NOTE_FIELDS = {
  pitch: {
    key: "pitch",
    doc: "MIDI note number, integer 0..127 (60 = middle C). On drum tracks, the GM drum (DRUM_MAP).",
    isValid: (raw: unknown): raw is number => isIntIn(raw, LIMITS.pitchMin, LIMITS.pitchMax),
    coerce: (raw: unknown) => coerceIntIn(raw, LIMITS.pitchMin, LIMITS.pitchMax, 60),
  } satisfies FieldSpec<number, { id: string }>,
  startTick: tickSpec("startTick", "Note start in ticks, relative to its clip's start (integer ≥ 0)."),
  durationTicks: {
    key: "durationTicks",
    doc: "Note length in ticks (integer ≥ 1).",
    isValid: (raw: unknown): raw is number => isIntIn(raw, 1, LIMITS.maxTick),
    coerce: (raw: unknown) => coerceIntIn(raw, 1, LIMITS.maxTick, 240),
  } satisfies FieldSpec<number, { id: string }>,
  velocity: {
    key: "velocity",
    doc: "MIDI velocity, integer 1..127.",
    isValid: (raw: unknown): raw is number => isIntIn(raw, LIMITS.velocityMin, LIMITS.velocityMax),
    coerce: (raw: unknown) => coerceIntIn(raw, LIMITS.velocityMin, LIMITS.velocityMax, 100),
  } satisfies FieldSpec<number, { id: string }>,
} as const;

// ── loop range (root "transport") ──────────────────────────────────────────────────────────────────────

export interface LoopRange {
  startTick: number;
  endTick: number;
}

export const LOOP_RANGE_FIELD = {
  key: "loopRange",
  doc: "The band's shared loop range as ONE plain value { startTick, endTick }, 0 ≤ start < end ≤ maxTick. Unset: bars 1–5.",
  isValid(raw: unknown): raw is LoopRange {
    if (typeof raw !== "object" || raw === null) return false;
    const { startTick, endTick } = raw as Partial<LoopRange>;
    return isIntIn(startTick, 0, LIMITS.maxTick - 1) && isIntIn(endTick, 1, LIMITS.maxTick) && startTick < endTick;
  },
  coerce(raw: unknown, ctx: { ticksPerBar: number }): LoopRange {
    const fallback = { startTick: 0, endTick: 4 * ctx.ticksPerBar };
    if (typeof raw !== "object" || raw === null) return fallback;
    const r = raw as { startTick?: unknown; endTick?: unknown };
    const startTick = coerceIntIn(r.startTick, 0, LIMITS.maxTick - 1, 0);
    const endTick = coerceIntIn(r.endTick, 0, LIMITS.maxTick, startTick + 4 * ctx.ticksPerBar);
    return endTick > startTick
      ? { startTick, endTick }
      : { startTick, endTick: Math.min(LIMITS.maxTick, startTick + 4 * ctx.ticksPerBar) };
  },
} as const;
