import { expect, test, type Page } from "@playwright/test";
import { addMidiClip, addTrack, readMix, setLoopRange, setTempo, type Origin } from "@bandspace/model";
import { createShareLink, joinWithLink, newUser, openSongDoc, startSession } from "./helpers";
import { contextTime, readTap, startTap, type TapBlock } from "./fixtures/audio-tap";

/**
 * The mixer dock with three people: Ana (editor) opens the mixer, adds an EQ and a compressor to the pad track,
 * creates a bus with a reverb and a send to it, types a fader level and draws a volume ramp. Ben (editor)
 * sees every change live and his engine's output — measured from audio — follows Ana's fader and the ramp.
 * Vic (view link) sees the mixer and cannot change it. Ana's undo takes back her last mixer edit, not Ben's.
 */
const BAR = 3840;
const SEED: Origin = { kind: "user", userId: "e2e-seed" };
test.setTimeout(6 * 60_000);

const strip = (page: Page, id: string) => page.locator(`[data-testid="channel-strip"][data-strip="${id}"]`);
const db = (x: number) => 20 * Math.log10(x);
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
/** Mean RMS of the tap's blocks heard in [from, to) context seconds. */
const level = (blocks: TapBlock[], from: number, to: number) =>
  mean(blocks.filter((b) => b.t >= from && b.t < to).map((b) => b.rms));
/** Mean RMS per quarter of the bar (by the page's own scheduler position) over the blocks after `since`. */
function quarters(blocks: TapBlock[], since: number): number[] {
  const q: number[][] = [[], [], [], []];
  for (const b of blocks)
    if (b.t >= since && b.tick !== null) q[Math.min(3, Math.floor(((b.tick % BAR) / BAR) * 4))].push(b.rms);
  return q.map(mean);
}

test("mixer dock: effects, bus, send, typed fader and a drawn ramp are live for a bandmate's ears; viewers read only; undo is per person", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Mixdown", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const viewUrl = await createShareLink(ana.page, "view", "Vic");
  const replica = await openSongDoc(ana.page, sessionId);
  setTempo(replica.doc, 120, SEED);
  const pad = addTrack(replica.doc, { kind: "instrument", instrument: "pad", name: "Pad" }, SEED);
  // One chord held over the whole bar, looped: a steady signal whose level the mix alone changes.
  addMidiClip(
    replica.doc,
    {
      trackId: pad.id,
      startTick: 0,
      lengthTicks: BAR,
      name: "Hold",
      notes: [48, 55, 60].map((pitch) => ({ pitch, startTick: 0, durationTicks: BAR - 60, velocity: 100 })),
    },
    SEED,
  );
  setLoopRange(replica.doc, { startTick: 0, endTick: BAR }, SEED);

  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");
  const vic = await newUser(browser);
  await joinWithLink(vic.page, viewUrl, "Vic");

  // ── Ana opens the mixer with the toolbar button, Ben with the X key ──
  await ana.page.getByTestId("mixer-toggle").click();
  await expect(ana.page.getByTestId("mixer-dock")).toBeVisible();
  await ben.page.locator("body").click({ position: { x: 5, y: 5 } });
  await ben.page.keyboard.press("x");
  await expect(ben.page.getByTestId("mixer-dock")).toBeVisible();

  // ── Ben listens: loop on, play, tap his engine's output; a baseline pass first ──
  await ben.page.getByTestId("transport-loop").click();
  await ben.page.getByTestId("transport-play").click();
  await expect.poll(() => ben.page.evaluate(() => window.bandspaceStudio?.engine()?.state ?? "none")).toBe("playing");
  await startTap(ben.page);
  const t0 = await contextTime(ben.page);
  await ben.page.waitForTimeout(4_500);
  const baseBlocks = await readTap(ben.page);
  const baseLevel = level(baseBlocks, t0 + 0.3, t0 + 4.3);
  const baseQuarters = quarters(baseBlocks, t0 + 0.3);
  expect(baseLevel).toBeGreaterThan(0.005);

  // ── Ana adds an EQ and a compressor to the pad ──
  const anaPad = strip(ana.page, pad.id);
  await anaPad.getByTestId("add-insert").selectOption("eq");
  await expect(ana.page.getByTestId("insert-panel")).toHaveAttribute("data-effect", "eq");
  await expect(ana.page.getByTestId("eq-curve")).toBeVisible();
  await anaPad.getByTestId("add-insert").selectOption("compressor");
  const benPad = strip(ben.page, pad.id);
  await expect(benPad.getByTestId("insert-slot")).toHaveCount(2);
  await expect(benPad.getByTestId("insert-slot").nth(0)).toHaveAttribute("data-effect", "eq");
  await expect(benPad.getByTestId("insert-slot").nth(1)).toHaveAttribute("data-effect", "compressor");

  // ── A bus with a reverb, and a send from the pad to it ──
  await ana.page.getByTestId("mixer-add-bus").click();
  const anaBus = ana.page.locator('[data-testid="channel-strip"][data-kind="bus"]');
  await expect(anaBus).toHaveCount(1);
  await anaBus.getByTestId("add-insert").selectOption("reverb");
  await anaPad.getByTestId("add-send").selectOption({ label: "Bus 1" });
  const benBus = ben.page.locator('[data-testid="channel-strip"][data-kind="bus"]');
  await expect(benBus.getByTestId("insert-slot")).toHaveAttribute("data-effect", "reverb");
  await expect(benPad.getByTestId("send")).toHaveCount(1);
  // The reverb send is audible, and the EQ / compressor defaults leave the level near where it was.
  await ben.page.waitForTimeout(2_500);

  // ── Ana types −20 dB into the pad's fader readout: Ben hears the pad 20 dB quieter ──
  let t = await contextTime(ben.page);
  await ben.page.waitForTimeout(2_100);
  const beforeFader = level(await readTap(ben.page), t, t + 2);
  await anaPad.getByTestId("strip-db").dblclick();
  await anaPad.getByTestId("strip-db-input").fill("-20");
  await anaPad.getByTestId("strip-db-input").press("Enter");
  await expect(benPad.getByTestId("strip-fader")).toHaveAttribute("data-db", "-20");
  t = (await contextTime(ben.page)) + 0.15;
  await ben.page.waitForTimeout(2_300);
  const afterFader = level(await readTap(ben.page), t, t + 2);
  const faderDrop = db(afterFader / beforeFader);

  // ── Ana draws a volume ramp over the bar: −40 dB at its start, 0 dB at its end ──
  await anaPad.getByTestId("strip-fader").dblclick(); // back to 0 dB first (the ramp takes over the fader)
  await anaPad.getByTestId("strip-automation").click();
  const lane = ana.page.getByTestId("automation-lane");
  const box = (await lane.boundingBox())!;
  // The lane shows 8 bars; values run −60 (bottom) … +6 dB (top).
  const yFor = (v: number) => box.y + box.height * (1 - (v + 60) / 66);
  // Apart by more than the undo capture time (400 ms), so each point is its own undo step.
  await ana.page.waitForTimeout(600);
  await ana.page.mouse.click(box.x + 1, yFor(-40));
  await ana.page.waitForTimeout(600);
  await ana.page.mouse.click(box.x + box.width / 8, yFor(0));
  await ana.page.waitForTimeout(600);
  await expect(lane).toHaveAttribute("data-points", "2");
  await expect
    .poll(
      () =>
        readMix(replica.doc)
          .lanes.find((l) => l.strip === pad.id)
          ?.points.map((p) => p.tick) ?? [],
    )
    .toEqual([0, BAR]);
  const points = readMix(replica.doc).lanes.find((l) => l.strip === pad.id)!.points;
  expect(points[0].value).toBeGreaterThan(-43);
  expect(points[0].value).toBeLessThan(-37);
  expect(points[1].value).toBeGreaterThan(-3);
  expect(points[1].value).toBeLessThan(3);
  await benPad.getByTestId("strip-automation").click();
  await expect(ben.page.getByTestId("automation-lane")).toHaveAttribute("data-points", "2");
  // Two whole passes after the change reached Ben: the level climbs through the bar.
  t = (await contextTime(ben.page)) + 0.2;
  await ben.page.waitForTimeout(4_500);
  const rampQuarters = quarters(await readTap(ben.page), t);
  // Quarter 1 also hears the loop wrap and the reverb's tail of the loud end of the previous pass, so the ramp
  // is read from quarter 2 to quarter 4: −25 dB to −5 dB at their middles, 20 dB, against the same quarters of
  // the pass before the ramp (the pad's own envelope).
  const rampRise = db(rampQuarters[3] / rampQuarters[1]) - db(baseQuarters[3] / baseQuarters[1]);

  // ── Vic (view link) sees the mixer, cannot change it ──
  await vic.page.getByTestId("mixer-toggle").click();
  const vicPad = strip(vic.page, pad.id);
  await expect(vicPad.getByTestId("insert-slot")).toHaveCount(2);
  await expect(vicPad.getByTestId("strip-fader")).toBeDisabled();
  await expect(vicPad.getByTestId("add-insert")).toBeDisabled();
  await expect(vic.page.getByTestId("mixer-add-bus")).toBeDisabled();
  await expect(vicPad.getByTestId("strip-solo")).toBeEnabled(); // solo is personal: every role may

  await ana.page.screenshot({ path: "test-results/mixer-dock-ana.png" });

  // ── Ben turns the bus down; Ana's undo takes back her last edit (the ramp's second point), not Ben's ──
  const benBusDb = benBus.getByTestId("strip-db");
  await benBusDb.dblclick();
  await benBus.getByTestId("strip-db-input").fill("-3");
  await benBus.getByTestId("strip-db-input").press("Enter");
  await expect(anaBus.getByTestId("strip-fader")).toHaveAttribute("data-db", "-3");
  await ana.page.keyboard.press("Control+z");
  await expect(lane).toHaveAttribute("data-points", "1");
  await expect(anaBus.getByTestId("strip-fader")).toHaveAttribute("data-db", "-3");
  await expect(benPad.getByTestId("insert-slot")).toHaveCount(2);

  // What Ben's scheduler handed over: notes it had to start late (chased) or drop when his page was stalled.
  const scheduler = await ben.page.evaluate(() => window.bandspaceStudio!.engine()!.internals.scheduler.stats);
  console.log(JSON.stringify({ baseLevel, faderDrop, baseQuarters, rampQuarters, rampRise, scheduler }));
  expect(faderDrop, `Ben hears Ana's −20 dB (scheduler ${JSON.stringify(scheduler)})`).toBeGreaterThan(-23);
  expect(faderDrop).toBeLessThan(-17);
  expect(rampQuarters[1]).toBeLessThan(rampQuarters[2]);
  expect(rampQuarters[2]).toBeLessThan(rampQuarters[3]);
  expect(rampRise, "Ben hears the ramp climb 20 dB from the 2nd to the 4th quarter").toBeGreaterThan(16);
  expect(rampRise).toBeLessThan(24);

  await ben.page.keyboard.press("Space");
  replica.close();
  for (const u of [ana, ben, vic]) await u.context.close();
});
