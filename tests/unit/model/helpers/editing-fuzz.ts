import type * as Y from "yjs";
import {
  addRecordedTake,
  addTrack,
  compTake,
  copyAudioClips,
  deleteAudioClips,
  deleteTrack,
  duplicateAudioClips,
  flattenComp,
  glueAudioClips,
  isModelError,
  listAudioClips,
  listCompSegments,
  listTakes,
  listTracks,
  moveAudioClipTo,
  pasteAudioClips,
  planAudioPlayback,
  quantizeAudioClipStarts,
  removeCompSegment,
  setAudioClipFades,
  setCompCrossfade,
  setCrossfadeLaw,
  slipAudioClip,
  splitAudioClip,
  stripSilence,
  toggleAudioClipsReversed,
  trimAudioClipEnd,
  trimAudioClipStart,
  type Origin,
} from "@bandspace/model";
import type { Rng } from "./doc-spy";
import type { Peer } from "./fuzz-network";

/**
 * Random editing and comping edits for the convergence fuzz (issue 19): takes recorded as loop passes, clips
 * split, trimmed, slipped, moved across audio tracks, glued, duplicated, pasted, deleted, faded; comp swipes,
 * crossfade lengths, flatten; clean-ups (reverse, quantize, strip silence); audio tracks deleted under them; rogue
 * writes. Positions are drawn near the clips so
 * most calls are valid; a call the model refuses (a ModelError) is logged as refused — refusing is its job.
 */
const BAR = 3840;
const CURVES = ["linear", "equal-power", "s-curve", "exponential"] as const;

export function randomEditingEdit(rng: Rng, peer: Peer, origin: Origin, newId: (rng: Rng) => string): string {
  const doc = peer.doc;
  const p = peer.name;
  const audioTracks = listTracks(doc).filter((t) => t.kind === "audio");
  const clips = listAudioClips(doc);
  const takes = listTakes(doc);
  const roll = rng.int(100);
  try {
    if (audioTracks.length < 2 || roll < 3) {
      const t = addTrack(doc, { id: newId(rng), kind: "audio" }, origin);
      return `${p} addTrack audio ${t.id}`;
    }
    if (takes.length === 0 || roll < 10) {
      const track = rng.pick(audioTracks);
      const sameGroup = takes.filter((t) => t.trackId === track.id);
      const join = sameGroup.length > 0 && rng.chance(0.6) ? rng.pick(sameGroup) : null;
      const { take } = addRecordedTake(
        doc,
        {
          takeId: newId(rng),
          trackId: track.id,
          groupId: join?.groupId,
          passIndex: join ? join.passIndex + 1 : 0,
          startTick: join ? join.startTick : rng.int(8) * BAR,
          sampleRate: 48000,
          channels: 1,
          frames: join ? join.frames : (1 + rng.int(4)) * 96000,
          createdAt: rng.int(1000),
        },
        origin,
      );
      return `${p} addRecordedTake ${take.id} ${join ? `joins ${join.groupId}` : "new"}`;
    }
    if (roll < 12) {
      const track = rng.pick(audioTracks);
      deleteTrack(doc, track.id, origin);
      return `${p} deleteTrack ${track.id}`;
    }
    if (roll < 30) {
      const take = rng.pick(takes);
      const start = take.startTick + rng.int(4 * BAR);
      const seg = compTake(doc, { takeId: take.id, startTick: start, endTick: start + 1 + rng.int(2 * BAR) }, origin);
      return `${p} compTake ${take.id} ${seg.startTick}..${seg.endTick}`;
    }
    const segments = listCompSegments(doc);
    if (segments.length > 0 && roll < 36) {
      const seg = rng.pick(segments);
      const what = rng.int(3);
      if (what === 0) setCompCrossfade(doc, seg.id, rng.int(200), origin);
      else if (what === 1) removeCompSegment(doc, seg.id, origin);
      else flattenComp(doc, seg.trackId, seg.groupId, origin);
      return `${p} comp ${["crossfade", "remove", "flatten"][what]} ${seg.id}`;
    }
    if (clips.length === 0) return `${p} no clips`;
    // Half the time every peer edits the same (earliest) clip, so concurrent edits of one clip are common.
    const clip = rng.chance(0.5) ? clips[0] : rng.pick(clips);
    const around = clip.startTick + rng.int(2 * BAR) - BAR / 4;
    if (roll < 48) {
      const { right } = splitAudioClip(doc, clip.id, around, origin);
      return `${p} split ${clip.id} @${around} → ${right.id}`;
    }
    if (roll < 56) {
      trimAudioClipStart(doc, clip.id, Math.max(0, around), origin);
      return `${p} trimStart ${clip.id} → ${around}`;
    }
    if (roll < 64) {
      trimAudioClipEnd(doc, clip.id, around + BAR, origin);
      return `${p} trimEnd ${clip.id} → ${around + BAR}`;
    }
    if (roll < 68) {
      const offset = Math.max(0, clip.offsetFrames + rng.int(48000) - 24000);
      slipAudioClip(doc, clip.id, offset, origin);
      return `${p} slip ${clip.id} → ${offset}`;
    }
    if (roll < 74) {
      const to = rng.chance(0.5) ? { startTick: Math.max(0, around) } : { trackId: rng.pick(audioTracks).id };
      moveAudioClipTo(doc, clip.id, to, origin);
      return `${p} move ${clip.id} ${JSON.stringify(to)}`;
    }
    if (roll < 78) {
      const pieces = clips.filter((c) => c.takeId === clip.takeId && c.trackId === clip.trackId);
      glueAudioClips(doc, pieces.map((c) => c.id).slice(0, 2 + rng.int(2)), origin);
      return `${p} glue ${pieces.length} pieces of ${clip.takeId}`;
    }
    if (roll < 82) {
      deleteAudioClips(doc, [clip.id], origin);
      return `${p} delete ${clip.id}`;
    }
    if (roll < 85) {
      const copies = duplicateAudioClips(doc, [clip.id], origin);
      return `${p} duplicate ${clip.id} → ${copies[0].id}`;
    }
    if (roll < 88) {
      const pasted = pasteAudioClips(
        doc,
        copyAudioClips(doc, [clip.id]),
        { tick: rng.int(16) * BAR, trackId: rng.pick(audioTracks).id },
        origin,
      );
      return `${p} paste ${clip.id} → ${pasted[0].id}`;
    }
    if (roll < 94) {
      const fadeInFrames = rng.int(Math.floor(clip.lengthFrames / 2) + 1);
      const fadeOutFrames = rng.int(clip.lengthFrames - fadeInFrames + 1);
      setAudioClipFades(
        doc,
        clip.id,
        { fadeInFrames, fadeOutFrames, fadeInCurve: rng.pick(CURVES), fadeOutCurve: rng.pick(CURVES) },
        origin,
      );
      return `${p} fades ${clip.id} ${fadeInFrames}/${fadeOutFrames}`;
    }
    if (roll < 96) {
      setCrossfadeLaw(doc, clip.id, rng.pick(["equal-power", "equal-gain"] as const), origin);
      return `${p} crossfadeLaw ${clip.id}`;
    }
    if (roll < 97) {
      // Reverse against concurrent splits and trims of the same clip: what is heard must stay valid.
      toggleAudioClipsReversed(doc, [clip.id], origin);
      return `${p} reverse ${clip.id}`;
    }
    if (roll < 98) {
      if (rng.chance(0.5)) {
        const moved = quantizeAudioClipStarts(doc, [clip.id], rng.pick(["beat", "1/16"] as const), origin);
        return `${p} quantize ${clip.id} (${moved.length})`;
      }
      const cut = 1 + rng.int(clip.lengthFrames - 1);
      const kept = [{ startFrame: 0, endFrame: cut }];
      if (clip.lengthFrames - cut > 48000) kept.push({ startFrame: cut + 24000, endFrame: clip.lengthFrames });
      const pieces = stripSilence(doc, clip.id, kept, origin);
      return `${p} stripSilence ${clip.id} → ${pieces.length}`;
    }
  } catch (error) {
    if (isModelError(error)) return `${p} refused (${error.code})`;
    throw error;
  }
  // A buggy or malicious peer bypassing the operations.
  const kind = rng.int(4);
  const clip = rng.pick(clips);
  doc.transact(() => {
    const map = doc.getMap<Y.Map<unknown>>("audioClips").get(clip.id)!;
    if (kind === 0) map.set("fadeInFrames", rng.pick([10 ** 8, -5, 2.5]));
    else if (kind === 1) map.set("offsetFrames", rng.pick([10 ** 7, 383_999]));
    else if (kind === 2) map.set("lengthFrames", rng.pick([0, 10 ** 7]));
    else map.set("fadeOutCurve", "wobbly");
  }, "rogue");
  return `${p} rogue audio clip write #${kind} on ${clip.id}`;
}

/** Everything the editing readers return, for convergence comparison. */
export function editingSnapshot(doc: Y.Doc) {
  return { audioClips: listAudioClips(doc), comp: listCompSegments(doc), playback: planAudioPlayback(doc) };
}

/** Reader output must be playable whatever is stored: windows inside takes, fades inside clips, comps apart. */
export function editingReaderProblems(doc: Y.Doc): string[] {
  const problems: string[] = [];
  // The take register itself: a clip moved off a deleted track still plays its take.
  const takes = doc.getMap<Y.Map<unknown>>("takes");
  for (const r of planAudioPlayback(doc)) {
    const frames = takes.get(r.takeId)?.get("frames");
    if (
      typeof frames !== "number" ||
      r.lengthFrames < 1 ||
      r.offsetFrames < 0 ||
      r.offsetFrames + r.lengthFrames > frames
    )
      problems.push(`region ${r.key} window ${r.offsetFrames}+${r.lengthFrames}`);
    if ((r.fadeIn?.frames ?? 0) + (r.fadeOut?.frames ?? 0) > r.lengthFrames) problems.push(`region ${r.key} fades`);
  }
  const comp = listCompSegments(doc);
  for (let i = 1; i < comp.length; i++) {
    const [a, b] = [comp[i - 1], comp[i]];
    if (a.trackId === b.trackId && a.groupId === b.groupId && b.startTick < a.endTick)
      problems.push(`comp ${a.id} overlaps ${b.id}`);
  }
  for (const s of comp) if (s.endTick <= s.startTick) problems.push(`comp ${s.id} empty`);
  return problems;
}
