import type * as Y from "yjs";
import { readTempoMap } from "../tempo-changes";
import type { TempoMap } from "../timeline/tempo-map";
import type { CrossfadeLaw, FadeCurve } from "../takes/fields";
import { audioClipEntries, compareAudioClips, takeForClip, type AudioClip } from "../takes/store";
import { compClips, compGainDb } from "./comp";
import type { CompSegment } from "./comp-fields";
import { compsByTrack, planCache } from "./playback-cache";

/** How one edge of a played region changes level: a clip's own fade, or its half of a crossfade. */
export type RegionFade = { frames: number; curve: FadeCurve } | { frames: number; crossfade: CrossfadeLaw };

/**
 * One stretch of a take the engine plays, with everything that shapes it resolved to seconds and frames — the
 * single answer to "what does this track play" for playback, offline bounce and tests.
 */
export interface PlayRegion {
  /** The clip's id, or "comp-<segment id>" for a comp segment. */
  key: string;
  trackId: string;
  takeId: string;
  /** Where the region's first frame plays, in seconds from the song start. */
  startSeconds: number;
  offsetFrames: number;
  /** Frames played (already cut to the take's end). */
  lengthFrames: number;
  sampleRate: number;
  gainDb: number;
  fadeIn: RegionFade | null;
  fadeOut: RegionFade | null;
  /**
   * Plays frames [offsetFrames, offsetFrames + lengthFrames) backwards: output frame k is take frame
   * offsetFrames + lengthFrames − 1 − k. Gain and fades follow the timeline, as for a forward region.
   */
  reversed: boolean;
}

function region(tempo: TempoMap, clip: AudioClip, takeFrames: number, sampleRate: number): PlayRegion | null {
  const lengthFrames = Math.min(clip.lengthFrames, takeFrames - clip.offsetFrames);
  if (lengthFrames < 1) return null;
  const fadeIn = Math.min(clip.fadeInFrames, lengthFrames);
  const fadeOut = Math.min(clip.fadeOutFrames, lengthFrames - fadeIn);
  return {
    key: clip.id,
    trackId: clip.trackId,
    takeId: clip.takeId,
    startSeconds: tempo.ticksToSeconds(clip.startTick),
    offsetFrames: clip.offsetFrames,
    lengthFrames,
    sampleRate,
    gainDb: clip.gainDb,
    fadeIn: fadeIn > 0 ? { frames: fadeIn, curve: clip.fadeInCurve } : null,
    fadeOut: fadeOut > 0 ? { frames: fadeOut, curve: clip.fadeOutCurve } : null,
    reversed: clip.reversed,
  };
}

const endSeconds = (r: PlayRegion) => r.startSeconds + r.lengthFrames / r.sampleRate;

/**
 * What every audio track plays: its clips — except recordings with a comp, whose comp plays instead — with
 * crossfades where a clip starts before the previous one on its track ends. The overlap becomes the outgoing
 * clip's fade-out and the incoming clip's fade-in, by the incoming clip's law; a crossfade is never longer than
 * what the clip's own fade at its other edge leaves. Sorted by track, then start.
 *
 * Incremental (./playback-cache.ts): the plan is remembered per doc and per track, and an edit that only touches
 * audio clips re-plans only the tracks those clips were or are on — a remote clip move re-reads one track, not the
 * whole document. Anything else (takes, comps, tracks, tempo, another `tempo` object) re-plans every track.
 */
export function planAudioPlayback(doc: Y.Doc, tempo?: TempoMap): PlayRegion[] {
  return planCache(doc).plan(tempo, planTrack);
}

/** The same answer as `planAudioPlayback`, computed from scratch (no cache): the reference its tests compare with. */
export function planAudioPlaybackFresh(doc: Y.Doc, tempo: TempoMap = readTempoMap(doc)): PlayRegion[] {
  const clips = audioClipEntries(doc).map((e) => e.clip);
  const comps = compsByTrack(doc);
  const byTrack = new Map<string, AudioClip[]>();
  for (const c of clips) byTrack.set(c.trackId, [...(byTrack.get(c.trackId) ?? []), c]);
  const trackIds = new Set([...byTrack.keys(), ...comps.keys()]);
  return [...trackIds]
    .sort()
    .flatMap((id) => planTrack(doc, tempo, (byTrack.get(id) ?? []).sort(compareAudioClips), comps.get(id)));
}

/**
 * One track's regions: `clips` are the track's audio clips in `compareAudioClips` order, `comps` its recordings'
 * comp segments by group id. Depends on nothing of other tracks' clips.
 */
export function planTrack(
  doc: Y.Doc,
  tempo: TempoMap,
  clips: readonly AudioClip[],
  comps: ReadonlyMap<string, readonly CompSegment[]> | undefined,
): PlayRegion[] {
  const playing = comps ? clips.filter((c) => !comps.has(c.groupId)) : [...clips];
  for (const list of comps?.values() ?? []) {
    const { trackId, groupId } = list[0];
    playing.push(...compClips(doc, tempo, list, compGainDb(clips, trackId, groupId)));
  }
  const list: { clip: AudioClip; region: PlayRegion }[] = [];
  for (const clip of playing) {
    const take = takeForClip(doc, clip.takeId);
    const r = take ? region(tempo, clip, take.frames, take.sampleRate) : null;
    if (r) list.push({ clip, region: r });
  }
  list.sort((a, b) => a.region.startSeconds - b.region.startSeconds || compareAudioClips(a.clip, b.clip));
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1].region;
    const b = list[i].region;
    const overlap = Math.min(endSeconds(a), endSeconds(b)) - b.startSeconds;
    if (!(overlap > 0)) continue;
    const law = list[i].clip.crossfadeLaw;
    const outFrames = Math.min(Math.round(overlap * a.sampleRate), a.lengthFrames - (a.fadeIn?.frames ?? 0));
    const inFrames = Math.min(Math.round(overlap * b.sampleRate), b.lengthFrames - (b.fadeOut?.frames ?? 0));
    if (outFrames > 0) a.fadeOut = { frames: outFrames, crossfade: law };
    if (inFrames > 0) b.fadeIn = { frames: inFrames, crossfade: law };
  }
  return list.map((e) => e.region);
}
