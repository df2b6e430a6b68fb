import { LIMITS } from "./schema";
import { DEFAULT_KEY, isMusicalKey, isPitchClassName, type MusicalKey } from "./musical-key";
import { isValidOrderKey } from "./fractional-index";

/**
 * Every stored field as data: its stable key, meaning and units, what counts as valid, and how a reader turns
 * any stored value (including one written by a buggy or newer peer) into the nearest valid one.
 * Operations validate user input separately (validate.ts) so they can explain the problem; what they store
 * always satisfies `isValid`.
 */
export interface FieldSpec<T, Ctx = void> {
  /** Key in the entity's Y.Map. Stable forever. */
  readonly key: string;
  /** Meaning, units, constraints — the documentation of the stored value. */
  readonly doc: string;
  /** Set when the field is retired: readers may still read it, nobody writes it. */
  readonly deprecated?: string;
  isValid: (raw: unknown) => raw is T;
  /** Nearest valid value: clamp numbers, trim/truncate text, else the default. Pure and deterministic. */
  coerce: (raw: unknown, ctx: Ctx) => T;
}

// ── text ────────────────────────────────────────────────────────────────────────────────────────────────

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;
const HAS_CONTROL_CHAR = /[\u0000-\u001f\u007f]/;
/** Multi-line text keeps \t and \n; \r is dropped (normalised line ends). */
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const HAS_CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** One line of text, trimmed, 1..max characters (UTF-16 units, as the UI's maxLength counts). */
export function isSingleLine(raw: unknown, max: number): raw is string {
  return (
    typeof raw === "string" && raw.length >= 1 && raw.length <= max && raw === raw.trim() && !HAS_CONTROL_CHAR.test(raw)
  );
}

export function coerceSingleLine(raw: unknown, max: number, fallback: string): string {
  if (typeof raw !== "string") return fallback;
  const text = raw.replace(CONTROL_CHARS, " ").trim().slice(0, max).trim();
  return text.length > 0 ? text : fallback;
}

export function isMultiLine(raw: unknown, max: number): raw is string {
  return (
    typeof raw === "string" &&
    raw.length >= 1 &&
    raw.length <= max &&
    raw === raw.trim() &&
    !HAS_CONTROL_EXCEPT_NEWLINE_TAB.test(raw)
  );
}

export function coerceMultiLine(raw: unknown, max: number, fallback: string): string {
  if (typeof raw !== "string") return fallback;
  const text = raw.replace(CONTROL_EXCEPT_NEWLINE_TAB, "").trim().slice(0, max).trim();
  return text.length > 0 ? text : fallback;
}

// ── numbers ─────────────────────────────────────────────────────────────────────────────────────────────

/** Tempo is kept to a millionth of a BPM: fine enough that a MIDI file's microsecond tempos stay exact (schema v3). */
export function roundTempo(bpm: number): number {
  return Math.round(bpm * 1e6) / 1e6;
}

function isFiniteNumber(raw: unknown): raw is number {
  return typeof raw === "number" && Number.isFinite(raw);
}

function isNonNegativeTime(raw: unknown): raw is number {
  return isFiniteNumber(raw) && raw >= 0;
}

// ── song sheet ──────────────────────────────────────────────────────────────────────────────────────────

export interface TimeSignature {
  numerator: number;
  denominator: number;
}

export const DEFAULT_TITLE = "Untitled song";
export const DEFAULT_TEMPO_BPM = 120;
export const DEFAULT_TIME_SIGNATURE: TimeSignature = { numerator: 4, denominator: 4 };

export function isTimeSignature(raw: unknown): raw is TimeSignature {
  if (typeof raw !== "object" || raw === null) return false;
  const { numerator, denominator } = raw as Partial<TimeSignature>;
  return (
    Number.isInteger(numerator) &&
    numerator! >= 1 &&
    numerator! <= LIMITS.timeSignatureMaxNumerator &&
    LIMITS.timeSignatureDenominators.includes(denominator as number)
  );
}

export const SONG_FIELDS = {
  title: {
    key: "title",
    doc: `Song title shown in the header and exports. One trimmed line, 1..${LIMITS.titleMaxLength} characters.`,
    isValid: (raw: unknown): raw is string => isSingleLine(raw, LIMITS.titleMaxLength),
    coerce: (raw: unknown) => coerceSingleLine(raw, LIMITS.titleMaxLength, DEFAULT_TITLE),
  } satisfies FieldSpec<string>,
  tempoBpm: {
    key: "tempoBpm",
    doc: `Song tempo in beats per minute (the beat is the time signature's denominator). ${LIMITS.tempoMinBpm}..${LIMITS.tempoMaxBpm}, rounded to 0.000001 (v3).`,
    isValid: (raw: unknown): raw is number =>
      isFiniteNumber(raw) && raw >= LIMITS.tempoMinBpm && raw <= LIMITS.tempoMaxBpm && roundTempo(raw) === raw,
    coerce: (raw: unknown) =>
      isFiniteNumber(raw)
        ? roundTempo(Math.min(LIMITS.tempoMaxBpm, Math.max(LIMITS.tempoMinBpm, raw)))
        : DEFAULT_TEMPO_BPM,
  } satisfies FieldSpec<number>,
  timeSignature: {
    key: "timeSignature",
    doc: "Meter as one plain value { numerator: beats per bar 1..32, denominator: note value 1|2|4|8|16|32 }.",
    isValid: isTimeSignature,
    coerce: (raw: unknown): TimeSignature => {
      if (typeof raw !== "object" || raw === null) return { ...DEFAULT_TIME_SIGNATURE };
      const { numerator, denominator } = raw as { numerator?: unknown; denominator?: unknown };
      const n = isFiniteNumber(numerator)
        ? Math.min(LIMITS.timeSignatureMaxNumerator, Math.max(1, Math.round(numerator)))
        : DEFAULT_TIME_SIGNATURE.numerator;
      const d = LIMITS.timeSignatureDenominators.includes(denominator as number)
        ? (denominator as number)
        : DEFAULT_TIME_SIGNATURE.denominator;
      return { numerator: n, denominator: d };
    },
  } satisfies FieldSpec<TimeSignature>,
  key: {
    key: "key",
    doc: "Musical key as one plain value { tonic: one of PITCH_CLASS_NAMES, mode: 'major' | 'minor' }.",
    isValid: isMusicalKey,
    coerce: (raw: unknown): MusicalKey => {
      if (typeof raw !== "object" || raw === null) return { ...DEFAULT_KEY };
      const { tonic, mode } = raw as { tonic?: unknown; mode?: unknown };
      return {
        tonic: isPitchClassName(tonic) ? tonic : DEFAULT_KEY.tonic,
        mode: mode === "major" || mode === "minor" ? mode : DEFAULT_KEY.mode,
      };
    },
  } satisfies FieldSpec<MusicalKey>,
} as const;

// ── tracks ──────────────────────────────────────────────────────────────────────────────────────────────

export type TrackKind = "audio" | "instrument";
export const TRACK_KINDS: readonly TrackKind[] = ["audio", "instrument"];

/** Ten colours that stay distinct from each other and readable (as fills and as text) on a dark background. */
export const TRACK_COLORS: readonly string[] = [
  "#ef5b5b", // red
  "#ff9f43", // orange
  "#ffd166", // yellow
  "#7bd389", // green
  "#2ec4b6", // teal
  "#4cc9f0", // sky
  "#6c8cff", // blue
  "#a57cf5", // violet
  "#f472b6", // pink
  "#c9a27e", // sand
];

const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** A stable palette colour for a track whose stored colour is unusable: a hash of its id, same on every peer. */
export function fallbackColorForId(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return TRACK_COLORS[h % TRACK_COLORS.length];
}

export const DEFAULT_TRACK_NAME = "Untitled track";

export const TRACK_FIELDS = {
  name: {
    key: "name",
    doc: `Track name. One trimmed line, 1..${LIMITS.trackNameMaxLength} characters. Not unique.`,
    isValid: (raw: unknown): raw is string => isSingleLine(raw, LIMITS.trackNameMaxLength),
    coerce: (raw: unknown) => coerceSingleLine(raw, LIMITS.trackNameMaxLength, DEFAULT_TRACK_NAME),
  } satisfies FieldSpec<string, { id: string }>,
  color: {
    key: "color",
    doc: "Track colour, lower-case #rrggbb.",
    isValid: (raw: unknown): raw is string => typeof raw === "string" && HEX_COLOR.test(raw),
    coerce: (raw: unknown, ctx: { id: string }) =>
      typeof raw === "string" && HEX_COLOR.test(raw.toLowerCase()) ? raw.toLowerCase() : fallbackColorForId(ctx.id),
  } satisfies FieldSpec<string, { id: string }>,
  kind: {
    key: "kind",
    doc: "'audio' (recorded takes) or 'instrument' (MIDI clips played by an instrument).",
    isValid: (raw: unknown): raw is TrackKind => raw === "audio" || raw === "instrument",
    coerce: (raw: unknown): TrackKind => (raw === "instrument" ? "instrument" : "audio"),
  } satisfies FieldSpec<TrackKind, { id: string }>,
  order: {
    key: "order",
    doc: "Fractional order key (fractional-index.ts); the track list is sorted by order, then id. Unique per track.",
    isValid: isValidOrderKey,
    // Readers sort by the raw string (invalid keys included) so the visible order never depends on repair;
    // repair re-keys invalid and tied keys without moving anything (track-order.ts).
    coerce: (raw: unknown) => (typeof raw === "string" ? raw : ""),
  } satisfies FieldSpec<string, { id: string }>,
  createdAt: {
    key: "createdAt",
    doc: "When the track was added: milliseconds since the Unix epoch, by the adding peer's clock (informational).",
    isValid: isNonNegativeTime,
    coerce: (raw: unknown) => (isNonNegativeTime(raw) ? raw : 0),
  } satisfies FieldSpec<number, { id: string }>,
} as const;

// ── comments ────────────────────────────────────────────────────────────────────────────────────────────

export const DEFAULT_AUTHOR_NAME = "Someone";

export const COMMENT_FIELDS = {
  authorName: {
    key: "authorName",
    doc: `Display name the commenter gave. One trimmed line, 1..${LIMITS.authorNameMaxLength} characters.`,
    isValid: (raw: unknown): raw is string => isSingleLine(raw, LIMITS.authorNameMaxLength),
    coerce: (raw: unknown) => coerceSingleLine(raw, LIMITS.authorNameMaxLength, DEFAULT_AUTHOR_NAME),
  } satisfies FieldSpec<string>,
  text: {
    key: "text",
    doc: `Comment text, trimmed, 1..${LIMITS.commentTextMaxLength} characters; newlines allowed. A comment without text is not shown.`,
    isValid: (raw: unknown): raw is string => isMultiLine(raw, LIMITS.commentTextMaxLength),
    coerce: (raw: unknown) => coerceMultiLine(raw, LIMITS.commentTextMaxLength, ""),
  } satisfies FieldSpec<string>,
  authorId: {
    key: "authorId",
    doc: 'The commenter\'s browser identity (the user id they publish in presence), 8..64 of [A-Za-z0-9_-]; "" if unknown (v1).',
    isValid: (raw: unknown): raw is string => typeof raw === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(raw),
    coerce: (raw: unknown) => (typeof raw === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(raw) ? raw : ""),
  } satisfies FieldSpec<string>,
  editedAt: {
    key: "editedAt",
    doc: "When the text was last edited (ms since the epoch), or null if never.",
    isValid: (raw: unknown): raw is number | null => raw === null || isNonNegativeTime(raw),
    coerce: (raw: unknown) => (isNonNegativeTime(raw) ? raw : null),
  } satisfies FieldSpec<number | null>,
  versionId: {
    key: "versionId",
    doc: 'The saved version of the song the comment was made on ("made on"), or null (no version yet). 1..64 of [A-Za-z0-9_-].',
    isValid: (raw: unknown): raw is string | null =>
      raw === null || (typeof raw === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(raw)),
    coerce: (raw: unknown) => (typeof raw === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? raw : null),
  } satisfies FieldSpec<string | null>,
  atSeconds: {
    key: "atSeconds",
    deprecated: "v1 only: replaced by `anchor` (ticks, optionally pinned to a track or clip) in comments schema v2.",
    doc: "Timeline position the comment points at, in seconds from the song start (≥ 0).",
    isValid: isNonNegativeTime,
    coerce: (raw: unknown) => (isFiniteNumber(raw) ? Math.max(0, raw) : 0),
  } satisfies FieldSpec<number>,
  createdAt: {
    key: "createdAt",
    doc: "When the comment was written: milliseconds since the Unix epoch, by the writer's clock.",
    isValid: isNonNegativeTime,
    coerce: (raw: unknown) => (isNonNegativeTime(raw) ? raw : 0),
  } satisfies FieldSpec<number>,
} as const;
