import { expect, test } from "@playwright/test";

/**
 * Bypassing an insert never clicks, the first time included: a steady sine plays through a track's EQ (−6 dB
 * output) and lookahead limiter (+6 dB input gain, 5 ms of latency) in an offline render of the engine's graph,
 * while the document bypasses the limiter, then the EQ, then brings both back, mid-render. Around every toggle no
 * step between neighbouring samples is larger than the sine's own largest step (measured where it plays loudest)
 * plus a small epsilon for the gain ramps — and each toggle did change the level, so it was heard.
 */
const RATE = 48000;
const QUANTUM = 128;

test("insert bypass toggled mid-render: no sample step beyond the signal's own", async ({ page }) => {
  test.setTimeout(120_000);
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });

  const r = await page.evaluate(
    async ({ rate, quantum }) => {
      const lab = window.bandspaceLab!;
      const { model, origin, Y } = lab;
      const doc = new Y.Doc();
      const track = model.addTrack(doc, { kind: "audio", name: "Tone" }, origin).id;
      const eq = model.addInsert(doc, track, "eq", {}, origin);
      model.setInsertParam(doc, eq, "output", -6, origin);
      const limiter = model.addInsert(doc, track, "limiter", {}, origin);
      model.setInsertParam(doc, limiter, "gain", 6, origin);
      // Toggles on render-quantum boundaries (where an offline context can pause), none on the render's own.
      const toggles: { quantum: number; insert: string; bypass: boolean }[] = [
        { quantum: 100, insert: limiter, bypass: true },
        { quantum: 260, insert: eq, bypass: true },
        { quantum: 440, insert: limiter, bypass: false },
        { quantum: 580, insert: eq, bypass: false },
      ];
      const seconds = 2;
      const rendered = await lab.renderOffline(doc, {
        fromTick: 0,
        toTick: 3840, // 2 s at the default 120 bpm
        sampleRate: rate,
        channels: 2,
        prepare: (context, core) => {
          const sine = lab.signals.sine(seconds, 440, 0.25, rate);
          const buffer = context.createBuffer(1, sine.length, rate);
          buffer.copyToChannel(new Float32Array(sine), 0);
          const source = context.createBufferSource();
          source.buffer = buffer;
          source.connect(core.graph.channelFor(track)!.input);
          source.start(0);
          for (const t of toggles) {
            void context.suspend((t.quantum * quantum) / rate).then(async () => {
              model.setInsertBypass(doc, t.insert, t.bypass, origin);
              await new Promise((done) => setTimeout(done, 0));
              await context.resume();
            });
          }
        },
      });
      const out = rendered.getChannelData(0);
      const steps = new Float32Array(out.length);
      for (let n = 1; n < out.length; n++) steps[n] = Math.abs(out[n] - out[n - 1]);
      /** RMS over [from, to) frames. */
      const rms = (from: number, to: number) => {
        let sum = 0;
        for (let n = from; n < to; n++) sum += out[n] * out[n];
        return Math.sqrt(sum / (to - from));
      };
      const starts = toggles.map((t) => t.quantum * quantum);
      // Between toggles, once the ramps have settled (100 ms after each), the level is steady.
      const bounds = [0, ...starts, out.length];
      const levels = bounds.slice(0, -1).map((from, i) => rms(from + 4800, bounds[i + 1]));
      // The sine's own largest step where it plays loudest (a steady stretch), and the largest around each toggle
      // (from the toggle to 100 ms after: the ramps and the 5 ms latency).
      const loudest = levels.indexOf(Math.max(...levels));
      let ownStep = 0;
      for (let n = bounds[loudest] + 4800; n < bounds[loudest + 1]; n++) ownStep = Math.max(ownStep, steps[n]);
      const around = starts.map((s) => {
        let worst = 0;
        let at = s;
        for (let n = s; n < s + 4800; n++)
          if (steps[n] > worst) {
            worst = steps[n];
            at = n;
          }
        return { worst, at };
      });
      return { levels, ownStep, around, length: out.length };
    },
    { rate: RATE, quantum: QUANTUM },
  );
  console.log(
    `bypass toggles: levels ${r.levels.map((l) => l.toFixed(4)).join(" → ")}, the sine's own largest step ` +
      `${r.ownStep.toFixed(5)}, around the toggles ${r.around.map((a) => `${a.worst.toFixed(5)}@${a.at}`).join(", ")}`,
  );
  expect(r.length).toBe(2 * RATE);
  // Each toggle was heard: limiter out (−6 dB), EQ out (+6 dB), limiter in (+6 dB), EQ in (−6 dB).
  const ratios = r.levels.slice(1).map((l, i) => l / r.levels[i]);
  for (const [i, want] of [0.5, 2, 2, 0.5].entries()) expect(ratios[i], `toggle ${i + 1}`).toBeCloseTo(want, 1);
  expect(r.ownStep).toBeGreaterThan(0.005);
  for (const [i, a] of r.around.entries())
    expect(a.worst, `toggle ${i + 1}: largest step at frame ${a.at}`).toBeLessThanOrEqual(r.ownStep + 0.002);
});
