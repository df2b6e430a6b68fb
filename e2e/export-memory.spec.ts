import { expect, test, type CDPSession, type Page } from "@playwright/test";
import type { BandspaceLab } from "../app/lab/engine/lab";

/**
 * A long export keeps nothing of a segment once it is used (issue 18: memory independent of the song's length).
 *
 * Exports render in segments, one OfflineAudioContext each (segmented.ts). Chromium never frees a context that
 * loaded an AudioWorklet module while its document lives, so every segment's context and render buffer used to
 * stay: a 24-track, 30-minute export grew by ~20 MB a segment. The signal is the browser's own heap (a heap
 * snapshot collects garbage first):
 * - during a 15-segment export, paused at segment 3 and at segment 14 of the same render (the same document, one
 *   segment's graph built, the same point in each), the page holds the same: no kind of object with one more per
 *   segment done (a segment's output or take frames kept, a listener per segment …) and no bytes that grow;
 * - after a 2-segment and after a 15-segment export, no OfflineAudioContext, AudioBuffer or render frame is alive.
 * The pause is real back-pressure, not a timer: the export reads an audio clip's frames per segment through
 * `readTake`, which waits at the chosen segments until the test has taken its snapshot.
 */

test.setTimeout(4 * 60_000);

/** A segment's context, its render buffer and its realm's document (render-realm.ts). */
const NATIVE = ["OfflineAudioContext", "AudioBuffer", "HTMLDocument"] as const;

/**
 * Kinds whose count changes as the page merely runs: V8's own bookkeeping (compiled functions, feedback), plain
 * objects of library caches, and the long-task entries the browser keeps in its performance timeline (capped).
 */
const RUNNING_NOISE = /^(system \/ |Object$|Performance\w*Timing$|TaskAttributionTiming$)/;

async function openLab(page: Page) {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

interface HeapSummary {
  /** Bytes of everything but compiled code (which grows as the page runs new paths, whatever it keeps). */
  bytes: number;
  /** Live objects per constructor (JS) or native class name. */
  counts: Map<string, number>;
}

/** The page's live heap (a heap snapshot; it collects garbage first), summed by constructor. */
async function heapSummary(cdp: CDPSession): Promise<HeapSummary> {
  const chunks: string[] = [];
  const onChunk = (c: { chunk: string }) => chunks.push(c.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  const snap = JSON.parse(chunks.join("")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = snap.snapshot.meta.node_types[0];
  const named = new Set(["object", "native"].map((t) => types.indexOf(t)));
  const code = types.indexOf("code");
  const counts = new Map<string, number>();
  let bytes = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = snap.nodes[i + typeAt];
    if (type !== code) bytes += snap.nodes[i + sizeAt];
    if (!named.has(type)) continue;
    const name = snap.strings[snap.nodes[i + nameAt]];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return { bytes, counts };
}

const count = (h: HeapSummary, name: string) => h.counts.get(name) ?? 0;

/**
 * Starts an export of a 2-track song of `seconds` with an audio track (one take under the whole song) to WAV.
 * `pauseAt` lists segments (1-based) at which the take read waits for `window.memoryTest.release()`.
 */
function startExport(page: Page, seconds: number, pauseAt: readonly number[]) {
  return page.evaluate(
    async ([s, pauses]) => {
      const lab = (window as unknown as { bandspaceLab: BandspaceLab }).bandspaceLab;
      const { model, origin } = lab;
      const { doc, endTick } = lab.docs.arrangementDoc({ tracks: 2, clips: 2 * 8, seconds: s, bpm: 120, seed: 3 });
      const trackId = model.addTrack(doc, { kind: "audio", name: "Room" }, origin).id;
      const takeId = "memorytake000001";
      model.addRecordedTake(
        doc,
        { takeId, trackId, startTick: 0, sampleRate: 48000, channels: 1, createdAt: 1, frames: s * 48000 },
        origin,
      );
      const state = { segment: 0, paused: 0, release: () => {} };
      (window as unknown as { memoryTest: typeof state }).memoryTest = state;
      const out = await lab.exports.runExport(
        {
          doc,
          range: { fromTick: 0, toTick: endTick, tailSeconds: 0 },
          sampleRate: 48000,
          format: { codec: "wav", depth: "pcm16" },
          what: "mix",
          master: { gainDb: 0, ceilingDb: -1 },
          tags: { title: "Memory", artist: "Bandspace" },
          fileBase: `memory-${s}`,
        },
        {
          // One read per segment (one clip under the whole song): quiet room tone.
          readTake: async (_id, _from, frames) => {
            state.segment++;
            if (pauses.includes(state.segment)) {
              await new Promise<void>((resolve) => {
                state.release = resolve;
                state.paused = state.segment;
              });
              state.paused = 0;
            }
            return [new Float32Array(frames).fill(1e-3)];
          },
        },
      );
      return { frames: out.frames, bytes: out.file.size, segments: state.segment };
    },
    [seconds, pauseAt] as const,
  );
}

async function snapshotWhenPaused(page: Page, cdp: CDPSession, segment: number): Promise<HeapSummary> {
  await page.waitForFunction(
    (k) => (window as unknown as { memoryTest?: { paused: number } }).memoryTest?.paused === k,
    segment,
    { timeout: 120_000 },
  );
  const heap = await heapSummary(cdp);
  await page.evaluate(() => (window as unknown as { memoryTest: { release: () => void } }).memoryTest.release());
  return heap;
}

test("a long export keeps nothing per segment: equal heaps at segments 3 and 14, nothing left after", async ({
  page,
}) => {
  await openLab(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
  const before = await heapSummary(cdp);

  // 40 s: two 20-second segments.
  const short = await startExport(page, 40, []);
  expect(short.frames).toBe(40 * 48000);
  expect(short.segments).toBe(2);
  const afterShort = await heapSummary(cdp);

  // 300 s: fifteen, paused inside segments 3 and 14 (their contexts and graphs built, their frames being read).
  const running = startExport(page, 300, [3, 14]);
  const at3 = await snapshotWhenPaused(page, cdp, 3);
  const at14 = await snapshotWhenPaused(page, cdp, 14);
  const long = await running;
  expect(long.frames).toBe(300 * 48000);
  expect(long.segments).toBe(15);
  const afterLong = await heapSummary(cdp);

  const segmentsApart = 14 - 3;
  const grown = [...at14.counts]
    .map(([name, n]) => ({ name, by: n - (at3.counts.get(name) ?? 0) }))
    .filter((g) => g.by >= segmentsApart && !RUNNING_NOISE.test(g.name))
    .map((g) => `${g.name} +${g.by}`);
  const mb = (b: number) => (b / 1e6).toFixed(2);
  console.log(
    `heap during the 300 s export: segment 3 ${mb(at3.bytes)} MB, segment 14 ${mb(at14.bytes)} MB; ` +
      `object kinds with one more per segment: ${grown.join(", ") || "none"}\n` +
      NATIVE.map(
        (n) =>
          `${n}: before ${count(before, n)}, after 2 segments ${count(afterShort, n)}, at 3 ${count(at3, n)}, ` +
          `at 14 ${count(at14, n)}, after 15 ${count(afterLong, n)}`,
      ).join("\n"),
  );

  // Eleven segments later the page holds the same: no kind of object with one more per segment, and not 20 kB a
  // segment (a segment's output is 3.8 MB).
  expect(grown, "object kinds with one more per segment").toEqual([]);
  expect(at14.bytes - at3.bytes, "bytes kept per segment").toBeLessThan(segmentsApart * 20e3);
  for (const name of NATIVE) {
    expect(count(at14, name) - count(at3, name), `${name}: grows with the segments done`).toBeLessThanOrEqual(1);
    // Nothing of a finished export stays (a context or two may wait for the worklet thread to wind down).
    expect(count(afterShort, name) - count(before, name), name).toBeLessThanOrEqual(2);
    expect(
      count(afterLong, name) - count(afterShort, name),
      `${name}: grows with the song's length`,
    ).toBeLessThanOrEqual(1);
  }
});
