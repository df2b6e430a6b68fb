import { expect, test, type Page } from "@playwright/test";

/**
 * The full tempo map, heard: an offline render in Chromium of a kick on every beat through a mid-bar tempo
 * change, a ramp (accelerando) and meter changes. Every kick must start within 1 ms of the TempoMap's time
 * (closed-form ramp), and the metronome, rendered alone, must click on every beat of the meter in force with
 * the accent on each bar's first beat — 4, then 3, then 5 clicks a bar.
 */

const SAMPLE_RATE = 48000;

async function openLab(page: Page) {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

test("offline render: notes after a ramp and a mid-bar tempo change within 1 ms; the metronome follows a meter change", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLab(page);
  const result = await page.evaluate(async (sampleRate) => {
    const lab = window.bandspaceLab!;
    const { model, Y, origin } = lab;
    const doc = new Y.Doc();
    const BAR = 3840;
    model.setTempo(doc, 100, origin);
    model.setTempoChange(doc, { tick: BAR + 1440, bpm: 140 }, origin); // bar 2, beat 2½: instant
    model.setTempoChange(doc, { tick: 3 * BAR, bpm: 80 }, origin); // bar 4 at 80 …
    model.setTempoChange(doc, { tick: 5 * BAR, bpm: 160, ramp: true }, origin); // … ramping to 160 at bar 6
    model.setMeterChange(doc, { bar: 6, numerator: 3, denominator: 4 }, origin);
    model.setMeterChange(doc, { bar: 8, numerator: 5, denominator: 8 }, origin);
    const map = model.readTempoMap(doc);
    const toTick = map.barToTicks(10);
    const kickTrack = model.addTrack(doc, { name: "Kick", instrument: "drums" }, origin);
    const beats = map.beatsBetween(0, toTick);
    model.addMidiClip(
      doc,
      {
        trackId: kickTrack.id,
        startTick: 0,
        lengthTicks: toTick,
        notes: beats.map((b) => ({ pitch: 36, startTick: b.tick, durationTicks: 120, velocity: 120 })),
      },
      origin,
    );

    const peakIn = (x: Float32Array, from: number, to: number) => {
      let p = 0;
      for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) p = Math.max(p, Math.abs(x[i]));
      return p;
    };
    /** Onset of each expected time: the first sample above the noise of what rang before, walked back to its start. */
    const onsets = (x: Float32Array, expected: number[]) => {
      const ms = sampleRate / 1000;
      const peak = peakIn(x, 0, x.length);
      return expected.map((e) => {
        const at = Math.round(e * sampleRate);
        const from = at - Math.round(5 * ms);
        const residue = peakIn(x, from - Math.round(20 * ms), from);
        const threshold = Math.max(1e-4 * peak, 8 * residue);
        let found = -1;
        for (let i = from; i < at + Math.round(5 * ms) && i < x.length; i++) {
          if (Math.abs(x[i]) > threshold) {
            found = i;
            break;
          }
        }
        if (found < 0) return { errorMs: null, level: 0 };
        const quiet = Math.max(2 * residue, 1e-6 * peak);
        while (found > from && Math.abs(x[found - 1]) > quiet) found--;
        return { errorMs: (found - e * sampleRate) / ms, level: peakIn(x, found, found + Math.round(25 * ms)) };
      });
    };

    const expected = beats.map((b) => map.ticksToSeconds(b.tick));
    const kicks = await lab.renderOffline(doc, {
      fromTick: 0,
      toTick,
      sampleRate,
      channels: 1,
      trackIds: [kickTrack.id],
    });
    const kickOnsets = onsets(kicks.getChannelData(0), expected);
    const clicks = await lab.renderOffline(doc, {
      fromTick: 0,
      toTick,
      sampleRate,
      channels: 1,
      trackIds: [],
      metronome: true,
    });
    const clickOnsets = onsets(clicks.getChannelData(0), expected);
    const loudest = Math.max(...clickOnsets.map((c) => c.level));
    return {
      beats: beats.map((b, i) => ({
        tick: b.tick,
        bar: map.position(b.tick).bar,
        downbeat: b.downbeat,
        seconds: expected[i],
        kickErrorMs: kickOnsets[i].errorMs,
        clickErrorMs: clickOnsets[i].errorMs,
        clickAccented: clickOnsets[i].level > 0.75 * loudest,
      })),
      // Independent figures for two beats: after the mid-bar jump, and the ramp's end (closed form).
      beat2_3: map.ticksToSeconds(BAR + 1920),
      rampEnd: map.ticksToSeconds(5 * BAR),
    };
  }, SAMPLE_RATE);

  // bar 1: 4 beats of 0.6 s; bar 2: 1.5 beats at 100, then 140 BPM.
  expect(result.beat2_3).toBeCloseTo(2.4 + 1.5 * 0.6 + 0.5 * (60 / 140), 9);
  // bar 4–5 ramp 80 → 160 over 8 beats: 8 · 60 · ln 2 / 80 s after bar 4.
  const bar4 = 2.4 + 1.5 * 0.6 + 2.5 * (60 / 140) + 4 * (60 / 140);
  expect(result.rampEnd).toBeCloseTo(bar4 + (8 * 60 * Math.log(2)) / 80, 9);

  const beatsPerBar = new Map<number, number>();
  for (const b of result.beats) beatsPerBar.set(b.bar, (beatsPerBar.get(b.bar) ?? 0) + 1);
  expect([...beatsPerBar.values()]).toEqual([4, 4, 4, 4, 4, 3, 3, 5, 5]);
  for (const b of result.beats) {
    expect(b.kickErrorMs, `kick at tick ${b.tick} (${b.seconds.toFixed(3)} s) was not found`).not.toBeNull();
    expect(Math.abs(b.kickErrorMs!), `kick at tick ${b.tick}: ${b.kickErrorMs} ms off the map`).toBeLessThanOrEqual(1);
    expect(b.clickErrorMs, `click at tick ${b.tick} was not found`).not.toBeNull();
    expect(Math.abs(b.clickErrorMs!), `click at tick ${b.tick}: ${b.clickErrorMs} ms off the map`).toBeLessThanOrEqual(
      1,
    );
    expect(b.clickAccented, `click at tick ${b.tick} (bar ${b.bar}) accent`).toBe(b.downbeat);
  }
  const errors = result.beats.map((b) => Math.abs(b.kickErrorMs!));
  console.log(`${result.beats.length} beats; kick onset error max ${Math.max(...errors).toFixed(3)} ms`);
});
