import type * as Y from "yjs";
import { ModelError } from "./errors";
import { TRACK_MIX_FIELDS } from "./mixer-fields";
import { transactAs, type Origin } from "./origin";
import { setIfChanged } from "./roots";
import { LIMITS } from "./schema";
import { requireTrack } from "./tracks";

/** Operations on a track's channel in the shared mix (fields and defaults: mixer-fields.ts). */

/** Fader moves arrive many per second: out-of-range values are clamped (a drag past the end), junk is refused. */
export function setTrackVolume(doc: Y.Doc, trackId: string, db: number, origin: Origin): void {
  if (typeof db !== "number" || Number.isNaN(db)) {
    throw new ModelError("INVALID_VOLUME", "A track's volume must be a number of decibels.");
  }
  const value = TRACK_MIX_FIELDS.volumeDb.coerce(db === -Infinity ? LIMITS.volumeMinDb : db);
  const map = requireTrack(doc, trackId);
  transactAs(doc, origin, () => setIfChanged(map, TRACK_MIX_FIELDS.volumeDb.key, value));
}

export function setTrackPan(doc: Y.Doc, trackId: string, pan: number, origin: Origin): void {
  if (typeof pan !== "number" || !Number.isFinite(pan)) {
    throw new ModelError("INVALID_PAN", "Pan must be a number from -1 (left) to 1 (right).");
  }
  const value = TRACK_MIX_FIELDS.pan.coerce(pan);
  const map = requireTrack(doc, trackId);
  transactAs(doc, origin, () => setIfChanged(map, TRACK_MIX_FIELDS.pan.key, value));
}

export function setTrackMute(doc: Y.Doc, trackId: string, mute: boolean, origin: Origin): void {
  if (typeof mute !== "boolean") throw new ModelError("INVALID_MUTE", "Mute is on or off.");
  const map = requireTrack(doc, trackId);
  transactAs(doc, origin, () => setIfChanged(map, TRACK_MIX_FIELDS.mute.key, mute));
}

/** "−6.0 dB", "+2.5 dB", "0.0 dB"; the floor reads "−60 dB". For fader labels and compare summaries. */
export function formatVolumeDb(db: number): string {
  const sign = db > 0 ? "+" : db < 0 ? "−" : "";
  return `${sign}${Math.abs(db).toFixed(1)} dB`;
}

/** "C", "L40", "R100". */
export function formatPan(pan: number): string {
  const amount = Math.round(Math.abs(pan) * 100);
  return amount === 0 ? "C" : `${pan < 0 ? "L" : "R"}${amount}`;
}

/** One mix change in words, for the history's compare view: "volume −6.0 dB → 0.0 dB", "pan C → L40", "muted". */
export function describeMixChange(field: string, before: unknown, after: unknown): string {
  if (field === "volumeDb") return `volume ${formatVolumeDb(before as number)} → ${formatVolumeDb(after as number)}`;
  if (field === "pan") return `pan ${formatPan(before as number)} → ${formatPan(after as number)}`;
  if (field === "mute") return after ? "muted" : "unmuted";
  return `${field} changed`;
}

/**
 * Fader law: where a level sits on a fader, 0 (bottom) … 1 (top). 0 dB sits at 3/4 of the travel, +6 dB at
 * the top; below unity the travel is spread as a square law, so the region a mix lives in (−20…0 dB) gets
 * most of the fader instead of the bottom quarter a linear-dB scale would give it.
 */
const UNITY_POSITION = 0.75;
export function faderPosition(db: number): number {
  const v = Math.min(LIMITS.volumeMaxDb, Math.max(LIMITS.volumeMinDb, db));
  if (v >= 0) return UNITY_POSITION + (1 - UNITY_POSITION) * (v / LIMITS.volumeMaxDb);
  return UNITY_POSITION * (1 - Math.sqrt(v / LIMITS.volumeMinDb));
}

/** The inverse of `faderPosition` (positions outside 0…1 are clamped). */
export function faderDb(position: number): number {
  const p = Math.min(1, Math.max(0, position));
  if (p >= UNITY_POSITION) return ((p - UNITY_POSITION) / (1 - UNITY_POSITION)) * LIMITS.volumeMaxDb;
  return LIMITS.volumeMinDb * (1 - p / UNITY_POSITION) ** 2;
}
