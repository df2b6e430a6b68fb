/**
 * bench:edit — the cost of the timeline's clip edits (issue 19), pure document work (no I/O, no browser):
 * a burst of edits (move, trim either edge, slip, fades, gain, split) made through the model's operations on one
 * replica, each update applied to a second replica that re-plans what plays (`planAudioPlayback`, what the engine
 * follows) — beside a bare Yjs reference in the same run: the same number of plain Y.Map writes applied to a
 * second doc, with no validation and no plan. Ends with one JSON line.
 *
 * BENCH_TRACKS (8) × BENCH_CLIPS (25 per track) audio clips, BENCH_EDITS (1000).
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

const TRACKS = Number(process.env.BENCH_TRACKS ?? 8);
const CLIPS = Number(process.env.BENCH_CLIPS ?? 25);
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
const USER = { kind: "user", userId: "bench" } as const;
const BAR = 3840;
const RATE = 48000;

/** Tracks × clips, each clip a 4-bar take at 120 BPM with 2 s of audio either side to trim into and slip over. */
function arrangement(): Y.Doc {
  const doc = new Y.Doc();
  for (let t = 0; t < TRACKS; t++) {
    const track = addTrack(doc, { name: `Track ${t + 1}`, kind: "audio" }, USER);
    for (let c = 0; c < CLIPS; c++) {
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

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

// The model: edits on `a`, each update applied to `b`, which re-plans playback after every one.
const a = arrangement();
const b = new Y.Doc();
Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
const updates: Uint8Array[] = [];
a.on("update", (u: Uint8Array) => updates.push(u));
const ids = listAudioClips(a).map((c) => c.id);
const editMs: number[] = [];
const applyPlanMs: number[] = [];
let regions = 0;
for (let i = 0; i < EDITS; i++) {
  const t0 = performance.now();
  editOnce(a, i, ids[i % ids.length]);
  const t1 = performance.now();
  for (const u of updates.splice(0)) Y.applyUpdate(b, u);
  regions = planAudioPlayback(b).length;
  editMs.push(t1 - t0);
  applyPlanMs.push(performance.now() - t1);
}
const modelTotal = editMs.reduce((s, x) => s + x, 0) + applyPlanMs.reduce((s, x) => s + x, 0);

// The bare reference: the same number of plain writes to the same clips' maps, applied to a second doc.
const bareA = arrangement();
const bareB = new Y.Doc();
Y.applyUpdate(bareB, Y.encodeStateAsUpdate(bareA));
const bareUpdates: Uint8Array[] = [];
bareA.on("update", (u: Uint8Array) => bareUpdates.push(u));
const clipsMap = bareA.getMap<Y.Map<unknown>>(ROOT.audioClips);
const bareIds = [...clipsMap.keys()];
const bareMs: number[] = [];
for (let i = 0; i < EDITS; i++) {
  const t0 = performance.now();
  const map = clipsMap.get(bareIds[i % bareIds.length])!;
  bareA.transact(() => map.set("startTick", (map.get("startTick") as number) + (i % 2 ? 240 : -240)), USER);
  for (const u of bareUpdates.splice(0)) Y.applyUpdate(bareB, u);
  bareMs.push(performance.now() - t0);
}
const bareTotal = bareMs.reduce((s, x) => s + x, 0);

const clips = TRACKS * CLIPS;
console.log(`arrangement: ${TRACKS} audio tracks × ${CLIPS} clips (${clips} clips), ${EDITS} edits`);
console.log(
  `model edit (validate + write) p50 / p95:      ${round(pct(editMs, 0.5), 3)} / ${round(pct(editMs, 0.95), 3)} ms`,
);
console.log(
  `remote apply + playback plan p50 / p95:       ${round(pct(applyPlanMs, 0.5), 3)} / ${round(pct(applyPlanMs, 0.95), 3)} ms (${regions} regions)`,
);
console.log(`burst total, model + remote plan:             ${round(modelTotal, 1)} ms`);
console.log(`burst total, bare Yjs write + apply (reference): ${round(bareTotal, 1)} ms`);
console.log(
  JSON.stringify({
    clips,
    edits: EDITS,
    edit_p50_ms: round(pct(editMs, 0.5), 3),
    edit_p95_ms: round(pct(editMs, 0.95), 3),
    apply_plan_p50_ms: round(pct(applyPlanMs, 0.5), 3),
    apply_plan_p95_ms: round(pct(applyPlanMs, 0.95), 3),
    burst_model_ms: round(modelTotal, 1),
    burst_bare_yjs_ms: round(bareTotal, 1),
    ratio_vs_bare: round(modelTotal / Math.max(1e-9, bareTotal), 1),
  }),
);
