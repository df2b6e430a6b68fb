import { expect, test } from "@playwright/test";

/**
 * The master chain's new effects as the engine plays them (issue 18), measured on offline renders in real
 * Chromium through the engine's own graph: tones into a track strip, the multiband compressor and the
 * true-peak limiter as master inserts, the output read back and measured with packages/dsp.
 */
const RATE = 48000;

test("master chain: the multiband sums flat until a band compresses; the true-peak limiter holds its dBTP ceiling", async ({
  page,
}) => {
  test.setTimeout(180_000);
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
  const r = await page.evaluate(async (rate) => {
    const lab = window.bandspaceLab!;
    const { model, origin, Y, dsp } = lab;
    const doc = new Y.Doc();
    const a = model.addTrack(doc, { name: "A" }, origin).id;
    // The track pans its mono source with −3 dB per side; the master is where the chain sits.
    const render = (signal: Float32Array) =>
      lab.renderMix(doc, { seconds: 1, sampleRate: rate, signals: { [a]: signal }, trackIds: [a] });
    const rmsTail = (x: Float32Array) => {
      const from = Math.floor(x.length / 2);
      let s = 0;
      for (let i = from; i < x.length; i++) s += x[i] * x[i];
      return Math.sqrt(s / (x.length - from));
    };
    const db = (x: number) => 20 * Math.log10(x);
    const truePeak = (l: Float32Array, rr: Float32Array) => {
      const m = new dsp.LoudnessMeter({ sampleRate: rate, channels: 2 });
      m.push([l, rr]);
      return m.read().truePeakDbtp!;
    };
    const tones = [60, 1000, 8000].map((hz) => lab.signals.sine(1, hz, 0.5, rate));
    const dry = await Promise.all(tones.map(async (t) => rmsTail((await render(t))[0])));

    const mb = model.addInsert(doc, "master", "multiband", {}, origin);
    for (const band of ["low", "mid", "high"]) model.setInsertParam(doc, mb, `${band}Ratio`, 1, origin);
    const idle = await Promise.all(tones.map(async (t) => rmsTail((await render(t))[0])));
    // The low band compresses hard; the mids and highs do not.
    model.setInsertParam(doc, mb, "lowThreshold", -40, origin);
    model.setInsertParam(doc, mb, "lowRatio", 8, origin);
    const tamed = await Promise.all(tones.map(async (t) => rmsTail((await render(t))[0])));
    model.removeInsert(doc, mb, origin);

    const lim = model.addInsert(doc, "master", "truePeakLimiter", {}, origin);
    model.setInsertParam(doc, lim, "gain", 18, origin);
    model.setInsertParam(doc, lim, "ceiling", -3, origin);
    // A sine at fs/4 with a 45° phase: its samples sit 3 dB under its true peak (inter-sample peaks).
    const isp = Float32Array.from({ length: rate }, (_, i) => 0.5 * Math.sin((Math.PI / 2) * i + Math.PI / 4));
    const [limL, limR] = await render(isp);
    const [sweepL, sweepR] = await render(
      Float32Array.from(
        { length: rate },
        (_, i) => 0.7 * Math.sin((2 * Math.PI * (50 * i + (4000 * i * i) / rate)) / rate),
      ),
    );
    return {
      idleDb: idle.map((v, i) => db(v / dry[i])),
      tamedDb: tamed.map((v, i) => db(v / dry[i])),
      limitedTp: truePeak(limL, limR),
      limitedSample: db(Math.max(...limL.map(Math.abs))),
      sweepTp: truePeak(sweepL, sweepR),
    };
  }, RATE);
  console.info(JSON.stringify(r));
  for (const d of r.idleDb) expect(Math.abs(d)).toBeLessThan(0.05);
  expect(r.tamedDb[0]).toBeLessThan(-6);
  expect(Math.abs(r.tamedDb[1])).toBeLessThan(0.3);
  expect(Math.abs(r.tamedDb[2])).toBeLessThan(0.3);
  expect(r.limitedTp).toBeLessThanOrEqual(-3);
  expect(r.limitedTp).toBeGreaterThan(-4.5);
  expect(r.limitedSample).toBeLessThan(r.limitedTp);
  expect(r.sweepTp).toBeLessThanOrEqual(-3);
});
