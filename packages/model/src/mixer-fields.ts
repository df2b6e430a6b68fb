import type { FieldSpec } from "./fields";
import type { EntityMap } from "./roots";
import { LIMITS } from "./schema";

/**
 * A track's channel in the shared mix: fader level, pan and mute. Stored on the track's map and absent until
 * someone moves them (absent = the default), so documents from before the mixer need no migration.
 *
 * Solo is deliberately not here: it is a listening choice, like headphones — soloing the bass to hear it
 * closely must not silence the band for everyone else, and a reviewer (comment or view link) may solo without
 * changing the document. Each client keeps its own solo set (see the audio engine's `setSolo`).
 */
export interface TrackMix {
  /** Fader level in dB, LIMITS.volumeMinDb..volumeMaxDb (0 = unity). */
  volumeDb: number;
  /** -1 (left) … 0 (centre) … 1 (right). */
  pan: number;
  mute: boolean;
}

export const DEFAULT_TRACK_MIX: Readonly<TrackMix> = { volumeDb: 0, pan: 0, mute: false };

const roundTo = (value: number, step: number) => Math.round(value / step) * step;
/** Rounding to a decimal step, then through toFixed, so 0.1-steps compare equal on every peer (no 0.30000000000000004). */
const stepped = (value: number, step: number, decimals: number) => Number(roundTo(value, step).toFixed(decimals));

export const TRACK_MIX_FIELDS = {
  volumeDb: {
    key: "volumeDb",
    doc: `Fader level in dB, ${LIMITS.volumeMinDb}..${LIMITS.volumeMaxDb}, rounded to ${LIMITS.volumeStepDb}. Absent: 0 dB.`,
    isValid: (raw: unknown): raw is number =>
      typeof raw === "number" &&
      raw >= LIMITS.volumeMinDb &&
      raw <= LIMITS.volumeMaxDb &&
      stepped(raw, LIMITS.volumeStepDb, 1) === raw,
    coerce: (raw: unknown): number =>
      typeof raw === "number" && Number.isFinite(raw)
        ? stepped(Math.min(LIMITS.volumeMaxDb, Math.max(LIMITS.volumeMinDb, raw)), LIMITS.volumeStepDb, 1)
        : DEFAULT_TRACK_MIX.volumeDb,
  } satisfies FieldSpec<number>,
  pan: {
    key: "pan",
    doc: `Stereo position -1 (left) … 1 (right), rounded to ${LIMITS.panStep}. Absent: centre.`,
    isValid: (raw: unknown): raw is number =>
      typeof raw === "number" && raw >= -1 && raw <= 1 && stepped(raw, LIMITS.panStep, 2) === raw,
    coerce: (raw: unknown): number =>
      typeof raw === "number" && Number.isFinite(raw)
        ? stepped(Math.min(1, Math.max(-1, raw)), LIMITS.panStep, 2)
        : DEFAULT_TRACK_MIX.pan,
  } satisfies FieldSpec<number>,
  mute: {
    key: "mute",
    doc: "Muted for everyone in the session. Absent: not muted.",
    isValid: (raw: unknown): raw is boolean => typeof raw === "boolean",
    coerce: (raw: unknown): boolean => raw === true,
  } satisfies FieldSpec<boolean>,
} as const;

/** The mix fields of a stored track (absent or unusable values read as their defaults). */
export function readTrackMix(map: EntityMap): TrackMix {
  return {
    volumeDb: TRACK_MIX_FIELDS.volumeDb.coerce(map.get(TRACK_MIX_FIELDS.volumeDb.key)),
    pan: TRACK_MIX_FIELDS.pan.coerce(map.get(TRACK_MIX_FIELDS.pan.key)),
    mute: TRACK_MIX_FIELDS.mute.coerce(map.get(TRACK_MIX_FIELDS.mute.key)),
  };
}
