import type * as Y from "yjs";
import { readTempoMap } from "../tempo-changes";
import { audioClipEntries, takeForClip } from "../takes/store";
import { framesBetween } from "./time";

/**
 * Comments pinned to an audio clip follow the audio they were made on (issue 19): the anchor records the take and
 * the take frame under the pin, and resolves to wherever a clip plays that frame now — through moves, trims (as
 * long as the frame is still inside the clip) and splits (the piece that holds it), preferring the clip it was
 * pinned to.
 */

export interface AudioClipPin {
  clipId: string;
  trackId: string;
  takeId: string;
  startTick: number;
  /** The take frame at `tick`. */
  takeFrameAt: (tick: number) => number;
}

export function audioClipPin(songDoc: Y.Doc, clipId: string): AudioClipPin | null {
  const entry = audioClipEntries(songDoc).find((e) => e.clip.id === clipId);
  const take = entry ? takeForClip(songDoc, entry.clip.takeId) : null;
  if (!entry || !take) return null;
  const clip = entry.clip;
  const tempo = readTempoMap(songDoc);
  return {
    clipId,
    trackId: clip.trackId,
    takeId: clip.takeId,
    startTick: clip.startTick,
    takeFrameAt: (tick) => clip.offsetFrames + framesBetween(tempo, clip.startTick, tick, take.sampleRate),
  };
}

/** Where take frame `takeFrame` plays now: the clip holding it (the preferred one first) and the tick. */
export function placeOfTakeFrame(
  songDoc: Y.Doc,
  takeId: string,
  takeFrame: number,
  preferClipId: string | null,
): { clipId: string; trackId: string; tick: number } | null {
  const take = takeForClip(songDoc, takeId);
  if (!take) return null;
  const holders = audioClipEntries(songDoc)
    .map((e) => e.clip)
    .filter((c) => c.takeId === takeId && takeFrame >= c.offsetFrames && takeFrame < c.offsetFrames + c.lengthFrames)
    .sort((a, b) => (a.id === preferClipId ? -1 : b.id === preferClipId ? 1 : a.startTick - b.startTick));
  const clip = holders[0];
  if (!clip) return null;
  const tempo = readTempoMap(songDoc);
  const seconds = tempo.ticksToSeconds(clip.startTick) + (takeFrame - clip.offsetFrames) / take.sampleRate;
  return { clipId: clip.id, trackId: clip.trackId, tick: Math.round(tempo.secondsToTicks(seconds)) };
}
