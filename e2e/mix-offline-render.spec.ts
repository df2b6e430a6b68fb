import { expect, test, type Page } from "@playwright/test";

/**
 * The mixer (issue 17) measured on offline renders in real Chromium, through the engine's own graph built from
 * the document: test signals (tones, DC steps, clicks) are played into track strips and the output is read
 * back sample by sample. Each test states the figure it checks.
 */
const RATE = 48000;

async function openLab(page: Page) {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  page.on("console", (m) => m.type() === "warning" && console.warn(`[page] ${m.text()}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

test.describe("mixer offline renders", () => {
  test.setTimeout(180_000);

  test("fader, pan law, mute and solo, post- and pre-fader sends", async ({ page }) => {
    await openLab(page);
    const r = await page.evaluate(async (rate) => {
      const lab = window.bandspaceLab!;
      const { model, origin, Y } = lab;
      const doc = new Y.Doc();
      const a = model.addTrack(doc, { name: "A" }, origin).id;
      const b = model.addTrack(doc, { name: "B" }, origin).id;
      const tone = lab.signals.sine(0.5, 1000, 0.5, rate);
      const other = lab.signals.sine(0.5, 300, 0.25, rate);
      const render = (solo?: string[]) =>
        lab.renderMix(doc, { seconds: 0.5, sampleRate: rate, signals: { [a]: tone, [b]: other }, solo });
      const renderA = () =>
        lab.renderMix(doc, { seconds: 0.5, sampleRate: rate, signals: { [a]: tone }, trackIds: [a] });
      const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
      const db = (x: number) => 20 * Math.log10(x);
      const maxDiff = (p: Float32Array, q: Float32Array) => p.reduce((m, v, i) => Math.max(m, Math.abs(v - q[i])), 0);

      const [uL, uR] = await renderA();
      model.setStripVolume(doc, a, -6, origin);
      const [qL] = await renderA();
      model.setStripVolume(doc, a, 0, origin);
      model.setStripPan(doc, a, -1, origin);
      const [lL, lR] = await renderA();
      model.setStripPan(doc, a, 1, origin);
      const [rL, rR] = await renderA();
      model.setStripPan(doc, a, 0, origin);

      // Mute A: the mix is B alone, sample for sample; solo A: the mix is A alone.
      const [bL] = await lab.renderMix(doc, { seconds: 0.5, sampleRate: rate, signals: { [b]: other }, trackIds: [b] });
      model.setStripMute(doc, a, true, origin);
      const [mL] = await render();
      model.setStripMute(doc, a, false, origin);
      const [sL] = await render([a]);

      // Post-fader send at 0 dB to a bus: the bus adds a second copy of A after its fader → exactly twice A.
      model.setStripVolume(doc, a, -6, origin);
      const [directL] = await renderA();
      const bus = model.addBus(doc, { name: "Verb" }, origin);
      const send = model.addSend(doc, a, bus, { levelDb: 0 }, origin);
      const [postL, postR] = await renderA();
      // Pre-fader: A's own output muted; the bus hears A before its fader, whatever the fader says.
      model.setSendPre(doc, send, true, origin);
      model.setStripMute(doc, a, true, origin);
      const [preL] = await renderA();
      model.setStripVolume(doc, a, -40, origin);
      const [preL2] = await renderA();
      return {
        centreDb: db(rms(uL) / rms(tone)),
        balance: rms(uR) / rms(uL),
        faderDb: db(rms(qL) / rms(uL)),
        leftDb: db(rms(lL) / rms(tone)),
        leftSilentRight: Math.max(...lR.map(Math.abs)),
        rightDb: db(rms(rR) / rms(tone)),
        rightSilentLeft: Math.max(...rL.map(Math.abs)),
        mutedIsB: maxDiff(mL, bL),
        soloIsA: maxDiff(sL, uL),
        postIsTwice: maxDiff(
          postL,
          directL.map((v) => 2 * v),
        ),
        postBalance: maxDiff(postL, postR),
        preIsTone: maxDiff(preL, tone),
        preIgnoresFader: maxDiff(preL, preL2),
      };
    }, RATE);
    console.log(JSON.stringify(r));
    expect(r.faderDb).toBeGreaterThan(-6.02 - 0.05);
    expect(r.faderDb).toBeLessThan(-6.02 + 0.05);
    // Equal-power law for a mono track: −3.01 dB each side at the centre, 0 dB on one side at the ends.
    expect(r.centreDb).toBeCloseTo(-3.0103, 2);
    expect(r.balance).toBeCloseTo(1, 6);
    expect(r.leftDb).toBeCloseTo(0, 2);
    expect(r.rightDb).toBeCloseTo(0, 2);
    expect(r.leftSilentRight).toBeLessThan(1e-6);
    expect(r.rightSilentLeft).toBeLessThan(1e-6);
    expect(r.mutedIsB).toBeLessThan(1e-6);
    expect(r.soloIsA).toBeLessThan(1e-6);
    expect(r.postIsTwice).toBeLessThan(1e-6);
    expect(r.postBalance).toBeLessThan(1e-6);
    expect(r.preIsTone).toBeLessThan(1e-6);
    expect(r.preIgnoresFader).toBeLessThan(1e-6);
  });

  test("each EQ band measures within 0.5 dB of its design at 20 frequencies", async ({ page }) => {
    await openLab(page);
    const r = await page.evaluate(async (rate) => {
      const lab = window.bandspaceLab!;
      const { model, origin, Y, dsp } = lab;
      const bands: [string, Record<string, number>][] = [
        ["high-pass", { b1On: 1, b1Freq: 120, b1Q: 1.2 }],
        ["low shelf", { b2Freq: 200, b2Gain: 6 }],
        ["bell 1", { b3Freq: 500, b3Gain: -9, b3Q: 2 }],
        ["bell 2", { b4Freq: 1500, b4Gain: 4.5, b4Q: 0.7 }],
        ["bell 3", { b5Freq: 5000, b5Gain: 12, b5Q: 4 }],
        ["high shelf", { b6Freq: 7000, b6Gain: -6 }],
        ["low-pass", { b7On: 1, b7Freq: 3000, b7Q: 0.71 }],
      ];
      const freqs = dsp.logFrequencies(40, 16000, 20);
      const N = 16384;
      const out: { band: string; worst: number; at: number }[] = [];
      for (const [band, params] of bands) {
        const doc = new Y.Doc();
        const t = model.addTrack(doc, { name: "T" }, origin).id;
        model.setStripPan(doc, t, -1, origin); // hard left: unity into the left channel
        const eq = model.addInsert(doc, t, "eq", {}, origin);
        // Only the band under test is active: switch the default-on bands' gains to 0 dB.
        for (const g of ["b2Gain", "b3Gain", "b4Gain", "b5Gain", "b6Gain"]) model.setInsertParam(doc, eq, g, 0, origin);
        for (const [k, v] of Object.entries(params)) model.setInsertParam(doc, eq, k, v, origin);
        const impulse = new Float32Array(N);
        impulse[0] = 1;
        const [L] = await lab.renderMix(doc, { seconds: N / rate, sampleRate: rate, signals: { [t]: impulse } });
        const insert = lab.model.readMix(doc).inserts.get(t)![0];
        const designs = lab.engine.EqEffect.designs(insert.params).filter((d) => d !== null);
        const coeffs = designs.map((d) => dsp.designBiquad(d, rate));
        let worst = 0;
        let at = 0;
        for (const f of freqs) {
          let re = 0;
          let im = 0;
          for (let n = 0; n < N; n++) {
            re += L[n] * Math.cos((2 * Math.PI * f * n) / rate);
            im -= L[n] * Math.sin((2 * Math.PI * f * n) / rate);
          }
          const measured = 10 * Math.log10(re * re + im * im);
          const design = dsp.cascadeMagnitudeDb(coeffs, f, rate);
          if (Math.abs(measured - design) > worst) {
            worst = Math.abs(measured - design);
            at = f;
          }
        }
        out.push({ band, worst, at });
      }
      return out;
    }, RATE);
    console.log(JSON.stringify(r));
    for (const band of r) expect(band.worst, `${band.band} at ${band.at.toFixed(0)} Hz`).toBeLessThan(0.5);
  });

  test("the compressor's static curve within 0.5 dB at 10 input levels, and the limiter is a brickwall", async ({
    page,
  }) => {
    await openLab(page);
    const r = await page.evaluate(async (rate) => {
      const lab = window.bandspaceLab!;
      const { model, origin, Y, dsp } = lab;
      const doc = new Y.Doc();
      const t = model.addTrack(doc, { name: "T" }, origin).id;
      model.setStripPan(doc, t, -1, origin);
      const comp = model.addInsert(doc, t, "compressor", {}, origin);
      const settings = { threshold: -24, ratio: 4, knee: 6, attack: 1, release: 20, makeup: 3, mix: 100 };
      for (const [k, v] of Object.entries(settings)) model.setInsertParam(doc, comp, k, v, origin);
      const levels = [-48, -36, -30, -27, -24, -21, -18, -12, -6, -1];
      const step = 0.25;
      const input = lab.signals.steps(
        levels.map((l) => Math.pow(10, l / 20)),
        step,
        rate,
      );
      const [L] = await lab.renderMix(doc, { seconds: input.length / rate, sampleRate: rate, signals: { [t]: input } });
      const per = Math.round(step * rate);
      const rows = levels.map((level, i) => {
        const measured = 20 * Math.log10(Math.abs(L[(i + 1) * per - 10]));
        const expected = dsp.compressorOutputDb({ thresholdDb: -24, ratio: 4, kneeDb: 6 }, level) + 3;
        return { level, measured, expected };
      });
      // Limiter: a loud tone with spikes, ceiling −3 dB: no sample above it.
      const doc2 = new Y.Doc();
      const t2 = model.addTrack(doc2, { name: "T" }, origin).id;
      model.setStripPan(doc2, t2, -1, origin);
      const lim = model.addInsert(doc2, t2, "limiter", {}, origin);
      model.setInsertParam(doc2, lim, "ceiling", -3, origin);
      model.setInsertParam(doc2, lim, "gain", 12, origin);
      const loud = lab.signals.sine(0.5, 220, 0.5, rate);
      for (let i = 1000; i < loud.length; i += 4801) loud[i] = 1;
      const [LL] = await lab.renderMix(doc2, { seconds: 0.5, sampleRate: rate, signals: { [t2]: loud } });
      const peak = LL.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      return { rows, limiterPeakDb: 20 * Math.log10(peak) };
    }, RATE);
    console.log(JSON.stringify(r));
    for (const row of r.rows)
      expect(Math.abs(row.measured - row.expected), `input ${row.level} dBFS`).toBeLessThan(0.5);
    expect(r.limiterPeakDb).toBeLessThanOrEqual(-3 + 1e-4);
    expect(r.limiterPeakDb).toBeGreaterThan(-3.5);
  });

  test("automation lands on its breakpoints within one sample", async ({ page }) => {
    await openLab(page);
    const r = await page.evaluate(async (rate) => {
      const lab = window.bandspaceLab!;
      const { model, origin, Y } = lab;
      const doc = new Y.Doc();
      model.setTempo(doc, 120, origin); // 960 ticks = 0.5 s
      const t = model.addTrack(doc, { name: "T" }, origin).id;
      model.setStripPan(doc, t, -1, origin);
      const lane = model.ensureAutomationLane(doc, t, "volume", origin);
      const points = [
        { tick: 480, value: -20, shape: "linear" as const },
        { tick: 960, value: 0, shape: "step" as const },
        { tick: 1440, value: -12, shape: "curve" as const, tension: 0.6 },
        { tick: 1920, value: -30, shape: "linear" as const },
        { tick: 2400, value: -6, shape: "linear" as const },
      ];
      for (const p of points) model.addAutomationPoint(doc, lane, p, origin);
      const seconds = 1.5;
      const [L] = await lab.renderMix(doc, {
        seconds,
        sampleRate: rate,
        signals: { [t]: lab.signals.dc(seconds, 1, rate) },
      });
      const dbAt = (n: number) => 20 * Math.log10(Math.abs(L[n]));
      const at = (tick: number) => Math.round((tick / 960) * 0.5 * rate);
      return {
        before: dbAt(at(480) - 100),
        onPoints: points.map((p) => ({
          tick: p.tick,
          value: p.value,
          measured: dbAt(at(p.tick)),
          prev: dbAt(at(p.tick) - 1),
          next: dbAt(at(p.tick) + 1),
        })),
        linearMid: dbAt(at(720)),
        stepHold: dbAt(at(1440) - 2),
        curveMid: dbAt(at(1680)),
      };
    }, RATE);
    console.log(JSON.stringify(r));
    expect(r.before).toBeCloseTo(-20, 2); // before the first point: its value
    // Each breakpoint's value is reached at its sample (±1 sample allowed by the issue; measured at the sample).
    for (const p of r.onPoints) {
      const near = [p.prev, p.measured, p.next].some((v) => Math.abs(v - p.value) < 0.05);
      expect(near, `tick ${p.tick}: ${p.prev} ${p.measured} ${p.next} vs ${p.value}`).toBe(true);
    }
    expect(r.linearMid).toBeCloseTo(-10, 1); // linear in dB
    expect(r.stepHold).toBeCloseTo(0, 2); // a step holds until the next point
    expect(r.onPoints[2].next).toBeCloseTo(-12, 1);
    // Curve with positive tension: slow start → at its middle still nearer the start value than a line would be.
    expect(r.curveMid).toBeGreaterThan(-21);
    expect(r.curveMid).toBeLessThan(-12);
  });

  test("delay compensation: a click through a dry strip and one through a lookahead limiter meet on the same sample", async ({
    page,
  }) => {
    await openLab(page);
    const r = await page.evaluate(async (rate) => {
      const lab = window.bandspaceLab!;
      const { model, origin, Y } = lab;
      const doc = new Y.Doc();
      const dry = model.addTrack(doc, { name: "Dry" }, origin).id;
      const wet = model.addTrack(doc, { name: "Limited" }, origin).id;
      const bus = model.addBus(doc, { name: "Sum" }, origin);
      for (const t of [dry, wet]) {
        model.setStripPan(doc, t, -1, origin);
        model.setStripOutput(doc, t, bus, origin);
      }
      const lim = model.addInsert(doc, wet, "limiter", {}, origin);
      model.setInsertParam(doc, lim, "ceiling", 0, origin);
      model.setInsertParam(doc, lim, "lookahead", 5, origin);
      const click = lab.signals.click(0.2, 0.05, 0.5, rate);
      const onlyDry = await lab.renderMix(doc, { seconds: 0.2, sampleRate: rate, signals: { [dry]: click } });
      const onlyWet = await lab.renderMix(doc, { seconds: 0.2, sampleRate: rate, signals: { [wet]: click } });
      const both = await lab.renderMix(doc, {
        seconds: 0.2,
        sampleRate: rate,
        signals: { [dry]: click, [wet]: click },
      });
      const peakAt = (x: Float32Array) => x.reduce((best, v, i) => (Math.abs(v) > Math.abs(x[best]) ? i : best), 0);
      const nonZero = (x: Float32Array) => x.reduce((n, v) => n + (Math.abs(v) > 1e-4 ? 1 : 0), 0);
      return {
        dryAt: peakAt(onlyDry[0]),
        wetAt: peakAt(onlyWet[0]),
        bothAt: peakAt(both[0]),
        bothPeak: Math.abs(both[0][peakAt(both[0])]),
        bothSpikes: nonZero(both[0]),
        clickAt: Math.round(0.05 * rate),
      };
    }, RATE);
    console.log(JSON.stringify(r));
    expect(r.wetAt).toBe(r.dryAt);
    expect(r.bothAt).toBe(r.dryAt);
    expect(r.bothSpikes).toBe(1); // one spike: the two clicks coincide
    expect(r.bothPeak).toBeCloseTo(1, 4);
    expect(r.dryAt).toBe(r.clickAt + 240); // 5 ms lookahead: the dry path waits for the limited one
  });
});

test("the engine follows the mix by diffs: a knob glides one parameter, a new insert touches only its strip", async ({
  page,
}) => {
  await openLab(page);
  const r = await page.evaluate(() => {
    const lab = window.bandspaceLab!;
    const { model, origin, Y, engine } = lab;
    const doc = new Y.Doc();
    const a = model.addTrack(doc, { name: "A" }, origin).id;
    const b = model.addTrack(doc, { name: "B" }, origin).id;
    const eq = model.addInsert(doc, a, "eq", {}, origin);
    const raw = new OfflineAudioContext({ numberOfChannels: 2, length: 48000, sampleRate: 48000 });
    const tone = new lab.tone.OfflineContext(raw);
    const core = new engine.EngineCore(doc, tone, { destination: raw.destination });
    const mix = core.graph.mix;
    const slotA = mix.strip(a)!.slot(eq)!;
    const before = { ...mix.stats };
    model.setInsertParam(doc, eq, "b3Gain", 4, origin);
    model.setStripVolume(doc, b, -3, origin);
    const afterKnobs = { ...mix.stats };
    model.addInsert(doc, b, "delay", {}, origin);
    const afterInsert = { ...mix.stats };
    const result = {
      before,
      afterKnobs,
      afterInsert,
      knobOnly: core.stats.mixKnobOnly,
      sameSlotOnA: mix.strip(a)!.slot(eq) === slotA,
      bSlots: mix.strip(b)!.insertIds.length,
    };
    core.dispose();
    return result;
  });
  console.log(JSON.stringify(r));
  // Two knob moves: no strip built, no chain touched, no routing recomputed.
  expect(r.afterKnobs).toEqual(r.before);
  expect(r.knobOnly).toBe(2);
  // An insert on B: B's chain once, nothing built for A (its EQ slot is the same object).
  expect(r.afterInsert.chainsChanged).toBe(r.before.chainsChanged + 1);
  expect(r.afterInsert.stripsBuilt).toBe(r.before.stripsBuilt);
  expect(r.sameSlotOnA).toBe(true);
  expect(r.bSlots).toBe(1);
});

test("a compressor's side-chain from another track drives its gain reduction", async ({ page }) => {
  await openLab(page);
  const r = await page.evaluate(async (rate) => {
    const lab = window.bandspaceLab!;
    const { model, origin, Y } = lab;
    const doc = new Y.Doc();
    const a = model.addTrack(doc, { name: "Pad" }, origin).id;
    const b = model.addTrack(doc, { name: "Kick" }, origin).id;
    model.setStripPan(doc, a, -1, origin);
    model.setStripPan(doc, b, 1, origin);
    const comp = model.addInsert(doc, a, "compressor", {}, origin);
    for (const [k, v] of Object.entries({ threshold: -30, ratio: 10, knee: 0, attack: 1, release: 20, makeup: 0 }))
      model.setInsertParam(doc, comp, k, v, origin);
    const signals = { [a]: lab.signals.dc(0.3, 0.1, rate), [b]: lab.signals.dc(0.3, 0.5, rate) };
    const level = (x: Float32Array) => 20 * Math.log10(Math.abs(x[x.length - 10]));
    const [own] = await lab.renderMix(doc, { seconds: 0.3, sampleRate: rate, signals });
    model.setInsertSidechain(doc, comp, b, origin);
    const [keyed] = await lab.renderMix(doc, { seconds: 0.3, sampleRate: rate, signals });
    return { own: level(own), keyed: level(keyed) };
  }, RATE);
  console.log(JSON.stringify(r));
  // Own input at −20 dBFS: (−20 + 30)·(1/10 − 1) = −9 dB; keyed by the kick at −6.02: −21.58 dB.
  expect(r.own).toBeCloseTo(-29, 1);
  expect(r.keyed).toBeCloseTo(-41.58, 1);
});

test("reverb and delay tails fade at their longest settings (no feedback loop rings up)", async ({ page }) => {
  await openLab(page);
  const r = await page.evaluate(async (rate) => {
    const lab = window.bandspaceLab!;
    const { model, origin, Y } = lab;
    const doc = new Y.Doc();
    const t = model.addTrack(doc, { name: "T" }, origin).id;
    const verb = model.addInsert(doc, t, "reverb", { preset: "Hall" }, origin);
    model.setInsertParam(doc, verb, "decay", 10000, origin);
    model.setInsertParam(doc, verb, "size", 100, origin);
    model.setInsertParam(doc, verb, "damping", 20000, origin);
    const delay = model.addInsert(doc, t, "delay", {}, origin);
    for (const [k, v] of Object.entries({ sync: 0, time: 50, feedback: 100, pingPong: 1, lowCut: 20, highCut: 20000 }))
      model.setInsertParam(doc, delay, k, v, origin);
    const [L, R] = await lab.renderMix(doc, {
      seconds: 4,
      sampleRate: rate,
      signals: { [t]: lab.signals.click(4, 0.01, 0.9, rate) },
    });
    const energy = (x: Float32Array, from: number, to: number) => {
      let s = 0;
      for (let i = Math.round(from * rate); i < Math.round(to * rate); i++) s += x[i] * x[i];
      return s;
    };
    const finite = L.every(Number.isFinite) && R.every(Number.isFinite);
    const peak = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    return {
      finite,
      peak: Math.max(peak(L), peak(R)),
      early: energy(L, 0, 1) + energy(R, 0, 1),
      late: energy(L, 3, 4) + energy(R, 3, 4),
    };
  }, RATE);
  console.log(JSON.stringify(r));
  expect(r.finite).toBe(true);
  expect(r.peak).toBeLessThan(4);
  expect(r.late).toBeLessThan(r.early);
});
