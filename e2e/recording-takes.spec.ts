import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { setLoopRange } from "@bandspace/model";
import type { TakeInfo } from "@bandspace/protocol";
import { decodeWav } from "@bandspace/dsp";
import { detectOnsets } from "@bandspace/audio-engine/pure";
import { createShareLink, joinWithLink, openSongDoc, startSession } from "./helpers";
import { launchClickRecorder } from "./fixtures/fake-microphone";

/**
 * Loop recording and punch-in, from a fake microphone of clicks every 0.5 s. Ana loops bar 1 (2 s at 120 BPM)
 * and records: every pass becomes a take of exactly one loop's samples, and the passes joined are one steady stream of
 * clicks (nothing dropped or repeated at a wrap), all in one clip's take lanes. Ben opens the lanes, picks the first pass, and Ana's clip plays it.
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

async function takeAudio(
  request: APIRequestContext,
  sessionId: string,
  token: string,
  takeId: string,
): Promise<{ mono: Float32Array; rate: number }> {
  const res = await request.get(`/api/sessions/${sessionId}/takes/${takeId}/audio?token=${token}`);
  expect(res.status()).toBe(200);
  const wav = decodeWav(new Uint8Array(await res.body()));
  const mono = new Float32Array(wav.frames);
  for (let i = 0; i < wav.frames; i++) mono[i] = wav.samples[i * wav.channels]!;
  return { mono, rate: wav.sampleRate };
}

const onsetsOf = (mono: Float32Array, rate: number) => detectOnsets(mono, rate, { threshold: 0.3, gapSeconds: 0.1 });

/**
 * Every interval between clicks is 0.5 s — exactly, or off by whole 10 ms packets of Chromium's fake capture
 * device, which now and then drops or pads one under load (see recording.spec.ts). A sample range lost or
 * repeated where audio is cut (a loop wrap) would be any other amount.
 */
function expectSteadyClicks(onsets: number[], rate: number, what: string): void {
  for (let i = 1; i < onsets.length; i++) {
    const d = (onsets[i] - onsets[i - 1]) / rate - 0.5;
    const packets = Math.round(d / 0.01);
    expect(Math.abs(packets), `${what}: interval ${i} is ${(d * 1000).toFixed(2)} ms off`).toBeLessThanOrEqual(5);
    expect(Math.abs(d - packets * 0.01), `${what}: interval ${i} is ${(d * 1000).toFixed(2)} ms off`).toBeLessThan(
      0.0002,
    );
  }
}

const laneToggle = (page: Page) => page.getByTestId("take-lanes-toggle");

test("loop recording makes one take per pass in the track's take lanes; a bandmate picks one; punch-in records between the locators", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const { browser: fakeMic, page: ana } = await launchClickRecorder("clicks-takes", 120, "ana");
  try {
    const sessionId = await startSession(ana, "Takes", "Ana");
    await ana.getByTestId("add-track").click();
    await ana.getByTestId("add-track-audio").click();
    await expect(ana.getByTestId("track-row")).toHaveCount(1);
    const replica = await openSongDoc(ana, sessionId);
    setLoopRange(replica.doc, { startTick: 0, endTick: BAR }, SEED);

    const editUrl = await createShareLink(ana, "edit", "Ben");
    const token = editUrl.split("/join/")[1];
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
    await expect
      .poll(async () => Number(await laneToggle(ben).getAttribute("data-count")), { timeout: 40_000 })
      .toBeGreaterThanOrEqual(3);
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "false");

    // Every pass is a take on the server; the whole ones hold exactly one loop's samples.
    await expect
      .poll(async () => (await takesOf(request, sessionId, token)).filter((t) => t.state === "complete").length, {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(4);
    // The last pass is finalised after the recorder stops (its end travels after its chunks): wait for it too.
    await expect
      .poll(async () => (await takesOf(request, sessionId, token)).every((t) => t.state === "complete"), {
        timeout: 30_000,
      })
      .toBe(true);
    const passes = (await takesOf(request, sessionId, token)).sort((a, b) => a.passIndex - b.passIndex);
    expect(passes.every((t) => t.state === "complete")).toBe(true);
    expect(passes.map((t) => t.passIndex)).toEqual(passes.map((_, i) => i));
    const rate = passes[0].sampleRate;
    for (const t of passes.slice(0, -1)) {
      expect(t.startTick).toBe(0);
      expect(
        Math.abs(t.frames - 2 * rate),
        `pass ${t.passIndex}: ${t.frames} frames at ${rate} Hz`,
      ).toBeLessThanOrEqual(1);
    }
    expect(passes[passes.length - 1].frames).toBeLessThanOrEqual(2 * rate + 1);
    // Played back to back, the passes are one steady stream of clicks: nothing lost or doubled at the wraps.
    const audios = await Promise.all(passes.map((t) => takeAudio(request, sessionId, token, t.takeId)));
    const joined = new Float32Array(audios.reduce((n, a) => n + a.mono.length, 0));
    audios.reduce((at, a) => (joined.set(a.mono, at), at + a.mono.length), 0);
    const clicks = onsetsOf(joined, rate);
    expect(clicks.length).toBeGreaterThanOrEqual(4 * (passes.length - 1));
    expectSteadyClicks(clicks, rate, "loop passes joined");

    // One clip plays the newest pass; the lanes show every pass, for both of them.
    const newest = passes[passes.length - 1];
    await expect(laneToggle(ben)).toHaveAttribute("data-count", String(passes.length));
    const benClip = ben.getByTestId("audio-clip");
    await expect(benClip).toHaveCount(1);
    await expect(benClip).toHaveAttribute("data-take-id", newest.takeId);
    await expect(benClip).toContainText(`take ${passes.length} of ${passes.length}`);
    const lanes = ben.getByTestId("take-lanes");
    await expect(lanes.getByTestId("take-lane")).toHaveCount(passes.length);
    await expect(lanes.locator('[data-testid="take-lane-take"][data-active="true"]')).toHaveAttribute(
      "data-take-id",
      newest.takeId,
    );
    await ben.screenshot({ path: "test-results/recording-take-lanes.png" });

    // Ben picks the first pass: Ana's clip plays it, and her lanes (double-click on the clip) mark it.
    const first = passes[0];
    await lanes.locator(`[data-testid="take-lane-take"][data-take-id="${first.takeId}"]`).click();
    await expect(ana.getByTestId("audio-clip")).toHaveAttribute("data-take-id", first.takeId);
    await expect(ana.getByTestId("audio-clip")).toContainText(`take 1 of ${passes.length}`);
    await ana.getByTestId("audio-clip").dblclick();
    await expect(ana.locator(`[data-testid="take-lane-take"][data-take-id="${first.takeId}"]`)).toHaveAttribute(
      "data-active",
      "true",
    );
    await expect(ana.locator(`[data-testid="take-lane-take"][data-take-id="${newest.takeId}"]`)).toHaveAttribute(
      "data-active",
      "false",
    );
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
    // The punched take ends at the out-locator by itself (recording stops, playback goes on) and becomes a
    // second clip, at the in-locator.
    await expect(ben.getByTestId("audio-clip")).toHaveCount(2, { timeout: 30_000 });
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "false");
    await expect(ana.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
    await ana.keyboard.press("Space");
    await expect(ana.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "false");
    const punched = (await takesOf(request, sessionId, token)).find((t) => !passes.some((p) => p.takeId === t.takeId))!;
    expect(punched.state).toBe("complete");
    expect(punched.startTick).toBe(2 * BAR);
    expect(Math.abs(punched.frames - 2 * punched.sampleRate), `punch: ${punched.frames} frames`).toBeLessThanOrEqual(1);
    const punchAudio = await takeAudio(request, sessionId, token, punched.takeId);
    const punchClicks = onsetsOf(punchAudio.mono, punchAudio.rate);
    expect(punchClicks.length).toBeGreaterThanOrEqual(3);
    expectSteadyClicks(punchClicks, punchAudio.rate, "punch");
    await expect(ben.locator(`[data-testid="audio-clip"][data-take-id="${punched.takeId}"]`)).toHaveAttribute(
      "data-start-tick",
      String(2 * BAR),
    );

    replica.close();
    await benContext.close();
  } finally {
    await fakeMic.close();
  }
});
