import { coerceIntIn, isIntIn } from "../arrangement-fields";
import { LIMITS } from "../schema";

/**
 * Recorded audio in the song doc (issue #4), as data. The audio bytes live on the server (take store); the doc
 * holds what the band edits together: which takes exist on which track (take lanes) and the audio clips that
 * play them. Same rules as arrangement-fields.ts: `isValid` is what operations store, `coerce` is what readers
 * make of anything stored.
 *
 *   takes       Y.Map takeId → Y.Map { trackId, groupId, passIndex, startTick, sampleRate, channels, frames,
 *                                      latencyMs, createdBy, createdAt }
 *   audioClips  Y.Map clipId → Y.Map { trackId, groupId, takeId, startTick, offsetFrames, lengthFrames, gainDb,
 *                                      fadeInFrames, fadeOutFrames, fadeInCurve, fadeOutCurve, crossfadeLaw,
 *                                      reversed }
 *               (the last six from issue 19, absent = no fade / equal-power / forwards: older clips read unchanged)
 *
 * A "group" is one recording: a single pass, or every pass of a loop recording. Its takes are the track's take
 * lanes (one lane per pass); the audio clip made for the group plays its active take (`takeId`), so choosing
 * another pass is one field write that concurrent peers resolve last-writer-wins.
 */

export const TAKE_LIMITS = {
  sampleRates: [44100, 48000, 88200, 96000] as readonly number[],
  /** 30 minutes at 96 kHz: the server's TAKE_MAX_SECONDS at the highest rate. */
  maxFrames: 30 * 60 * 96000,
  maxPassIndex: 9999,
  minGainDb: -60,
  maxGainDb: 12,
  maxLatencyMs: 2000,
  createdByMaxLength: 60,
} as const;

const TAKE_ID = /^[a-z0-9]{16,32}$/;
const ENTITY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const isTakeId = (raw: unknown): raw is string => typeof raw === "string" && TAKE_ID.test(raw);
export const isEntityId = (raw: unknown): raw is string => typeof raw === "string" && ENTITY_ID.test(raw);

const stringSpec = (key: string, doc: string) => ({
  key,
  doc,
  isValid: isEntityId,
  coerce: (raw: unknown) => (typeof raw === "string" ? raw : ""),
});

const intSpec = (key: string, doc: string, min: number, max: number, fallback: number) => ({
  key,
  doc,
  isValid: (raw: unknown): raw is number => isIntIn(raw, min, max),
  coerce: (raw: unknown) => coerceIntIn(raw, min, max, fallback),
});

export const TAKE_FIELDS = {
  trackId: stringSpec("trackId", "The audio track the take was recorded on. A take whose track is gone is skipped."),
  groupId: stringSpec("groupId", "The recording it belongs to (all passes of one loop recording share it)."),
  passIndex: intSpec(
    "passIndex",
    "0-based pass of a loop recording (0 for a single take).",
    0,
    TAKE_LIMITS.maxPassIndex,
    0,
  ),
  startTick: intSpec(
    "startTick",
    "Where sample 0 of the take sits on the timeline (latency already compensated).",
    0,
    LIMITS.maxTick,
    0,
  ),
  sampleRate: {
    key: "sampleRate",
    doc: "Sample rate of the stored PCM (44100|48000|88200|96000).",
    isValid: (raw: unknown): raw is number => typeof raw === "number" && TAKE_LIMITS.sampleRates.includes(raw),
    coerce: (raw: unknown) => (typeof raw === "number" && TAKE_LIMITS.sampleRates.includes(raw) ? raw : 48000),
  },
  channels: {
    key: "channels",
    doc: "1 or 2.",
    isValid: (raw: unknown): raw is 1 | 2 => raw === 1 || raw === 2,
    coerce: (raw: unknown): 1 | 2 => (raw === 2 ? 2 : 1),
  },
  frames: intSpec(
    "frames",
    "Sample frames stored by the server when the take ended (≥ 1).",
    1,
    TAKE_LIMITS.maxFrames,
    1,
  ),
  latencyMs: {
    key: "latencyMs",
    doc: "The round-trip latency the recorder compensated (informational, ms).",
    isValid: (raw: unknown): raw is number =>
      typeof raw === "number" && Number.isFinite(raw) && Math.abs(raw) <= TAKE_LIMITS.maxLatencyMs,
    coerce: (raw: unknown) =>
      typeof raw === "number" && Number.isFinite(raw)
        ? Math.max(-TAKE_LIMITS.maxLatencyMs, Math.min(TAKE_LIMITS.maxLatencyMs, raw))
        : 0,
  },
  createdBy: {
    key: "createdBy",
    doc: "Display name of who recorded it (one line, ≤ 60 characters).",
    isValid: (raw: unknown): raw is string =>
      typeof raw === "string" && raw.length <= TAKE_LIMITS.createdByMaxLength && !/[\r\n]/.test(raw),
    coerce: (raw: unknown) =>
      typeof raw === "string" ? raw.replace(/[\r\n]+/g, " ").slice(0, TAKE_LIMITS.createdByMaxLength) : "",
  },
  createdAt: intSpec(
    "createdAt",
    "Milliseconds since the Unix epoch (recording peer's clock).",
    0,
    Number.MAX_SAFE_INTEGER,
    0,
  ),
} as const;

/** Fade shapes (the laws are pure functions in packages/dsp/src/edit/fades.ts; the doc stores only the name). */
export const FADE_CURVES = ["linear", "equal-power", "s-curve", "exponential"] as const;
export type FadeCurve = (typeof FADE_CURVES)[number];
/** How an overlap of two clips on one track crossfades (stored on the later, incoming clip). */
export const CROSSFADE_LAWS = ["equal-power", "equal-gain"] as const;
export type CrossfadeLaw = (typeof CROSSFADE_LAWS)[number];

function enumSpec<T extends string>(key: string, doc: string, values: readonly T[], fallback: T) {
  return {
    key,
    doc,
    isValid: (raw: unknown): raw is T => typeof raw === "string" && (values as readonly string[]).includes(raw),
    coerce: (raw: unknown): T =>
      typeof raw === "string" && (values as readonly string[]).includes(raw) ? (raw as T) : fallback,
  };
}

export const AUDIO_CLIP_FIELDS = {
  trackId: stringSpec(
    "trackId",
    "The audio track it plays on. A clip whose track is gone (or not an audio track) is an orphan.",
  ),
  groupId: stringSpec("groupId", "The recording whose takes this clip can play (its take lanes)."),
  takeId: {
    key: "takeId",
    doc: "The active take: the pass this clip plays (one of its group's takes).",
    isValid: isTakeId,
    coerce: (raw: unknown) => (typeof raw === "string" ? raw : ""),
  },
  startTick: intSpec("startTick", "Where the clip starts on the timeline, in ticks.", 0, LIMITS.maxTick, 0),
  offsetFrames: intSpec(
    "offsetFrames",
    "First frame of the take the clip plays (trimmed start).",
    0,
    TAKE_LIMITS.maxFrames,
    0,
  ),
  lengthFrames: intSpec(
    "lengthFrames",
    "Frames the clip plays (≥ 1); cut at the take's end when the take is shorter.",
    1,
    TAKE_LIMITS.maxFrames,
    1,
  ),
  gainDb: {
    key: "gainDb",
    doc: "Clip gain in dB (−60..+12), rounded to 0.1.",
    isValid: (raw: unknown): raw is number =>
      typeof raw === "number" && Number.isFinite(raw) && raw >= TAKE_LIMITS.minGainDb && raw <= TAKE_LIMITS.maxGainDb,
    coerce: (raw: unknown) =>
      typeof raw === "number" && Number.isFinite(raw)
        ? Math.max(TAKE_LIMITS.minGainDb, Math.min(TAKE_LIMITS.maxGainDb, raw))
        : 0,
  },
  fadeInFrames: intSpec(
    "fadeInFrames",
    "Fade-in length in take frames (0 = none); readers cut it to the clip's length.",
    0,
    TAKE_LIMITS.maxFrames,
    0,
  ),
  fadeOutFrames: intSpec(
    "fadeOutFrames",
    "Fade-out length in take frames (0 = none); readers cut it to what the fade-in leaves of the clip.",
    0,
    TAKE_LIMITS.maxFrames,
    0,
  ),
  fadeInCurve: enumSpec("fadeInCurve", "Shape of the fade-in.", FADE_CURVES, "equal-power"),
  fadeOutCurve: enumSpec("fadeOutCurve", "Shape of the fade-out.", FADE_CURVES, "equal-power"),
  crossfadeLaw: enumSpec(
    "crossfadeLaw",
    "Law of the crossfade where this clip starts over an earlier clip on its track (equal-gain for correlated audio).",
    CROSSFADE_LAWS,
    "equal-power",
  ),
  reversed: {
    key: "reversed",
    doc: "Plays the clip's window of the take backwards (absent = forwards); the take itself is never changed.",
    isValid: (raw: unknown): raw is boolean => typeof raw === "boolean",
    coerce: (raw: unknown): boolean => raw === true,
  },
} as const;
