import type * as Y from "yjs";
import { ModelError } from "../errors";
import { transactAs, type Origin } from "../origin";
import { setIfChanged, type EntityMap } from "../roots";
import { validateEnd, validateTick } from "../arrangement-validate";
import { readTempoMap } from "../tempo-changes";
import type { TempoMap } from "../timeline/tempo-map";
import { AUDIO_CLIP_FIELDS, CROSSFADE_LAWS, FADE_CURVES, type CrossfadeLaw, type FadeCurve } from "../takes/fields";
import { insertAudioClip } from "../takes/operations";
import {
  audioClipsMap,
  takeForClip,
  requireAudioClip,
  requireAudioTrack,
  type AudioClip,
  type Take,
} from "../takes/store";
import { endTickAfter, framesBetween } from "./time";

/**
 * Editing audio clips (issue 19): move, trim either edge, slip, split, glue, duplicate, delete, copy/paste, fades
 * and crossfade law. Non-destructive: a clip is a window (offsetFrames, lengthFrames) onto its take, so a trim or a
 * split only moves the window and the audio under it can always be pulled back. Each operation validates against
 * the clip's take first, then writes in one transaction with the caller's origin.
 */

type ClipPatch = Partial<Omit<AudioClip, "id" | "groupId">>;

function write(map: EntityMap, patch: ClipPatch): void {
  const f = AUDIO_CLIP_FIELDS;
  for (const [key, value] of Object.entries(patch) as [keyof ClipPatch, unknown][]) {
    if (value !== undefined) setIfChanged(map, f[key].key, value);
  }
}

function edit(message: string): never {
  throw new ModelError("INVALID_EDIT", message);
}

interface Target {
  clip: AudioClip;
  map: EntityMap;
  take: Take;
}

function requireTarget(doc: Y.Doc, clipId: string): Target {
  const { clip, map } = requireAudioClip(doc, clipId);
  const take = takeForClip(doc, clip.takeId);
  if (!take) throw new ModelError("TAKE_NOT_FOUND", "The recording this clip plays is not in this session any more.");
  return { clip, map, take };
}

/** Fades cut to a new length (fade-in first, as readers do), so a shorter clip never holds a longer fade. */
function fadesWithin(clip: AudioClip, lengthFrames: number): Pick<AudioClip, "fadeInFrames" | "fadeOutFrames"> {
  const fadeInFrames = Math.min(clip.fadeInFrames, lengthFrames);
  return { fadeInFrames, fadeOutFrames: Math.min(clip.fadeOutFrames, lengthFrames - fadeInFrames) };
}

/** The end tick of a clip on the grid (first whole tick at or after its last sample). */
export function audioClipEndTick(tempo: TempoMap, clip: AudioClip, take: Take): number {
  return endTickAfter(tempo, clip.startTick, clip.lengthFrames, take.sampleRate);
}

/** Moves a clip in time and/or to another audio track (the take stays in its own track's lanes). */
export function moveAudioClipTo(
  doc: Y.Doc,
  clipId: string,
  to: { startTick?: number; trackId?: string },
  origin: Origin,
): void {
  const { clip, map } = requireTarget(doc, clipId);
  const startTick = to?.startTick === undefined ? clip.startTick : validateTick(to.startTick, "The clip's start");
  validateEnd(startTick, 1, "The clip");
  const trackId = to?.trackId === undefined ? clip.trackId : requireAudioTrack(doc, to.trackId);
  transactAs(doc, origin, () => write(map, { startTick, trackId }));
}

/**
 * Moves the clip's left edge to `startTick`, keeping the audio where it is: the window into the take opens or
 * closes by the frames between the old and the new start. Pulling the edge left of the take's first frame fails.
 */
export function trimAudioClipStart(doc: Y.Doc, clipId: string, startTick: number, origin: Origin): void {
  const { clip, map, take } = requireTarget(doc, clipId);
  const start = validateTick(startTick, "The clip's new start");
  const delta = framesBetween(readTempoMap(doc), clip.startTick, start, take.sampleRate);
  // Reversed, the clip's start plays the window's last take frames: the window closes or opens at its take end.
  const offsetFrames = clip.reversed ? clip.offsetFrames : clip.offsetFrames + delta;
  const lengthFrames = clip.lengthFrames - delta;
  if (offsetFrames < 0) edit("The recording starts later: the clip's start cannot be pulled back any further.");
  if (clip.reversed && offsetFrames + lengthFrames > take.frames)
    edit("The recording ends earlier: the reversed clip's start cannot be pulled back any further.");
  if (lengthFrames < 1) edit("The clip's start must stay before its end.");
  transactAs(doc, origin, () =>
    write(map, { startTick: start, offsetFrames, lengthFrames, ...fadesWithin(clip, lengthFrames) }),
  );
}

/** Moves the clip's right edge to `endTick` (the audio beyond stays in the take, to be pulled back later). */
export function trimAudioClipEnd(doc: Y.Doc, clipId: string, endTick: number, origin: Origin): void {
  const { clip, map, take } = requireTarget(doc, clipId);
  const end = validateTick(endTick, "The clip's new end");
  const lengthFrames = framesBetween(readTempoMap(doc), clip.startTick, end, take.sampleRate);
  if (lengthFrames < 1) edit("The clip's end must stay after its start.");
  // Reversed, the clip's end plays the window's first take frames: the window's take end stays put.
  const offsetFrames = clip.reversed ? clip.offsetFrames + clip.lengthFrames - lengthFrames : clip.offsetFrames;
  if (offsetFrames < 0) edit("The recording starts later: the reversed clip cannot be lengthened past it.");
  if (offsetFrames + lengthFrames > take.frames)
    edit("The recording ends earlier: the clip cannot be lengthened past it.");
  transactAs(doc, origin, () => write(map, { offsetFrames, lengthFrames, ...fadesWithin(clip, lengthFrames) }));
}

/** Slides the audio inside the clip (the clip stays put): plays the take from `offsetFrames`. */
export function slipAudioClip(doc: Y.Doc, clipId: string, offsetFrames: number, origin: Origin): void {
  const { clip, map, take } = requireTarget(doc, clipId);
  if (!Number.isInteger(offsetFrames) || offsetFrames < 0 || offsetFrames + clip.lengthFrames > take.frames)
    edit("There is no more recorded audio in that direction: the clip would run off its recording.");
  transactAs(doc, origin, () => write(map, { offsetFrames }));
}

/**
 * Splits the clip at `tick` into two clips of the same take with no gap or shift: the left keeps the id, the
 * fade-in and (as the right's predecessor) nothing of the fade-out; the right gets a new id and the fade-out.
 */
export function splitAudioClip(
  doc: Y.Doc,
  clipId: string,
  tick: number,
  origin: Origin,
): { left: AudioClip; right: AudioClip } {
  const { clip, map, take } = requireTarget(doc, clipId);
  const at = validateTick(tick, "The split point");
  const leftFrames = framesBetween(readTempoMap(doc), clip.startTick, at, take.sampleRate);
  if (leftFrames < 1 || leftFrames >= clip.lengthFrames) edit("Split inside the clip, not at or beyond its edges.");
  const rightFrames = clip.lengthFrames - leftFrames;
  // Reversed, the left piece plays the window's last take frames and the right its first ones.
  const leftOffset = clip.reversed ? clip.offsetFrames + rightFrames : clip.offsetFrames;
  const rightOffset = clip.reversed ? clip.offsetFrames : clip.offsetFrames + leftFrames;
  let rightId = "";
  transactAs(doc, origin, () => {
    write(map, {
      offsetFrames: leftOffset,
      lengthFrames: leftFrames,
      fadeInFrames: Math.min(clip.fadeInFrames, leftFrames),
      fadeOutFrames: 0,
    });
    rightId = insertAudioClip(doc, {
      ...clip,
      startTick: at,
      offsetFrames: rightOffset,
      lengthFrames: rightFrames,
      fadeInFrames: 0,
      fadeOutFrames: Math.min(clip.fadeOutFrames, rightFrames),
    });
  });
  return { left: requireAudioClip(doc, clipId).clip, right: requireAudioClip(doc, rightId).clip };
}

/**
 * Glues clips that are consecutive pieces of one take on one track (as a split left them: each starts where the
 * previous one's audio ends, at the same alignment) back into the first of them.
 */
export function glueAudioClips(doc: Y.Doc, clipIds: readonly string[], origin: Origin): AudioClip {
  if (!clipIds || clipIds.length < 2) edit("Select at least two adjacent clips to glue.");
  const targets = [...new Set(clipIds)].map((id) => requireTarget(doc, id));
  // Timeline order; forwards that is take order, reversed it is take order backwards.
  const reversed = targets[0].clip.reversed;
  targets.sort((a, b) =>
    reversed ? b.clip.offsetFrames - a.clip.offsetFrames : a.clip.offsetFrames - b.clip.offsetFrames,
  );
  const first = targets[0];
  const tempo = readTempoMap(doc);
  for (let i = 1; i < targets.length; i++) {
    const prev = targets[i - 1].clip;
    const cur = targets[i].clip;
    if (cur.takeId !== first.clip.takeId || cur.trackId !== first.clip.trackId)
      edit("Only pieces of one recording on one track can be glued.");
    if (cur.reversed !== reversed) edit("A reversed clip can only be glued to reversed pieces.");
    const gapFrames = framesBetween(tempo, prev.startTick, cur.startTick, first.take.sampleRate) - prev.lengthFrames;
    const framesPerTick = framesBetween(tempo, prev.startTick, prev.startTick + 1, first.take.sampleRate);
    const follows = reversed
      ? cur.offsetFrames + cur.lengthFrames === prev.offsetFrames
      : cur.offsetFrames === prev.offsetFrames + prev.lengthFrames;
    if (!follows || Math.abs(gapFrames) > framesPerTick)
      edit("These clips are not adjacent pieces of the recording: move them back together first.");
  }
  const last = targets[targets.length - 1].clip;
  const offsetFrames = Math.min(...targets.map((t) => t.clip.offsetFrames));
  const lengthFrames = targets.reduce((sum, t) => sum + t.clip.lengthFrames, 0);
  transactAs(doc, origin, () => {
    write(first.map, {
      offsetFrames,
      lengthFrames,
      fadeOutFrames: last.fadeOutFrames,
      fadeOutCurve: last.fadeOutCurve,
    });
    for (const t of targets.slice(1)) audioClipsMap(doc).delete(t.clip.id);
  });
  return requireAudioClip(doc, first.clip.id).clip;
}

/** Deletes clips (their takes stay in the lanes). */
export function deleteAudioClips(doc: Y.Doc, clipIds: readonly string[], origin: Origin): void {
  const ids = [...new Set(clipIds)];
  for (const id of ids) requireAudioClip(doc, id);
  transactAs(doc, origin, () => {
    for (const id of ids) audioClipsMap(doc).delete(id);
  });
}

/** What copy puts on the clipboard: plain data, positions relative to the earliest clip (pasteable anywhere). */
export interface AudioClipboard {
  kind: "audio-clips";
  clips: (Omit<AudioClip, "id" | "startTick" | "groupId"> & { relTick: number })[];
  /** Ticks from the earliest start to the latest end (a duplicate lands this far after the original). */
  spanTicks: number;
}

export function copyAudioClips(doc: Y.Doc, clipIds: readonly string[]): AudioClipboard {
  const targets = [...new Set(clipIds)].map((id) => requireTarget(doc, id));
  if (targets.length === 0) edit("Select clips to copy.");
  const tempo = readTempoMap(doc);
  const first = Math.min(...targets.map((t) => t.clip.startTick));
  const last = Math.max(...targets.map((t) => audioClipEndTick(tempo, t.clip, t.take)));
  return {
    kind: "audio-clips",
    spanTicks: last - first,
    clips: targets.map(({ clip }) => {
      const { id: _id, startTick, groupId: _group, ...rest } = clip;
      return { ...rest, relTick: startTick - first };
    }),
  };
}

/**
 * Pastes clips at `tick`, on `trackId` (all of them) or on the tracks they were copied from. Each clip is checked
 * against its take again: the clipboard may be stale or come from elsewhere.
 */
export function pasteAudioClips(
  doc: Y.Doc,
  clipboard: AudioClipboard,
  at: { tick: number; trackId?: string },
  origin: Origin,
): AudioClip[] {
  if (clipboard?.kind !== "audio-clips" || !Array.isArray(clipboard.clips) || clipboard.clips.length === 0)
    throw new ModelError("INVALID_CLIPBOARD", "There are no audio clips on the clipboard.");
  const tick = validateTick(at?.tick, "The paste position");
  const target = at.trackId === undefined ? undefined : requireAudioTrack(doc, at.trackId);
  const plans = clipboard.clips.map((c) => {
    const take = takeForClip(doc, c.takeId);
    if (!take) throw new ModelError("TAKE_NOT_FOUND", "A copied clip's recording is not in this session any more.");
    const trackId = target ?? requireAudioTrack(doc, c.trackId);
    const startTick = validateTick(tick + c.relTick, "A pasted clip's start");
    if (!Number.isInteger(c.offsetFrames) || !Number.isInteger(c.lengthFrames) || c.offsetFrames < 0)
      throw new ModelError("INVALID_CLIPBOARD", "The clipboard holds a damaged clip.");
    if (c.lengthFrames < 1 || c.offsetFrames + c.lengthFrames > take.frames)
      throw new ModelError("INVALID_CLIPBOARD", "A copied clip no longer fits its recording.");
    if (!AUDIO_CLIP_FIELDS.gainDb.isValid(c.gainDb))
      throw new ModelError("INVALID_CLIPBOARD", "The clipboard holds a damaged clip.");
    const f = AUDIO_CLIP_FIELDS;
    const fadeInFrames = Math.min(f.fadeInFrames.coerce(c.fadeInFrames), c.lengthFrames);
    return {
      trackId,
      groupId: take.groupId,
      takeId: take.id,
      startTick,
      offsetFrames: c.offsetFrames,
      lengthFrames: c.lengthFrames,
      gainDb: c.gainDb,
      fadeInFrames,
      fadeOutFrames: Math.min(f.fadeOutFrames.coerce(c.fadeOutFrames), c.lengthFrames - fadeInFrames),
      fadeInCurve: f.fadeInCurve.coerce(c.fadeInCurve),
      fadeOutCurve: f.fadeOutCurve.coerce(c.fadeOutCurve),
      crossfadeLaw: f.crossfadeLaw.coerce(c.crossfadeLaw),
      reversed: f.reversed.coerce(c.reversed),
    };
  });
  const ids: string[] = [];
  transactAs(doc, origin, () => {
    for (const plan of plans) ids.push(insertAudioClip(doc, plan));
  });
  return ids.map((id) => requireAudioClip(doc, id).clip);
}

/** Copies of the clips right after the selection (each keeps its track and its place relative to the others). */
export function duplicateAudioClips(doc: Y.Doc, clipIds: readonly string[], origin: Origin): AudioClip[] {
  const board = copyAudioClips(doc, clipIds);
  const first = Math.min(...[...new Set(clipIds)].map((id) => requireAudioClip(doc, id).clip.startTick));
  return pasteAudioClips(doc, board, { tick: first + board.spanTicks }, origin);
}

export interface FadeEdit {
  fadeInFrames?: number;
  fadeOutFrames?: number;
  fadeInCurve?: FadeCurve;
  fadeOutCurve?: FadeCurve;
}

/** Sets a clip's fades: lengths in take frames, together no longer than the clip; curves by name. */
export function setAudioClipFades(doc: Y.Doc, clipId: string, fades: FadeEdit, origin: Origin): void {
  const { clip, map } = requireTarget(doc, clipId);
  const fadeInFrames = fades?.fadeInFrames ?? clip.fadeInFrames;
  const fadeOutFrames = fades?.fadeOutFrames ?? clip.fadeOutFrames;
  for (const n of [fadeInFrames, fadeOutFrames])
    if (!Number.isInteger(n) || n < 0)
      throw new ModelError("INVALID_FADE", "A fade is a whole number of samples, ≥ 0.");
  if (fadeInFrames + fadeOutFrames > clip.lengthFrames)
    throw new ModelError("INVALID_FADE", "The fades together cannot be longer than the clip.");
  for (const curve of [fades?.fadeInCurve, fades?.fadeOutCurve])
    if (curve !== undefined && !(FADE_CURVES as readonly string[]).includes(curve))
      throw new ModelError("INVALID_FADE", `A fade's shape is one of ${FADE_CURVES.join(", ")}.`);
  transactAs(doc, origin, () =>
    write(map, { fadeInFrames, fadeOutFrames, fadeInCurve: fades?.fadeInCurve, fadeOutCurve: fades?.fadeOutCurve }),
  );
}

/** Switches the crossfade where this clip starts over an earlier one (equal-gain for correlated material). */
export function setCrossfadeLaw(doc: Y.Doc, clipId: string, law: CrossfadeLaw, origin: Origin): void {
  const { map } = requireTarget(doc, clipId);
  if (!(CROSSFADE_LAWS as readonly string[]).includes(law))
    throw new ModelError("INVALID_FADE", `A crossfade is ${CROSSFADE_LAWS.join(" or ")}.`);
  transactAs(doc, origin, () => write(map, { crossfadeLaw: law }));
}
