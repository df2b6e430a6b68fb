import { expect, test, type Page } from "@playwright/test";

/**
 * Bounded-memory exports (issue 18) render a range as a row of short offline contexts, each with a pre-roll
 * (packages/audio-engine/src/segmented.ts). In real Chromium, the segmented render must equal the one-piece
 * render (renderOffline) of the same range: sample for sample where no state crosses a boundary (audio clips
 * with splits, slips, fades, crossfades and comps, read as ranged frames), and within a stated tolerance where it
 * does (instruments with releases, reverb, feedback delay, compressors, limiter) — at the segment boundaries too.
 */

async function openLab(page: Page) {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

test("segmented render of edited audio clips equals the one-piece render exactly, across boundaries", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLab(page);
  const r = await page.evaluate(async () => {
    const lab = window.bandspaceLab!;
    const scene = lab.edit.scene();
    const buffers = lab.edit.buffers();
    const whole = await lab.renderOffline(scene.doc, {
      fromTick: scene.fromTick,
      toTick: scene.toTick,
      sampleRate: scene.sampleRate,
      channels: 2,
      takeBuffers: buffers,
    });
    const reads: number[] = [];
    const parts: Float32Array[][] = [];
    const starts: number[] = [];
    const done = await lab.engine.renderSegmented(scene.doc, {
      fromTick: scene.fromTick,
      toTick: scene.toTick,
      sampleRate: scene.sampleRate,
      channels: 2,
      // 0.7 s segments cut through every clip, fade and crossfade of the 6 s scene.
      segmentSeconds: 0.7,
      readTake: (takeId, from, frames) => {
        const b = buffers.get(takeId);
        if (!b) return Promise.resolve(null);
        reads.push(frames);
        return Promise.resolve([b.getChannelData(0).slice(from, from + frames)]);
      },
      onSegment: (channels, startFrame) => {
        parts.push(channels);
        starts.push(startFrame);
      },
    });
    let maxDiff = 0;
    let frames = 0;
    parts.forEach((p, i) => {
      for (let c = 0; c < 2; c++) {
        const ref = whole.getChannelData(c);
        for (let k = 0; k < p[c].length; k++) maxDiff = Math.max(maxDiff, Math.abs(p[c][k] - ref[starts[i] + k]));
      }
      frames += p[0].length;
    });
    let peak = 0;
    for (const v of whole.getChannelData(0)) peak = Math.max(peak, Math.abs(v));
    const takeFrames = [...buffers.values()].reduce((s, b) => s + b.length, 0);
    return {
      maxDiff,
      frames,
      total: whole.length,
      totalFrames: done.totalFrames,
      segments: done.segments,
      peak,
      maxRead: Math.max(...reads),
      takeFrames,
      contiguous: starts.every((s, i) => i === 0 || s === starts[i - 1] + parts[i - 1][0].length),
    };
  });
  expect(r.peak).toBeGreaterThan(0.1); // the scene is not silent
  expect(r.segments).toBeGreaterThan(6);
  expect(r.contiguous).toBe(true);
  expect(r.totalFrames).toBe(r.total);
  expect(r.frames).toBe(r.total);
  // Ranged reads: no read is longer than a segment plus its pre-roll (never a whole take).
  expect(r.maxRead).toBeLessThan(r.takeFrames);
  expect(r.maxRead).toBeLessThanOrEqual(Math.ceil((0.7 + 2) * 48000) + 256);
  expect(r.maxDiff).toBeLessThanOrEqual(1e-6);
});

test("segmented render of instruments through reverb, delay, compressors and limiter equals the one-piece render", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openLab(page);
  const r = await page.evaluate(async () => {
    const lab = window.bandspaceLab!;
    const { model, origin } = lab;
    const { doc, trackIds, endTick } = lab.docs.arrangementDoc({
      tracks: 5,
      clips: 15,
      seconds: 40,
      bpm: 120,
      seed: 7,
    });
    const range = { fromTick: 0, toTick: endTick, tailSeconds: 3 };
    const segmentSeconds = 6;
    /** Max |segmented − one-piece| overall and within 100 ms of each segment's edges, and the render's peak. */
    const compare = async () => {
      const whole = await lab.renderOffline(doc, { ...range, sampleRate: 48000, channels: 2 });
      let maxDiff = 0;
      let boundaryDiff = 0;
      let frames = 0;
      await lab.engine.renderSegmented(doc, {
        ...range,
        sampleRate: 48000,
        channels: 2,
        segmentSeconds,
        onSegment: (channels, startFrame) => {
          for (let c = 0; c < 2; c++) {
            const ref = whole.getChannelData(c);
            for (let k = 0; k < channels[c].length; k++) {
              const d = Math.abs(channels[c][k] - ref[startFrame + k]);
              maxDiff = Math.max(maxDiff, d);
              if (k < 4800 || k >= channels[c].length - 4800) boundaryDiff = Math.max(boundaryDiff, d);
            }
          }
          frames += channels[0].length;
        },
      });
      let peak = 0;
      for (const v of whole.getChannelData(0)) peak = Math.max(peak, Math.abs(v));
      return {
        maxDiff,
        boundaryDiff,
        frames,
        total: whole.length,
        peak,
        preroll: lab.engine.segmentPrerollSeconds(doc),
      };
    };
    // The instruments alone: no effect state, only the notes (their envelopes are automation on context time).
    const dry = await compare();
    const bus = model.addBus(doc, { name: "Hall" }, origin);
    const hall = model.addInsert(doc, bus, "reverb", { preset: "Hall" }, origin);
    model.setInsertParam(doc, hall, "decay", 2500, origin);
    const delay = model.addInsert(doc, trackIds[0], "delay", {}, origin);
    model.setInsertParam(doc, delay, "feedback", 50, origin);
    for (const id of trackIds) {
      model.addInsert(doc, id, "compressor", {}, origin);
      model.addSend(doc, id, bus, { levelDb: -9 }, origin);
    }
    model.addInsert(doc, "master", "multiband", {}, origin);
    model.addInsert(doc, "master", "limiter", {}, origin);
    const wet = await compare();
    return { dry, wet, segmentSeconds };
  });
  for (const [name, x] of Object.entries({ dry: r.dry, wet: r.wet }))
    console.log(
      `segmented vs one-piece, ${name}: peak ${x.peak.toFixed(3)}, max |diff| ${x.maxDiff.toExponential(2)} ` +
        `(segment edges ${x.boundaryDiff.toExponential(2)}), pre-roll ${x.preroll.toFixed(1)} s, segments ${r.segmentSeconds} s`,
    );
  for (const x of [r.dry, r.wet]) {
    expect(x.peak).toBeGreaterThan(0.05);
    expect(x.frames).toBe(x.total);
  }
  expect(r.wet.preroll).toBeGreaterThan(6); // the hall reverb and the feedback delay need more than a default
  // The instruments alone already differ by Web Audio's timing precision: a note's envelope is automation
  // computed on context time, and the same timeline instant is a different context time in a segment (measured
  // 2e-5). Through the effects the residual grows (measured 7e-5, −83 dBFS; reverb and compressors sum many notes'
  // residuals). Both stay under 2e-4 (−74 dBFS); a pre-roll that fell short would leave reverb and echo tails
  // missing at the segment edges, at the level of the tails themselves (1e-2 and more here).
  expect(r.dry.maxDiff).toBeLessThan(2e-4);
  expect(r.wet.maxDiff).toBeLessThan(2e-4);
  expect(r.wet.boundaryDiff).toBeLessThan(2e-4);
});
