import * as Y from "yjs";
import type { RepairWrite } from "../repair";
import type { EntityMap } from "../roots";
import { readTempoMap } from "../tempo-changes";
import { AUDIO_CLIP_FIELDS, isEntityId, isTakeId } from "../takes/fields";
import { audioClipsMap, audioTrackIds, takeForClip, readAudioClip, type AudioClip } from "../takes/store";
import { normalizeComp } from "./comp";
import { pieceAnchorFrame } from "./time";

/** The clip fields every clip must hold; the issue-19 fields are optional (absent = default) and checked if present. */
const REQUIRED = ["trackId", "groupId", "takeId", "startTick", "offsetFrames", "lengthFrames", "gainDb"] as const;
const OPTIONAL = ["fadeInFrames", "fadeOutFrames", "fadeInCurve", "fadeOutCurve", "crossfadeLaw", "reversed"] as const;

/**
 * The editing part of planSongRepair (issue 19): deterministic and idempotent like the rest. For audio clips:
 * orphans (on no audio track) are deleted; invalid fields are coerced; the window is put back inside its take
 * (offset before the take's last frame, length to the take's end); pieces of one take at one alignment on one track
 * that overlap — what a trim merged with a concurrent split leaves, e.g. A trims the start while B splits — are cut
 * so the earlier piece ends where the later begins (an identical duplicate is deleted); then fades are cut to the
 * length. Comp segments are normalized (comp.ts). A move merged with a delete needs nothing: the delete wins.
 */
export function planEditRepair(doc: Y.Doc, writes: RepairWrite[]): void {
  const root = audioClipsMap(doc);
  const tracks = audioTrackIds(doc);
  const tempo = readTempoMap(doc);
  const pieces = new Map<string, { clip: AudioClip; map: EntityMap; anchor: number }[]>();
  const fixed: { clip: AudioClip; map: EntityMap }[] = [];
  root.forEach((value, id) => {
    if (!(value instanceof Y.Map)) {
      writes.push({ map: root, key: id, delete: true, reason: `audioClips.${id} is not a Y.Map` });
      return;
    }
    const map = value as EntityMap;
    const clip = readAudioClip(id, map);
    if (!tracks.has(clip.trackId)) {
      writes.push({ map: root, key: id, delete: true, reason: `audio clip ${id} is on no audio track` });
      return;
    }
    const take = takeForClip(doc, clip.takeId);
    if (
      !isTakeId(map.get(AUDIO_CLIP_FIELDS.takeId.key)) ||
      (!take && !isEntityId(map.get(AUDIO_CLIP_FIELDS.groupId.key)))
    ) {
      writes.push({ map: root, key: id, delete: true, reason: `audio clip ${id} names no usable take` });
      return;
    }
    if (take) {
      if (!isEntityId(map.get(AUDIO_CLIP_FIELDS.groupId.key))) clip.groupId = take.groupId;
      clip.offsetFrames = Math.min(clip.offsetFrames, take.frames - 1);
      clip.lengthFrames = Math.min(clip.lengthFrames, take.frames - clip.offsetFrames);
      const anchor = pieceAnchorFrame(tempo, clip, take.sampleRate);
      const key = `${clip.trackId}\u0000${clip.takeId}\u0000${clip.reversed ? "r" : "f"}\u0000${anchor}`;
      pieces.set(key, [...(pieces.get(key) ?? []), { clip, map, anchor }]);
    }
    fixed.push({ clip, map });
  });
  const deleted = new Set<string>();
  for (const list of pieces.values()) {
    list.sort((a, b) => a.clip.offsetFrames - b.clip.offsetFrames || (a.clip.id < b.clip.id ? -1 : 1));
    let prev: AudioClip | null = null;
    for (const { clip } of list) {
      if (prev && clip.offsetFrames < prev.offsetFrames + prev.lengthFrames) {
        if (clip.offsetFrames === prev.offsetFrames) {
          deleted.add(clip.id);
          writes.push({ map: root, key: clip.id, delete: true, reason: `audio clip ${clip.id} doubles ${prev.id}` });
          continue;
        }
        const overlap = prev.offsetFrames + prev.lengthFrames - clip.offsetFrames;
        if (!clip.reversed) prev.lengthFrames -= overlap;
        else if (overlap < clip.lengthFrames) {
          // Reversed, the later piece in the take plays earlier on the timeline: cutting its first take frames
          // keeps its start and its anchor (cutting the earlier piece's end would move where it plays).
          clip.offsetFrames += overlap;
          clip.lengthFrames -= overlap;
        } else {
          deleted.add(clip.id);
          writes.push({
            map: root,
            key: clip.id,
            delete: true,
            reason: `audio clip ${clip.id} lies inside ${prev.id}`,
          });
          continue;
        }
      }
      prev = clip;
    }
  }
  for (const { clip, map } of fixed) {
    if (deleted.has(clip.id)) continue;
    clip.fadeInFrames = Math.min(clip.fadeInFrames, clip.lengthFrames);
    clip.fadeOutFrames = Math.min(clip.fadeOutFrames, clip.lengthFrames - clip.fadeInFrames);
    for (const name of [...REQUIRED, ...OPTIONAL]) {
      const spec = AUDIO_CLIP_FIELDS[name];
      const raw = map.get(spec.key);
      const optional = (OPTIONAL as readonly string[]).includes(name);
      if (optional && raw === undefined && clip[name] === spec.coerce(undefined)) continue;
      if (raw !== clip[name])
        writes.push({ map, key: spec.key, value: clip[name], reason: `audio clip ${clip.id}.${name}` });
    }
  }
  writes.push(...normalizeComp(doc).writes);
}
