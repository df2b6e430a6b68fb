import { ModelError, type ModelErrorCode } from "./errors";
import { LIMITS } from "./schema";
import { roundTempo, type TimeSignature, type TrackKind } from "./fields";
import { isMusicalKey, type MusicalKey } from "./musical-key";

/**
 * User input → the value to store, or a ModelError a musician can act on. Whitespace is forgiven
 * (trimmed; tabs and stray control characters in one-line fields become spaces); everything else is refused.
 * Every value returned here satisfies the matching FieldSpec.isValid.
 */

function singleLine(raw: unknown, max: number, code: ModelErrorCode, what: string, emptyMessage: string): string {
  if (typeof raw !== "string") throw new ModelError(code, `${what} must be text.`);
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  if (text.length === 0) throw new ModelError(code, emptyMessage);
  if (text.length > max)
    throw new ModelError(code, `${what} can be at most ${max} characters (this one has ${text.length}).`);
  return text;
}

function multiLine(raw: unknown, max: number, code: ModelErrorCode, what: string, emptyMessage: string): string {
  if (typeof raw !== "string") throw new ModelError(code, `${what} must be text.`);
  const text = raw
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .trim();
  if (text.length === 0) throw new ModelError(code, emptyMessage);
  if (text.length > max)
    throw new ModelError(code, `${what} can be at most ${max} characters (this one has ${text.length}).`);
  return text;
}

export function validateTitle(raw: unknown): string {
  return singleLine(raw, LIMITS.titleMaxLength, "INVALID_TITLE", "A song title", "Give the song a title.");
}

export function validateTempo(raw: unknown): number {
  if (typeof raw !== "number" || !Number.isFinite(raw)) {
    throw new ModelError("INVALID_TEMPO", "Tempo must be a number of beats per minute.");
  }
  const bpm = roundTempo(raw);
  if (bpm < LIMITS.tempoMinBpm || bpm > LIMITS.tempoMaxBpm) {
    throw new ModelError(
      "INVALID_TEMPO",
      `Tempo must be between ${LIMITS.tempoMinBpm} and ${LIMITS.tempoMaxBpm} BPM (got ${raw}).`,
    );
  }
  return bpm;
}

export function validateTimeSignature(numerator: unknown, denominator: unknown): TimeSignature {
  if (
    typeof numerator !== "number" ||
    !Number.isInteger(numerator) ||
    numerator < 1 ||
    numerator > LIMITS.timeSignatureMaxNumerator
  ) {
    throw new ModelError(
      "INVALID_TIME_SIGNATURE",
      `The top number of a time signature (beats per bar) must be a whole number from 1 to ${LIMITS.timeSignatureMaxNumerator}.`,
    );
  }
  if (typeof denominator !== "number" || !LIMITS.timeSignatureDenominators.includes(denominator)) {
    throw new ModelError(
      "INVALID_TIME_SIGNATURE",
      `The bottom number of a time signature (the note that gets the beat) must be ${LIMITS.timeSignatureDenominators.join(", ").replace(/, (\d+)$/, " or $1")}.`,
    );
  }
  return { numerator, denominator };
}

export function validateKey(raw: unknown): MusicalKey {
  if (!isMusicalKey(raw)) {
    throw new ModelError("INVALID_KEY", "That is not a key we know. Pick a tonic like C, F# or Bb and major or minor.");
  }
  // Copy: never store the caller's object (it may carry extra fields or be mutated later).
  return { tonic: raw.tonic, mode: raw.mode };
}

export function validateTrackName(raw: unknown): string {
  return singleLine(raw, LIMITS.trackNameMaxLength, "INVALID_NAME", "A track name", "Give the track a name.");
}

export function validateColor(raw: unknown): string {
  if (typeof raw !== "string" || !/^#[0-9a-fA-F]{6}$/.test(raw.trim())) {
    throw new ModelError("INVALID_COLOR", "Track colours are written as #rrggbb, for example #4cc9f0.");
  }
  return raw.trim().toLowerCase();
}

export function validateTrackKind(raw: unknown): TrackKind {
  if (raw !== "audio" && raw !== "instrument") {
    throw new ModelError("INVALID_TRACK_KIND", "A track is either an audio track or an instrument track.");
  }
  return raw;
}

export function validateCommentText(raw: unknown): string {
  return multiLine(
    raw,
    LIMITS.commentTextMaxLength,
    "INVALID_COMMENT_TEXT",
    "A comment",
    "Write something before posting the comment.",
  );
}

export function validateAuthorName(raw: unknown): string {
  return singleLine(
    raw,
    LIMITS.authorNameMaxLength,
    "INVALID_AUTHOR_NAME",
    "Your name",
    "Tell the band who is commenting (your name).",
  );
}
