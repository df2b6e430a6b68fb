/**
 * bench:versions — the cost of versions on a big arrangement, pure document work (no I/O):
 *   - size of a version (Y.encodeStateAsUpdate of the song doc),
 *   - revertUpdate (what a restore computes on the server) after a day of edits,
 *   - compareArrangements (what History shows) between the version and now,
 * and checks that the restore reproduces the version exactly. Ends with one JSON line.
 *
 * BENCH_TRACKS (24), BENCH_CLIPS (50 per track), BENCH_NOTES (16 per clip), BENCH_RUNS (5).
 */
import * as Y from "yjs";
import {
  addMidiClip,
  addTrack,
  compareArrangements,
  deleteClip,
  docContent,
  listClips,
  moveClip,
  renameTrack,
  revertUpdate,
  setTempo,
  type NoteInit,
} from "@bandspace/model";

const TRACKS = Number(process.env.BENCH_TRACKS ?? 24);
const CLIPS = Number(process.env.BENCH_CLIPS ?? 50);
const NOTES = Number(process.env.BENCH_NOTES ?? 16);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const USER = { kind: "user", userId: "bench" } as const;

function arrangement(): Y.Doc {
  const doc = new Y.Doc();
  for (let t = 0; t < TRACKS; t++) {
    const track = addTrack(doc, { name: `Track ${t + 1}`, kind: "instrument" }, USER);
    for (let c = 0; c < CLIPS; c++) {
      const notes: NoteInit[] = Array.from({ length: NOTES }, (_, n) => ({
        pitch: 48 + ((n * 7) % 24),
        startTick: n * 240,
        durationTicks: 200,
        velocity: 90,
      }));
      addMidiClip(doc, { trackId: track.id, startTick: c * 3840, lengthTicks: 3840, notes }, USER);
    }
  }
  return doc;
}

/** A day of edits: a tenth of the clips moved, a tenth deleted, new clips, renames, a tempo change. */
function edit(doc: Y.Doc): void {
  const clips = listClips(doc);
  clips.forEach((c, i) => {
    if (i % 10 === 0) moveClip(doc, c.id, { startTick: c.startTick + 960 }, USER);
    else if (i % 10 === 5) deleteClip(doc, c.id, USER);
  });
  const trackIds = [...new Set(clips.map((c) => c.trackId))];
  trackIds.forEach((id, i) => {
    renameTrack(doc, id, `Renamed ${i}`, USER);
    addMidiClip(doc, { trackId: id, startTick: 4_000_000, lengthTicks: 1920 }, USER);
  });
  setTempo(doc, 97, USER);
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

const reverts: number[] = [];
const compares: number[] = [];
let versionBytes = 0;
let updateBytes = 0;
let exact = true;
for (let run = 0; run < RUNS; run++) {
  const live = arrangement();
  const version = Y.encodeStateAsUpdate(live);
  versionBytes = version.length;
  const expected = JSON.stringify(docContent(live));
  edit(live);
  const versionDoc = new Y.Doc();
  Y.applyUpdate(versionDoc, version);
  const cmp = time(() => compareArrangements(versionDoc, live));
  compares.push(cmp.ms);
  const rev = time(() => revertUpdate(live, version));
  reverts.push(rev.ms);
  updateBytes = rev.value.length;
  Y.applyUpdate(live, rev.value);
  exact &&= JSON.stringify(docContent(live)) === expected;
}

console.log(`arrangement: ${TRACKS} tracks × ${CLIPS} clips × ${NOTES} notes (${TRACKS * CLIPS * NOTES} notes)`);
console.log(`version size:            ${(versionBytes / 1024).toFixed(0)} KiB`);
console.log(`compareArrangements p50: ${round(p50(compares))} ms`);
console.log(
  `revertUpdate p50:        ${round(p50(reverts))} ms (restore update ${(updateBytes / 1024).toFixed(1)} KiB)`,
);
console.log(`restore exact:           ${exact}`);
console.log(
  JSON.stringify({
    tracks: TRACKS,
    clips: TRACKS * CLIPS,
    notes: TRACKS * CLIPS * NOTES,
    version_kib: round(versionBytes / 1024),
    compare_p50_ms: round(p50(compares)),
    revert_p50_ms: round(p50(reverts)),
    restore_update_kib: round(updateBytes / 1024),
    restore_exact: exact,
  }),
);
if (!exact) process.exit(1);
