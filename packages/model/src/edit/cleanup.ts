import type * as Y from "yjs";
import { ModelError } from "../errors";
import { transactAs, type Origin } from "../origin";
import { setIfChanged } from "../roots";
import { readTempoMap } from "../tempo-changes";
import { snapTicks, type SnapGrid } from "../timeline/snap";
import { LIMITS } from "../schema";
import { AUDIO_CLIP_FIELDS } from "../takes/fields";
import { insertAudioClip } from "../takes/operations";
import { audioClipsMap, requireAudioClip, takeForClip, type AudioClip } from "../takes/store";
import { framesBetween } from "./time";

/**
 * Clean-up operations on audio clips (issue 19): reverse, quantize starts, and strip silence. All non-destructive
 * (only clip windows and flags change; the take's audio never does) and each one transaction with the caller's
 * origin, so a whole selection is one undo step of its author.
 */

function edit(message: string): never {
  throw new ModelError("INVALID_EDIT", message);
}

function requireClips(doc: Y.Doc, clipIds: readonly string[]) {
  const ids = [...new Set(clipIds ?? [])];
  if (ids.length === 0) edit("Select audio clips first.");
  return ids.map((id) => requireAudioClip(doc, id));
}

/** Sets (or clears) the reversed flag of every given clip in one step. */
export function setAudioClipsReversed(doc: Y.Doc, clipIds: readonly string[], reversed: boolean, origin: Origin): void {
  if (typeof reversed !== "boolean") edit("Reversed is on or off.");
  const targets = requireClips(doc, clipIds);
  transactAs(doc, origin, () => {
    for (const { map } of targets) setIfChanged(map, AUDIO_CLIP_FIELDS.reversed.key, reversed);
  });
}

/** Reverses each clip (a reversed one plays forwards again): the menu item and the R key. */
export function toggleAudioClipsReversed(doc: Y.Doc, clipIds: readonly string[], origin: Origin): void {
  const targets = requireClips(doc, clipIds);
  transactAs(doc, origin, () => {
    for (const { clip, map } of targets) setIfChanged(map, AUDIO_CLIP_FIELDS.reversed.key, !clip.reversed);
  });
}

/**
 * Moves each clip's start to the nearest line of `grid`. The clip keeps its window into the take (offset, length,
 * fades), so the audio it plays moves with it: the trimmed start — where the clip's sound begins — lands on the
 * grid, not frame 0 of the take. Returns the ids that moved.
 */
export function quantizeAudioClipStarts(
  doc: Y.Doc,
  clipIds: readonly string[],
  grid: SnapGrid,
  origin: Origin,
): string[] {
  if (grid === "off" || !["bar", "beat", "1/8", "1/16"].includes(grid))
    edit("Choose a grid (bar, beat, 1/8 or 1/16) to quantize to.");
  const tempo = readTempoMap(doc);
  const targets = requireClips(doc, clipIds).map((t) => ({
    ...t,
    to: Math.min(LIMITS.maxTick - 1, snapTicks(t.clip.startTick, grid, tempo, "round")),
  }));
  const moved = targets.filter((t) => t.to !== t.clip.startTick);
  transactAs(doc, origin, () => {
    for (const t of moved) setIfChanged(t.map, AUDIO_CLIP_FIELDS.startTick.key, t.to);
  });
  return moved.map((t) => t.clip.id);
}

/** A stretch of a clip to keep, in frames from the clip's first played frame (end exclusive). */
export interface KeptRange {
  startFrame: number;
  endFrame: number;
}

/**
 * The pieces strip silence would leave, as clip fields (no writes): each kept range widened outwards to whole
 * ticks (a clip starts on a tick; widening never cuts sound off), ranges that then touch merged, each piece at the
 * same alignment as the clip (so it plays exactly the audio it played before). Fades: the first piece keeps the
 * fade-in if it starts where the clip does, the last the fade-out if it ends where the clip does.
 */
export function planStripSilence(doc: Y.Doc, clipId: string, kept: readonly KeptRange[]): Omit<AudioClip, "id">[] {
  const { clip } = requireAudioClip(doc, clipId);
  const take = takeForClip(doc, clip.takeId);
  if (!take) throw new ModelError("TAKE_NOT_FOUND", "The recording this clip plays is not in this session any more.");
  if (!kept || kept.length === 0) edit("Nothing in this clip is above the threshold: nothing to keep.");
  let last = 0;
  for (const r of kept) {
    const ok =
      Number.isInteger(r?.startFrame) &&
      Number.isInteger(r?.endFrame) &&
      r.startFrame >= last &&
      r.endFrame > r.startFrame &&
      r.endFrame <= clip.lengthFrames;
    if (!ok) edit("The kept regions must be ordered, not overlap, and lie inside the clip.");
    last = r.endFrame;
  }
  const tempo = readTempoMap(doc);
  const rate = take.sampleRate;
  const clipSeconds = tempo.ticksToSeconds(clip.startTick);
  // Float noise must not push a frame that sits exactly on a tick to the neighbouring tick.
  const ticksAt = (frame: number) => tempo.secondsToTicks(clipSeconds + frame / rate);
  // Piece edges in ticks: starts floored, ends ceiled; the clip's own edges stay exact (null = the clip's end).
  const spans: { from: number; to: number | null }[] = [];
  for (const r of kept) {
    const from = r.startFrame === 0 ? clip.startTick : Math.floor(ticksAt(r.startFrame) + 1e-6);
    const to = r.endFrame >= clip.lengthFrames ? null : Math.ceil(ticksAt(r.endFrame) - 1e-6);
    const prev = spans[spans.length - 1];
    if (prev && prev.to !== null && from <= prev.to) prev.to = to;
    else spans.push({ from, to });
  }
  return spans.map((s, i) => {
    const startFrame = framesBetween(tempo, clip.startTick, s.from, rate);
    const endFrame =
      s.to === null ? clip.lengthFrames : Math.min(clip.lengthFrames, framesBetween(tempo, clip.startTick, s.to, rate));
    const lengthFrames = Math.max(1, endFrame - startFrame);
    // Reversed, timeline frame k of the clip plays take frame offset + length − 1 − k.
    const offsetFrames = clip.reversed
      ? clip.offsetFrames + clip.lengthFrames - startFrame - lengthFrames
      : clip.offsetFrames + startFrame;
    const fadeInFrames = i === 0 && startFrame === 0 ? Math.min(clip.fadeInFrames, lengthFrames) : 0;
    const fadeOutFrames =
      i === spans.length - 1 && endFrame === clip.lengthFrames
        ? Math.min(clip.fadeOutFrames, lengthFrames - fadeInFrames)
        : 0;
    const { id: _id, ...rest } = clip;
    return { ...rest, startTick: s.from, offsetFrames, lengthFrames, fadeInFrames, fadeOutFrames };
  });
}

/**
 * Strip silence: replaces the clip with one clip per kept range (planStripSilence), in one step. The first piece
 * keeps the clip's id (comments pinned to it, selection), the others are new. Returns the pieces in time order.
 */
export function stripSilence(doc: Y.Doc, clipId: string, kept: readonly KeptRange[], origin: Origin): AudioClip[] {
  const pieces = planStripSilence(doc, clipId, kept);
  const { map } = requireAudioClip(doc, clipId);
  const ids: string[] = [clipId];
  transactAs(doc, origin, () => {
    const [first, ...rest] = pieces;
    const f = AUDIO_CLIP_FIELDS;
    setIfChanged(map, f.startTick.key, first.startTick);
    setIfChanged(map, f.offsetFrames.key, first.offsetFrames);
    setIfChanged(map, f.lengthFrames.key, first.lengthFrames);
    setIfChanged(map, f.fadeInFrames.key, first.fadeInFrames);
    setIfChanged(map, f.fadeOutFrames.key, first.fadeOutFrames);
    for (const piece of rest) ids.push(insertAudioClip(doc, piece));
  });
  return ids.map((id) => requireAudioClip(doc, id).clip);
}

/** Ids of audio clips still in the doc (a selection may hold ids a bandmate deleted). */
export function existingAudioClipIds(doc: Y.Doc, ids: readonly string[]): string[] {
  const root = audioClipsMap(doc);
  return ids.filter((id) => root.has(id));
}
