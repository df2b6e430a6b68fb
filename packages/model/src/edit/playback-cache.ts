import * as Y from "yjs";
import { readTempoMap } from "../tempo-changes";
import type { TempoMap } from "../timeline/tempo-map";
import { AUDIO_CLIP_FIELDS } from "../takes/fields";
import { audioClipsMap, audioTrackIds, compareAudioClips, readAudioClip, type AudioClip } from "../takes/store";
import { listCompSegments } from "./comp";
import type { CompSegment } from "./comp-fields";
import type { PlayRegion } from "./playback";

/** Comp segments by track, then by recording (group id), in `listCompSegments` order. */
export function compsByTrack(doc: Y.Doc): Map<string, Map<string, CompSegment[]>> {
  const out = new Map<string, Map<string, CompSegment[]>>();
  for (const s of listCompSegments(doc)) {
    const groups = out.get(s.trackId) ?? new Map<string, CompSegment[]>();
    groups.set(s.groupId, [...(groups.get(s.groupId) ?? []), s]);
    out.set(s.trackId, groups);
  }
  return out;
}

export type TrackPlanner = (
  doc: Y.Doc,
  tempo: TempoMap,
  clips: readonly AudioClip[],
  comps: ReadonlyMap<string, readonly CompSegment[]> | undefined,
) => PlayRegion[];

/** How much planning the cache has done (tests assert that a clip edit re-plans one track, not all). */
export interface PlanCacheStats {
  fullPlans: number;
  trackPlans: number;
}

/**
 * The remembered playback plan of one doc. A transaction that changes only audio clips' entries marks the tracks
 * those clips were on (as last planned) and are on now; any other change — takes, comp segments, tracks, tempo,
 * anything the plan might read — marks everything, so the cache can only ever be conservative. Planning re-reads
 * the dirty tracks' clips (every clip's track id is one field read; only the dirty ones are read in full).
 */
class PlanCache {
  private allDirty = true;
  private readonly dirty = new Set<string>();
  /** Where each clip was when last planned (a moved or deleted clip dirties its old track). */
  private readonly clipTrack = new Map<string, string>();
  private readonly byTrack = new Map<string, PlayRegion[]>();
  private comps = new Map<string, Map<string, CompSegment[]>>();
  private audioTracks = new Set<string>();
  private plannedWith: TempoMap | null = null;
  /** readTempoMap(doc), kept until something outside the audio clips changes. */
  private docTempo: TempoMap | null = null;
  readonly stats: PlanCacheStats = { fullPlans: 0, trackPlans: 0 };

  constructor(private readonly doc: Y.Doc) {
    // Typed as the base class: `tr.changed` is keyed by AbstractType.
    const clips = audioClipsMap(doc) as unknown as Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;
    doc.on("afterTransaction", (tr: Y.Transaction) => {
      if (this.allDirty) return;
      for (const type of tr.changed.keys()) {
        if (type === clips) {
          for (const key of tr.changed.get(type) ?? []) if (key !== null) this.markClip(key);
          continue;
        }
        const item = type._item;
        if (item && item.parent === clips && typeof item.parentSub === "string") {
          this.markClip(item.parentSub);
          continue;
        }
        this.allDirty = true;
        return;
      }
    });
  }

  private markClip(id: string): void {
    const was = this.clipTrack.get(id);
    if (was !== undefined) this.dirty.add(was);
    const map = audioClipsMap(this.doc).get(id);
    if (map instanceof Y.Map) this.dirty.add(AUDIO_CLIP_FIELDS.trackId.coerce(map.get(AUDIO_CLIP_FIELDS.trackId.key)));
  }

  plan(tempo: TempoMap | undefined, planTrack: TrackPlanner): PlayRegion[] {
    if (this.allDirty) this.docTempo = null;
    const t = tempo ?? (this.docTempo ??= readTempoMap(this.doc));
    if (t !== this.plannedWith) this.allDirty = true;
    if (this.allDirty) {
      this.stats.fullPlans++;
      this.comps = compsByTrack(this.doc);
      this.audioTracks = audioTrackIds(this.doc);
      this.byTrack.clear();
      this.clipTrack.clear();
      this.replan(t, null, planTrack);
    } else if (this.dirty.size > 0) {
      this.replan(t, this.dirty, planTrack);
    }
    this.allDirty = false;
    this.dirty.clear();
    this.plannedWith = t;
    const out: PlayRegion[] = [];
    for (const id of [...this.byTrack.keys()].sort()) for (const r of this.byTrack.get(id)!) out.push({ ...r });
    return out;
  }

  /** Re-plans `only` these tracks (null: every track). */
  private replan(tempo: TempoMap, only: ReadonlySet<string> | null, planTrack: TrackPlanner): void {
    const clips = new Map<string, AudioClip[]>();
    for (const id of only ?? []) clips.set(id, []);
    audioClipsMap(this.doc).forEach((value, id) => {
      if (!(value instanceof Y.Map)) return;
      const trackId = AUDIO_CLIP_FIELDS.trackId.coerce(value.get(AUDIO_CLIP_FIELDS.trackId.key));
      if ((only && !only.has(trackId)) || !this.audioTracks.has(trackId)) return;
      const list = clips.get(trackId) ?? [];
      list.push(readAudioClip(id, value as Y.Map<unknown>));
      clips.set(trackId, list);
    });
    if (!only) for (const id of this.comps.keys()) if (!clips.has(id)) clips.set(id, []);
    for (const [id, c] of this.clipTrack) if (only?.has(c)) this.clipTrack.delete(id);
    for (const [trackId, list] of clips) {
      this.stats.trackPlans++;
      for (const c of list) this.clipTrack.set(c.id, trackId);
      const regions = planTrack(this.doc, tempo, list.sort(compareAudioClips), this.comps.get(trackId));
      if (regions.length > 0) this.byTrack.set(trackId, regions);
      else this.byTrack.delete(trackId);
    }
  }
}

const caches = new WeakMap<Y.Doc, PlanCache>();

export function planCache(doc: Y.Doc): PlanCache {
  let cache = caches.get(doc);
  if (!cache) caches.set(doc, (cache = new PlanCache(doc)));
  return cache;
}

/** The plan cache's counters for `doc` (tests). */
export function planCacheStats(doc: Y.Doc): PlanCacheStats {
  return { ...planCache(doc).stats };
}
