import { expect, test, type CDPSession, type Page } from "@playwright/test";
import type { BandspaceLab } from "../app/lab/engine/lab";

/**
 * A long export keeps no segment alive after it is used (issue 18: memory independent of the song's length).
 *
 * Exports render in segments, one OfflineAudioContext each (segmented.ts). Chromium never frees a context that
 * loaded an AudioWorklet module while its document lives, so every segment's context and render buffer used to
 * stay: a 24-track, 30-minute export grew by ~20 MB a segment. The signal is the browser's own heap: after each
 * export a heap snapshot (which collects garbage first) counts the OfflineAudioContexts and AudioBuffers still
 * alive in the page, for a 2-segment and a 15-segment export of the same arrangement. They must not grow with the
 * length (before the fix: one context and one buffer per segment).
 */

test.setTimeout(4 * 60_000);

async function openLab(page: Page) {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

/** Live native objects of the given names in the page's heap (a heap snapshot; it collects garbage first). */
async function liveNativeObjects(cdp: CDPSession, names: readonly string[]): Promise<Record<string, number>> {
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
  const native = snap.snapshot.meta.node_types[0].indexOf("native");
  const wanted = new Map(names.map((n) => [snap.strings.indexOf(n), n]));
  const counts = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < snap.nodes.length; i += width) {
    const name = wanted.get(snap.nodes[i + nameAt]);
    if (name !== undefined && snap.nodes[i + typeAt] === native) counts[name]++;
  }
  return counts;
}

async function exportSeconds(page: Page, seconds: number) {
  return page.evaluate(async (s) => {
    const lab = (window as unknown as { bandspaceLab: BandspaceLab }).bandspaceLab;
    const { doc, endTick } = lab.docs.arrangementDoc({ tracks: 2, clips: 2 * 8, seconds: s, bpm: 120, seed: 3 });
    const out = await lab.exports.runExport({
      doc,
      range: { fromTick: 0, toTick: endTick, tailSeconds: 0 },
      sampleRate: 48000,
      format: { codec: "wav", depth: "pcm16" },
      what: "mix",
      master: { gainDb: 0, ceilingDb: -1 },
      tags: { title: "Memory", artist: "Bandspace" },
      fileBase: `memory-${s}`,
    });
    return { frames: out.frames, bytes: out.file.size };
  }, seconds);
}

test("a long export leaves no segment's context or render buffer alive", async ({ page }) => {
  await openLab(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.enable");
  const names = ["OfflineAudioContext", "AudioBuffer"] as const;
  const before = await liveNativeObjects(cdp, names);

  // 40 s: two 20-second segments; 300 s: fifteen.
  const short = await exportSeconds(page, 40);
  expect(short.frames).toBe(40 * 48000);
  const afterShort = await liveNativeObjects(cdp, names);
  const long = await exportSeconds(page, 300);
  expect(long.frames).toBe(300 * 48000);
  const afterLong = await liveNativeObjects(cdp, names);
  console.log(
    `live after GC — before: ${JSON.stringify(before)}, after 2 segments: ${JSON.stringify(afterShort)}, ` +
      `after 15 segments: ${JSON.stringify(afterLong)}`,
  );

  for (const name of names) {
    // Nothing of a finished export stays (a context or two may wait for the worklet thread to wind down).
    expect(afterShort[name] - before[name], name).toBeLessThanOrEqual(2);
    expect(afterLong[name] - afterShort[name], `${name}: grows with the song's length`).toBeLessThanOrEqual(1);
  }
});
