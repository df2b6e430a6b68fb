import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { setLoopRange } from "@bandspace/model";
import type { TakeInfo } from "@bandspace/protocol";
import { decodeWav } from "../packages/dsp/src/index";
import { detectOnsets } from "../packages/audio-engine/src/recording/onsets";
import { createShareLink, joinWithLink, openSongDoc, startSession } from "./helpers";
import { writeClickWav } from "./fixtures/click-wav";
import { launchWithFakeMicrophone } from "./fixtures/fake-microphone";

/**
 * Loop recording and punch-in, from a fake microphone of clicks every 0.5 s. Ana loops bar 1 (2 s at 120 BPM)
 * and records: every pass becomes a take of exactly one loop's samples (cut at the wrap, nothing dropped or
 * repeated), all in one clip's take lanes. Ben opens the lanes, picks the first pass, and Ana's clip plays it.
 * Then Ana punches in over bar 3 from a pre-roll: the take starts at the in-locator and holds exactly the
 * locators' span.
 */

const BAR = 3840; // ticks at 4/4, PPQ 960
const SEED = { kind: "user", userId: "e2e-seed" } as const;

async function takesOf(request: APIRequestContext, sessionId: string, token: string): Promise<TakeInfo[]> {
  const res = await request.get(`/api/sessions/${sessionId}/takes?token=${token}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { takes: TakeInfo[] }).takes;
}

async function clicksIn(request: APIRequestContext, sessionId: string, token: string, takeId: string): Promise<number> {
  const res = await request.get(`/api/sessions/${sessionId}/takes/${takeId}/audio?token=${token}`);
  expect(res.status()).toBe(200);
  const wav = decodeWav(new Uint8Array(await res.body()));
  const mono = new Float32Array(wav.frames);
  for (let i = 0; i < wav.frames; i++) mono[i] = wav.samples[i * wav.channels]!;
  return detectOnsets(mono, wav.sampleRate, { threshold: 0.3, gapSeconds: 0.1 }).length;
}

const laneToggle = (page: Page) => page.getByTestId("take-lanes-toggle");

test("loop recording makes one take per pass in the track's take lanes; a bandmate picks one; punch-in records between the locators", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const wav = path.resolve("test-results/fixtures/clicks-takes.wav");
  writeClickWav(wav, 120);
  const fakeMic = await launchWithFakeMicrophone(wav);
  try {
    const anaContext = await fakeMic.newContext({ viewport: { width: 1440, height: 900 }, baseURL: test.info().project.use.baseURL });
    const ana = await anaContext.newPage();
    ana.on("pageerror", (err) => console.error(`[ana page error] ${err.message}`));
    const sessionId = await startSession(ana, "Takes", "Ana");
    await ana.getByTestId("add-track").click();
    await ana.getByTestId("add-track-audio").click();
    await expect(ana.getByTestId("track-row")).toHaveCount(1);
    const replica = await openSongDoc(ana, sessionId);
    setLoopRange(replica.doc, { startTick: 0, endTick: BAR }, SEED);

    const editUrl = await createShareLink(ana, "edit", "Ben");
    const token = editUrl.split("/join/")[1]!;
    const benContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const ben = await benContext.newPage();
    await joinWithLink(ben, editUrl, "Ben");
    await expect(ben.getByTestId("track-row")).toHaveCount(1);
    // Before anything is recorded, the lanes say so.
    await expect(laneToggle(ben)).toHaveAttribute("data-count", "0");
    await laneToggle(ben).click();
    await expect(ben.getByTestId("take-lanes-empty")).toBeVisible();

    // Ana: arm, loop on, record; three whole passes, then stop.
    await ana.getByTestId("track-arm").click();
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-input", "open", { timeout: 20_000 });
    await ana.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await ana.keyboard.press("l");
    await expect(ana.getByTestId("transport-loop")).toHaveAttribute("aria-pressed", "true");
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "true");
    // Each finished pass lands in Ben's lanes while Ana keeps recording.
    await expect.poll(async () => Number(await laneToggle(ben).getAttribute("data-count")), { timeout: 40_000 }).toBeGreaterThanOrEqual(3);
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "false");

    // Every pass is a take on the server; the whole ones hold exactly one loop's samples and its four clicks.
    await expect
      .poll(async () => (await takesOf(request, sessionId, token)).filter((t) => t.state === "complete").length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(4);
    const passes = (await takesOf(request, sessionId, token)).sort((a, b) => a.passIndex - b.passIndex);
    expect(passes.every((t) => t.state === "complete")).toBe(true);
    expect(passes.map((t) => t.passIndex)).toEqual(passes.map((_, i) => i));
    const rate = passes[0]!.sampleRate;
    const whole = passes.slice(0, -1);
    for (const t of whole) {
      expect(t.startTick).toBe(0);
      expect(Math.abs(t.frames - 2 * rate), `pass ${t.passIndex}: ${t.frames} frames at ${rate} Hz`).toBeLessThanOrEqual(1);
      expect(await clicksIn(request, sessionId, token, t.takeId)).toBe(4);
    }
    expect(passes[passes.length - 1]!.frames).toBeLessThanOrEqual(2 * rate + 1);

    // One clip plays the newest pass; the lanes show every pass, for both of them.
    const newest = passes[passes.length - 1]!;
    await expect(laneToggle(ben)).toHaveAttribute("data-count", String(passes.length));
    const benClip = ben.getByTestId("audio-clip");
    await expect(benClip).toHaveCount(1);
    await expect(benClip).toHaveAttribute("data-take-id", newest.takeId);
    await expect(benClip).toContainText(`take ${passes.length} of ${passes.length}`);
    const lanes = ben.getByTestId("take-lanes");
    await expect(lanes.getByTestId("take-lane")).toHaveCount(passes.length);
    await expect(lanes.locator('[data-testid="take-lane-take"][data-active="true"]')).toHaveAttribute("data-take-id", newest.takeId);
    await ben.screenshot({ path: "test-results/recording-take-lanes.png" });

    // Ben picks the first pass: Ana's clip plays it, and her lanes (double-click on the clip) mark it.
    const first = passes[0]!;
    await lanes.locator(`[data-testid="take-lane-take"][data-take-id="${first.takeId}"]`).click();
    await expect(ana.getByTestId("audio-clip")).toHaveAttribute("data-take-id", first.takeId);
    await expect(ana.getByTestId("audio-clip")).toContainText(`take 1 of ${passes.length}`);
    await ana.getByTestId("audio-clip").dblclick();
    await expect(ana.locator(`[data-testid="take-lane-take"][data-take-id="${first.takeId}"]`)).toHaveAttribute("data-active", "true");
    await expect(ana.locator(`[data-testid="take-lane-take"][data-take-id="${newest.takeId}"]`)).toHaveAttribute("data-active", "false");
    // Picking a take is one edit: Ben's undo gives the newest pass back.
    await ben.getByTestId("take-lanes").click({ position: { x: 5, y: 5 } });
    await ben.keyboard.press("Control+z");
    await expect(ana.getByTestId("audio-clip")).toHaveAttribute("data-take-id", newest.takeId);

    // Punch-in: loop off, locators over bar 3, record from the start (two bars of pre-roll).
    setLoopRange(replica.doc, { startTick: 2 * BAR, endTick: 3 * BAR }, SEED);
    await ana.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await ana.keyboard.press("l");
    await expect(ana.getByTestId("transport-loop")).toHaveAttribute("aria-pressed", "false");
    await ana.getByTestId("punch-toggle").click();
    await expect(ana.getByTestId("punch-toggle")).toHaveAttribute("aria-pressed", "true");
    await ana.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await ana.keyboard.press("Home");
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "true");
    // The punched take ends at the out-locator by itself and becomes a second clip, at the in-locator.
    await expect(ben.getByTestId("audio-clip")).toHaveCount(2, { timeout: 30_000 });
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "false");
    const punched = (await takesOf(request, sessionId, token)).find((t) => !passes.some((p) => p.takeId === t.takeId))!;
    expect(punched.state).toBe("complete");
    expect(punched.startTick).toBe(2 * BAR);
    expect(Math.abs(punched.frames - 2 * punched.sampleRate), `punch: ${punched.frames} frames`).toBeLessThanOrEqual(1);
    expect(await clicksIn(request, sessionId, token, punched.takeId)).toBe(4);
    await expect(ben.locator(`[data-testid="audio-clip"][data-take-id="${punched.takeId}"]`)).toHaveAttribute("data-start-tick", String(2 * BAR));

    replica.close();
    await benContext.close();
  } finally {
    await fakeMic.close();
  }
});
