import { expect, test } from "@playwright/test";

/**
 * The shared mix as the engine renders it, measured on real renders in Chromium: the bass line of the groove
 * scene rendered at unity, then with its fader at −6 dB (amplitude × 0.501), panned hard left (nothing in the
 * right channel, the equal-power left gain), and muted (silence) — while the other tracks are left untouched.
 */
const SAMPLE_RATE = 48000;

test("offline render honours each track's fader, pan and mute from the document", async ({ page }) => {
  test.setTimeout(120_000);
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });

  const r = await page.evaluate(async (sampleRate) => {
    const lab = window.bandspaceLab!;
    const { model, origin } = lab;
    const scene = lab.docs.grooveScene();
    const bass = scene.tracks.find((t) => t.name === "Bass")!.id;
    const kick = scene.tracks.find((t) => t.name === "Kick")!.id;
    const render = async (trackIds: string[]) => {
      const b = await lab.renderOffline(scene.doc, {
        fromTick: scene.fromTick,
        toTick: scene.toTick,
        sampleRate,
        channels: 2,
        trackIds,
      });
      return [b.getChannelData(0).slice(), b.getChannelData(1).slice()] as const;
    };
    const rms = (x: Float32Array) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * x[i];
      return Math.sqrt(s / x.length);
    };
    const peak = (x: Float32Array) => x.reduce((p, v) => Math.max(p, Math.abs(v)), 0);
    const maxDiff = (a: Float32Array, b: Float32Array) => {
      let d = 0;
      for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
      return d;
    };

    const [unityL, unityR] = await render([bass]);
    const kickBefore = await render([kick]);
    model.setTrackVolume(scene.doc, bass, -6, origin);
    const [quietL, quietR] = await render([bass]);
    model.setTrackVolume(scene.doc, bass, 0, origin);
    model.setTrackPan(scene.doc, bass, -1, origin);
    const [leftL, leftR] = await render([bass]);
    model.setTrackPan(scene.doc, bass, 0, origin);
    model.setTrackMute(scene.doc, bass, true, origin);
    const [mutedL, mutedR] = await render([bass, kick]);
    const kickAfter = await render([kick]);
    return {
      unity: rms(unityL),
      balance: rms(unityR) / rms(unityL),
      quietRatio: rms(quietL) / rms(unityL),
      quietRatioR: rms(quietR) / rms(unityR),
      leftGain: rms(leftL) / rms(unityL),
      leftRightPeak: peak(leftR),
      // Muted bass + kick = the kick alone, sample for sample.
      mutedMinusKick: Math.max(maxDiff(mutedL, kickAfter[0]), maxDiff(mutedR, kickAfter[1])),
      kickUnchanged: maxDiff(kickBefore[0], kickAfter[0]),
    };
  }, SAMPLE_RATE);

  expect(r.unity).toBeGreaterThan(0.01);
  expect(r.balance).toBeCloseTo(1, 3); // centred: both channels alike
  expect(r.quietRatio).toBeGreaterThan(0.501 * 0.99);
  expect(r.quietRatio).toBeLessThan(0.501 * 1.01);
  expect(r.quietRatioR).toBeCloseTo(r.quietRatio, 3);
  // Equal-power pan: centre is cos(π/4) ≈ 0.707 per side, hard left is 1 on the left → × √2 against centre.
  expect(r.leftGain).toBeGreaterThan(Math.SQRT2 * 0.99);
  expect(r.leftGain).toBeLessThan(Math.SQRT2 * 1.01);
  expect(r.leftRightPeak).toBeLessThan(1e-4);
  expect(r.mutedMinusKick).toBeLessThan(1e-6);
  expect(r.kickUnchanged).toBeLessThan(1e-6);
});
