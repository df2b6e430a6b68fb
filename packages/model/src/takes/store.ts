import * as Y from "yjs";
import { TRACK_FIELDS } from "../fields";
import { ModelError } from "../errors";
import { ROOT } from "../schema";
import { entityAt, tracksMap, type EntityMap } from "../roots";
import { AUDIO_CLIP_FIELDS, TAKE_FIELDS, type CrossfadeLaw, type FadeCurve } from "./fields";

/** Reading takes and audio clips out of the doc (readers tolerate anything a peer stored). */

export interface Take {
  /** The server's take id (the audio lives at /api/sessions/:id/takes/:takeId/audio). */
  id: string;
  trackId: string;
  groupId: string;
  passIndex: number;
  /** Where sample 0 sits on the timeline, in ticks (latency compensated when recorded). */
  startTick: number;
  sampleRate: number;
  channels: 1 | 2;
  frames: number;
  latencyMs: number;
  createdBy: string;
  createdAt: number;
}

export interface AudioClip {
  id: string;
  trackId: string;
  groupId: string;
  /** The active take (the pass it plays). */
  takeId: string;
  startTick: number;
  /** First frame of the take played (a trimmed start). */
  offsetFrames: number;
  lengthFrames: number;
  gainDb: number;
  /** Fade lengths in take frames; fadeIn ≤ length and fadeIn + fadeOut ≤ length as read. */
  fadeInFrames: number;
  fadeOutFrames: number;
  fadeInCurve: FadeCurve;
  fadeOutCurve: FadeCurve;
  /** Law of the crossfade where this clip overlaps the end of an earlier clip on its track. */
  crossfadeLaw: CrossfadeLaw;
  /**
   * Plays the window backwards: the clip's first played frame is take frame offset + length − 1 and its last is
   * take frame `offsetFrames` (edits keep what is heard at each timeline position where it was).
   */
  reversed: boolean;
}

/** The issue-19 edit fields a new clip gets unless told otherwise (what an absent field reads as). */
export const NO_FADES = {
  fadeInFrames: 0,
  fadeOutFrames: 0,
  fadeInCurve: "equal-power",
  fadeOutCurve: "equal-power",
  crossfadeLaw: "equal-power",
  reversed: false,
} as const satisfies Partial<AudioClip>;

export function takesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.takes);
}

export function audioClipsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.audioClips);
}

export function readTake(id: string, map: EntityMap): Take {
  const f = TAKE_FIELDS;
  return {
    id,
    trackId: f.trackId.coerce(map.get(f.trackId.key)),
    groupId: f.groupId.coerce(map.get(f.groupId.key)),
    passIndex: f.passIndex.coerce(map.get(f.passIndex.key)),
    startTick: f.startTick.coerce(map.get(f.startTick.key)),
    sampleRate: f.sampleRate.coerce(map.get(f.sampleRate.key)),
    channels: f.channels.coerce(map.get(f.channels.key)),
    frames: f.frames.coerce(map.get(f.frames.key)),
    latencyMs: f.latencyMs.coerce(map.get(f.latencyMs.key)),
    createdBy: f.createdBy.coerce(map.get(f.createdBy.key)),
    createdAt: f.createdAt.coerce(map.get(f.createdAt.key)),
  };
}

export function readAudioClip(id: string, map: EntityMap): AudioClip {
  const f = AUDIO_CLIP_FIELDS;
  const lengthFrames = f.lengthFrames.coerce(map.get(f.lengthFrames.key));
  const fadeInFrames = Math.min(lengthFrames, f.fadeInFrames.coerce(map.get(f.fadeInFrames.key)));
  return {
    id,
    trackId: f.trackId.coerce(map.get(f.trackId.key)),
    groupId: f.groupId.coerce(map.get(f.groupId.key)),
    takeId: f.takeId.coerce(map.get(f.takeId.key)),
    startTick: f.startTick.coerce(map.get(f.startTick.key)),
    offsetFrames: f.offsetFrames.coerce(map.get(f.offsetFrames.key)),
    lengthFrames,
    gainDb: f.gainDb.coerce(map.get(f.gainDb.key)),
    fadeInFrames,
    fadeOutFrames: Math.min(lengthFrames - fadeInFrames, f.fadeOutFrames.coerce(map.get(f.fadeOutFrames.key))),
    fadeInCurve: f.fadeInCurve.coerce(map.get(f.fadeInCurve.key)),
    fadeOutCurve: f.fadeOutCurve.coerce(map.get(f.fadeOutCurve.key)),
    crossfadeLaw: f.crossfadeLaw.coerce(map.get(f.crossfadeLaw.key)),
    reversed: f.reversed.coerce(map.get(f.reversed.key)),
  };
}

/** Ids of the tracks readers show as audio tracks — the only tracks whose takes and audio clips readers show. */
export function audioTrackIds(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  tracksMap(doc).forEach((value, id) => {
    if (value instanceof Y.Map && TRACK_FIELDS.kind.coerce(value.get(TRACK_FIELDS.kind.key)) === "audio") ids.add(id);
  });
  return ids;
}

export function requireAudioTrack(doc: Y.Doc, trackId: unknown): string {
  const map = typeof trackId === "string" ? entityAt(tracksMap(doc), trackId) : null;
  if (!map) throw new ModelError("TRACK_NOT_FOUND", "That track no longer exists — someone may have deleted it.");
  if (TRACK_FIELDS.kind.coerce(map.get(TRACK_FIELDS.kind.key)) !== "audio") {
    throw new ModelError("NOT_AN_AUDIO_TRACK", "Recordings go on audio tracks; this is an instrument track.");
  }
  return trackId as string;
}

/**
 * Takes readers show (not orphans whose track is gone), with their maps; with `trackId`, only that track's (its
 * field is read first and other tracks' takes are never read whole).
 */
export function takeEntries(doc: Y.Doc, trackId?: string): { take: Take; map: EntityMap }[] {
  const tracks = audioTrackIds(doc);
  const out: { take: Take; map: EntityMap }[] = [];
  const field = TAKE_FIELDS.trackId;
  takesMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    if (trackId !== undefined && field.coerce(value.get(field.key)) !== trackId) return;
    const take = readTake(id, value as EntityMap);
    if (tracks.has(take.trackId)) out.push({ take, map: value as EntityMap });
  });
  return out;
}

/**
 * Audio clips readers show, with their maps; with `trackId`, only that track's. A track's clips are re-read on
 * every edit of one of them (a bandmate's drag): reading the 1,152 clips of a 24 × 48 session whole to keep 48 was
 * most of a remote edit's script time, so the track field is read first.
 */
export function audioClipEntries(doc: Y.Doc, trackId?: string): { clip: AudioClip; map: EntityMap }[] {
  const tracks = audioTrackIds(doc);
  const out: { clip: AudioClip; map: EntityMap }[] = [];
  const field = AUDIO_CLIP_FIELDS.trackId;
  audioClipsMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    if (trackId !== undefined && field.coerce(value.get(field.key)) !== trackId) return;
    const clip = readAudioClip(id, value as EntityMap);
    if (tracks.has(clip.trackId)) out.push({ clip, map: value as EntityMap });
  });
  return out;
}

export function findTake(doc: Y.Doc, id: string): Take | null {
  const map = typeof id === "string" ? entityAt(takesMap(doc), id) : null;
  if (!map) return null;
  const take = readTake(id, map);
  return audioTrackIds(doc).has(take.trackId) ? take : null;
}

/**
 * A take from the register whatever became of the track it was recorded on: a clip moved to another track keeps
 * playing its audio after the recording's own track is deleted (the register is never pruned).
 */
export function takeForClip(doc: Y.Doc, id: string): Take | null {
  const map = typeof id === "string" ? entityAt(takesMap(doc), id) : null;
  return map ? readTake(id, map) : null;
}

export function requireAudioClip(doc: Y.Doc, id: string): { clip: AudioClip; map: EntityMap } {
  const map = typeof id === "string" ? entityAt(audioClipsMap(doc), id) : null;
  const clip = map ? readAudioClip(id, map) : null;
  if (!map || !clip || !audioTrackIds(doc).has(clip.trackId)) {
    throw new ModelError("AUDIO_CLIP_NOT_FOUND", "That audio clip no longer exists — someone may have deleted it.");
  }
  return { clip, map };
}

export const compareAudioClips = (a: AudioClip, b: AudioClip) =>
  a.startTick - b.startTick || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const compareTakes = (a: Take, b: Take) =>
  a.createdAt - b.createdAt || a.passIndex - b.passIndex || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
