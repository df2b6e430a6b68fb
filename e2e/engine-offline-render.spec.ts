import { expect, test, type Page } from "@playwright/test";

/**
 * The engine's offline render, measured numerically in real Chromium: a groove (kick, snare, hats on three drum
 * tracks, a bass line) at 120 BPM with tempo changes to 90 and 150 BPM. Each track is rendered alone (so every
 * onset is unambiguous), every note must start within 1 ms of where the TempoMap puts it, nothing may sound
 * where no note is, and the full mix must be silent in the empty bars.
 */

const SAMPLE_RATE = 48000;

async function openLab(page: Page) {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

interface TrackResult {
  name: string;
  notes: number;
  /** Detected − expected onset per note, ms. */
  errorsMs: number[];
  missing: number[];
  /** Onsets found where no note starts (seconds). */
  extra: number[];
  /** Largest |sample| before the first note and after the last note's tail. */
  leadInPeak: number;
  tailPeak: number;
  peak: number;
}

test("offline render: every note within 1 ms of the TempoMap, silence where no notes are", async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page);
  const result = await page.evaluate(async (sampleRate) => {
    const lab = window.bandspaceLab!;
    const { model } = lab;
    const scene = lab.docs.grooveScene();
    const map = model.readTempoMap(scene.doc);
    const t0 = map.ticksToSeconds(scene.fromTick);
    const ms = sampleRate / 1000;

    // Expected onsets straight from the model and the TempoMap (not from the engine's own scheduling code).
    const expectedFor = (trackId: string) =>
      model
        .listClips(scene.doc, trackId)
        .flatMap((c) =>
          model
            .listNotes(scene.doc, c.id)
            .filter((n) => n.startTick < c.lengthTicks)
            .map((n) => map.ticksToSeconds(c.startTick + n.startTick) - t0),
        )
        .sort((a, b) => a - b);

    /** Max |x| over [from, to) samples. */
    const peakIn = (x: Float32Array, from: number, to: number) => {
      let p = 0;
      for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) p = Math.max(p, Math.abs(x[i]));
      return p;
    };

    const tracks: TrackResult[] = [];
    for (const track of scene.tracks) {
      const buffer = await lab.renderOffline(scene.doc, {
        fromTick: scene.fromTick,
        toTick: scene.toTick,
        sampleRate,
        channels: 1,
        trackIds: [track.id],
      });
      const x = buffer.getChannelData(0);
      const peak = peakIn(x, 0, x.length);
      const expected = expectedFor(track.id);
      const errorsMs: number[] = [];
      const missing: number[] = [];
      // Onset of note k: the first sample, from 5 ms before its expected time, that rises above both a floor and
      // 8× whatever is still ringing from earlier notes in the 20 ms before that window.
      const floor = 1e-4 * peak;
      for (const [k, e] of expected.entries()) {
        const at = Math.round(e * sampleRate);
        const searchFrom = at - Math.round(5 * ms);
        const residue = peakIn(x, searchFrom - Math.round(20 * ms), searchFrom);
        const threshold = Math.max(floor, 8 * residue);
        let found = -1;
        for (let i = searchFrom; i < at + Math.round(5 * ms) && i < x.length; i++) {
          if (Math.abs(x[i]) > threshold) {
            found = i;
            break;
          }
        }
        // Then back to where the sound leaves the silence (or the earlier notes' residue) before it: a slow
        // attack (the bass's low-pass) crosses the threshold later than it starts.
        const quiet = Math.max(2 * residue, 1e-6 * peak);
        while (found > searchFrom && Math.abs(x[found - 1]) > quiet) found--;
        if (found < 0) missing.push(k);
        else errorsMs.push((found - e * sampleRate) / ms);
      }
      // Nothing else starts: scan 1 ms blocks for a rise (block peak > 8× the previous 20 ms and above the floor)
      // that is not within 3 ms of an expected onset.
      const extra: number[] = [];
      const block = Math.round(ms);
      const near = (s: number) => expected.some((e) => Math.abs(e - s) < 0.003);
      for (let b = 20; b * block < x.length; b++) {
        const p = peakIn(x, b * block, (b + 1) * block);
        const before = peakIn(x, (b - 20) * block, b * block);
        if (p > floor && p > 8 * before && !near((b * block) / sampleRate) && !near(((b + 1) * block) / sampleRate))
          extra.push((b * block) / sampleRate);
      }
      const first = Math.round(expected[0] * sampleRate);
      const tailFrom = Math.round((map.ticksToSeconds(scene.toTick - map.ticksPerBar) - t0 + 0.6) * sampleRate); // bar 7 + 0.6 s
      tracks.push({
        name: track.name,
        notes: expected.length,
        errorsMs,
        missing,
        extra,
        leadInPeak: peakIn(x, 0, first),
        tailPeak: peakIn(x, tailFrom, x.length),
        peak,
      });
    }

    // The full mix, stereo: silent in bar 1 and at the end of bar 7, loud in between.
    const mix = await lab.renderOffline(scene.doc, {
      fromTick: scene.fromTick,
      toTick: scene.toTick,
      sampleRate,
      channels: 2,
    });
    const bar = (n: number) => Math.round((map.ticksToSeconds(map.barToTicks(n)) - t0) * sampleRate);
    const mixPeak = (from: number, to: number) =>
      Math.max(peakIn(mix.getChannelData(0), from, to), peakIn(mix.getChannelData(1), from, to));
    return {
      duration: mix.duration,
      expectedDuration: map.ticksToSeconds(scene.toTick) - t0,
      sampleRate: mix.sampleRate,
      tracks,
      mix: {
        bar1: mixPeak(0, bar(2)),
        grooveBars: mixPeak(bar(2), bar(7)),
        bar7Tail: mixPeak(bar(7) + Math.round(0.6 * sampleRate), mix.length),
      },
      tempo: map.segments().map((s) => [s.startTick, s.bpm]),
    };
  }, SAMPLE_RATE);

  console.log(
    result.tracks
      .map((t) => {
        const abs = t.errorsMs.map(Math.abs);
        return `${t.name}: ${t.notes} notes, onset error max ${Math.max(...abs).toFixed(3)} ms, mean ${(t.errorsMs.reduce((a, b) => a + b, 0) / t.errorsMs.length).toFixed(3)} ms; peak ${t.peak.toFixed(3)}; errors ${t.errorsMs.map((e) => e.toFixed(2)).join(" ")}`;
      })
      .join("\n"),
  );
  expect(result.sampleRate).toBe(SAMPLE_RATE);
  expect(result.duration).toBeCloseTo(result.expectedDuration, 3);
  expect(result.tempo).toEqual([
    [0, 120],
    [2 * 3840, 90],
    [4 * 3840, 150],
  ]);
  for (const t of result.tracks) {
    expect(t.peak, `${t.name} is audible`).toBeGreaterThan(0.02);
    expect(t.missing, `${t.name}: notes without an onset`).toEqual([]);
    expect(t.errorsMs.length).toBe(t.notes);
    for (const [k, err] of t.errorsMs.entries()) {
      expect(Math.abs(err), `${t.name} note ${k}: onset ${err.toFixed(3)} ms from the TempoMap`).toBeLessThanOrEqual(1);
    }
    expect(t.extra, `${t.name}: onsets where no note starts`).toEqual([]);
    expect(t.leadInPeak, `${t.name}: sound before the first note`).toBeLessThan(1e-5);
    expect(t.tailPeak, `${t.name}: sound after the last note's tail`).toBeLessThan(1e-5);
  }
  expect(result.mix.bar1).toBeLessThan(1e-5);
  expect(result.mix.bar7Tail).toBeLessThan(1e-5);
  expect(result.mix.grooveBars).toBeGreaterThan(0.05);
  expect(result.mix.grooveBars).toBeLessThanOrEqual(1);
});
