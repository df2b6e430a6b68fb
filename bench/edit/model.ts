/**
 * The model-level figures of bench:edit (pure document work, no I/O, no browser): a burst of edits (move, trim
 * either edge, slip, fades, gain, split) made through the model's operations on one replica, each update applied
 * to a second replica that re-plans what plays (`planAudioPlayback`, what the engine follows) — beside a bare Yjs
 * reference in the same run: the same number of plain Y.Map writes applied to a second doc, no validation, no plan.
 */
import * as Y from "yjs";
import {
  ROOT,
  addRecordedTake,
  addTrack,
  getAudioClip,
  listAudioClips,
  moveAudioClipTo,
  planAudioPlayback,
  setAudioClipFades,
  setAudioClipGain,
  slipAudioClip,
  splitAudioClip,
  trimAudioClipEnd,
  trimAudioClipStart,
} from "@bandspace/model";
import { percentile } from "./stats";

const USER = { kind: "user", userId: "bench" } as const;
const BAR = 3840;
const RATE = 48000;

export interface ModelFigures {
  clips: number;
  edits: number;
  regions: number;
  editP50: number;
  editP95: number;
  applyPlanP50: number;
  applyPlanP95: number;
  burstModelMs: number;
  bareP50: number;
  bareP95: number;
  burstBareMs: number;
}

/** Tracks × clips, each clip a 4-bar take at 120 BPM with 2 s of audio either side to trim into and slip over. */
function arrangement(tracks: number, clips: number): Y.Doc {
  const doc = new Y.Doc();
  for (let t = 0; t < tracks; t++) {
    const track = addTrack(doc, { name: `Track ${t + 1}`, kind: "audio" }, USER);
    for (let c = 0; c < clips; c++) {
      const takeId = `take${String(t).padStart(4, "0")}${String(c).padStart(8, "0")}x`;
      const { clip } = addRecordedTake(
        doc,
        { takeId, trackId: track.id, startTick: c * 6 * BAR, sampleRate: RATE, channels: 1, frames: 12 * RATE },
        USER,
      );
      // Start trimmed by a bar (2 s) so pulling back and slipping have room.
      trimAudioClipStart(doc, clip.id, clip.startTick + BAR, USER);
      trimAudioClipEnd(doc, clip.id, clip.startTick + 5 * BAR, USER);
    }
  }
  return doc;
}

/** One edit of the burst, chosen by `i`, on clip `id` (all valid: the burst measures work, not refusals). */
function editOnce(doc: Y.Doc, i: number, id: string): void {
  const c = getAudioClip(doc, id)!;
  switch (i % 7) {
    case 0:
      return moveAudioClipTo(doc, id, { startTick: c.startTick + (i % 2 ? 240 : -240) }, USER);
    case 1:
      return trimAudioClipEnd(doc, id, c.startTick + 4 * BAR - 480, USER);
    case 2:
      return trimAudioClipStart(doc, id, c.startTick + (i % 2 ? 120 : -120), USER);
    case 3:
      return slipAudioClip(doc, id, Math.max(0, c.offsetFrames + (i % 2 ? -2400 : 2400)), USER);
    case 4:
      return setAudioClipFades(doc, id, { fadeInFrames: 2400, fadeOutFrames: 4800, fadeOutCurve: "s-curve" }, USER);
    case 5:
      return setAudioClipGain(doc, id, -3 + (i % 6), USER);
    default:
      splitAudioClip(doc, id, c.startTick + BAR, USER);
  }
}

export function measureModel(tracks: number, clipsPerTrack: number, edits: number): ModelFigures {
  // The model: edits on `a`, each update applied to `b`, which re-plans playback after every one.
  const a = arrangement(tracks, clipsPerTrack);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const updates: Uint8Array[] = [];
  a.on("update", (u: Uint8Array) => updates.push(u));
  const ids = listAudioClips(a).map((c) => c.id);
  const editMs: number[] = [];
  const applyPlanMs: number[] = [];
  let regions = 0;
  for (let i = 0; i < edits; i++) {
    const t0 = performance.now();
    editOnce(a, i, ids[i % ids.length]);
    const t1 = performance.now();
    for (const u of updates.splice(0)) Y.applyUpdate(b, u);
    regions = planAudioPlayback(b).length;
    editMs.push(t1 - t0);
    applyPlanMs.push(performance.now() - t1);
  }

  // The bare reference: the same number of plain writes to the same clips' maps, applied to a second doc.
  const bareA = arrangement(tracks, clipsPerTrack);
  const bareB = new Y.Doc();
  Y.applyUpdate(bareB, Y.encodeStateAsUpdate(bareA));
  const bareUpdates: Uint8Array[] = [];
  bareA.on("update", (u: Uint8Array) => bareUpdates.push(u));
  const clipsMap = bareA.getMap<Y.Map<unknown>>(ROOT.audioClips);
  const bareIds = [...clipsMap.keys()];
  const bareMs: number[] = [];
  for (let i = 0; i < edits; i++) {
    const t0 = performance.now();
    const map = clipsMap.get(bareIds[i % bareIds.length])!;
    bareA.transact(() => map.set("startTick", (map.get("startTick") as number) + (i % 2 ? 240 : -240)), USER);
    for (const u of bareUpdates.splice(0)) Y.applyUpdate(bareB, u);
    bareMs.push(performance.now() - t0);
  }
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return {
    clips: tracks * clipsPerTrack,
    edits,
    regions,
    editP50: percentile(editMs, 0.5),
    editP95: percentile(editMs, 0.95),
    applyPlanP50: percentile(applyPlanMs, 0.5),
    applyPlanP95: percentile(applyPlanMs, 0.95),
    burstModelMs: sum(editMs) + sum(applyPlanMs),
    bareP50: percentile(bareMs, 0.5),
    bareP95: percentile(bareMs, 0.95),
    burstBareMs: sum(bareMs),
  };
}
