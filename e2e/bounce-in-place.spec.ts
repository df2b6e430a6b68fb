import { expect, test, type Page } from "@playwright/test";
import {
  addInsert,
  getTake,
  listAudioClips,
  listTracks,
  setInsertParam,
  setTrackPan,
  setTrackVolume,
  type Origin,
} from "@bandspace/model";
import * as Y from "yjs";
import { createShareLink, joinWithLink, newUser, openSongDoc, startSession } from "./helpers";
import { seedGroove } from "./seed-groove";

/**
 * Bounce in place (issue 18), with two people: Ana bounces the bass (an instrument track with an EQ and a
 * compressor, its fader and pan set) to a new audio track; Ben receives it like a recorded take — the track, the
 * clip, its waveform — and an offline render of Ben's document with only the bounced track equals Ana's render
 * of the source track. A cancelled bounce leaves no track behind for either of them.
 */
const SEED: Origin = { kind: "user", userId: "e2e-seed" };
const BAR = 3840;
test.setTimeout(5 * 60_000);

async function tokenOf(page: Page, sessionId: string): Promise<string> {
  return page.evaluate(
    (id) => (JSON.parse(window.localStorage.getItem(`bandspace:session:${id}`)!) as { token: string }).token,
    sessionId,
  );
}

// Every context a test opens is closed after it, passed or failed: a page left open keeps playing and loads the
// machine for the specs after it.
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

async function setUp(browser: import("@playwright/test").Browser, bars: number) {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Bounce", "Ana");
  await seedGroove(ana.page, sessionId, { title: "Bounce me", bars, drums: "none" });
  const replica = await openSongDoc(ana.page, sessionId);
  const bass = listTracks(replica.doc).find((t) => t.name === "Bass")!;
  const eq = addInsert(replica.doc, bass.id, "eq", {}, SEED);
  setInsertParam(replica.doc, eq, "b3Gain", 4, SEED);
  addInsert(replica.doc, bass.id, "compressor", {}, SEED);
  setTrackVolume(replica.doc, bass.id, -4, SEED);
  setTrackPan(replica.doc, bass.id, 0.4, SEED);
  replica.close();
  const url = await createShareLink(ana.page, "edit", "Ben");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, url, "Ben");
  return { ana, ben, sessionId, bassId: bass.id };
}

test("Ana bounces the bass; Ben gets the audio track with its waveform, and it renders like the source", async ({
  browser,
}) => {
  const { ana, ben, sessionId, bassId } = await setUp(browser, 4);
  await ana.page.keyboard.press("Alt+KeyB");
  const dialog = ana.page.getByTestId("bounce-dialog");
  await expect(dialog).toBeVisible();
  await dialog.locator("#bounce-track").selectOption({ label: "Bass" });
  await dialog.locator("#bounce-range").selectOption("track");
  await expect(dialog.getByTestId("bounce-inserts")).toBeChecked();
  await ana.page.screenshot({ path: "test-results/bounce-dialog.png" });
  await dialog.getByTestId("bounce-start").click();
  await expect(dialog.getByTestId("bounce-done")).toBeVisible({ timeout: 120_000 });
  await ana.page.screenshot({ path: "test-results/bounce-done.png" });
  await ana.page.keyboard.press("Escape");

  // Ben: the new track with its clip and the clip's waveform, like a recorded take.
  const bounced = ben.page.getByTestId("track-row").filter({ hasText: "Bass (bounce)" });
  await expect(bounced).toHaveCount(1, { timeout: 30_000 });
  const clip = ben.page.getByTestId("audio-clip");
  await expect(clip).toHaveCount(1, { timeout: 30_000 });
  await expect(clip).toHaveAttribute("data-peaks", "loaded", { timeout: 20_000 });
  await ben.page.screenshot({ path: "test-results/bounce-bandmate.png" });

  // Ben's document (as his link serves it) and Ana's, rendered offline in a lab page of each one's browser.
  const benDoc = await openSongDoc(ben.page, sessionId);
  const anaDoc = await openSongDoc(ana.page, sessionId);
  const newTrack = listTracks(benDoc.doc).find((t) => t.name === "Bass (bounce)")!;
  expect(newTrack.kind).toBe("audio");
  expect(newTrack.volumeDb).toBe(-4);
  expect(newTrack.pan).toBe(0.4);
  const audioClip = listAudioClips(benDoc.doc, newTrack.id)[0];
  const take = getTake(benDoc.doc, audioClip.takeId)!;
  expect(take.startTick).toBe(0);
  expect(take.sampleRate).toBe(48000);
  const benToken = await tokenOf(ben.page, sessionId);
  const range = { fromTick: 0, toTick: 4 * BAR, tailSeconds: 3 };
  const lab = await ben.context.newPage();
  await lab.goto("/lab/engine");
  await expect(lab.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
  const r = await lab.evaluate(
    async ({ benUpdate, anaUpdate, sessionId, token, takeId, bounced, source, range }) => {
      const l = window.bandspaceLab!;
      const load = (u: number[]) => {
        const d = new l.Y.Doc();
        l.Y.applyUpdate(d, Uint8Array.from(u));
        return d;
      };
      const res = await fetch(`/api/sessions/${sessionId}/takes/${takeId}/audio?token=${encodeURIComponent(token)}`);
      const wav = l.dsp.decodeWav(new Uint8Array(await res.arrayBuffer()));
      const buffer = new AudioBuffer({
        length: wav.frames,
        numberOfChannels: wav.channels,
        sampleRate: wav.sampleRate,
      });
      for (let c = 0; c < wav.channels; c++) {
        const ch = buffer.getChannelData(c);
        for (let i = 0; i < wav.frames; i++) ch[i] = wav.samples[i * wav.channels + c];
      }
      const ben = await l.renderOffline(load(benUpdate), {
        ...range,
        sampleRate: 48000,
        channels: 2,
        trackIds: [bounced],
        takeBuffers: new Map([[takeId, buffer]]),
      });
      const ana = await l.renderOffline(load(anaUpdate), {
        ...range,
        sampleRate: 48000,
        channels: 2,
        trackIds: [source],
      });
      let maxDiff = 0;
      let peak = 0;
      for (let c = 0; c < 2; c++) {
        const a = ana.getChannelData(c);
        const b = ben.getChannelData(c);
        for (let i = 0; i < a.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
          peak = Math.max(peak, Math.abs(a[i]));
        }
      }
      return { maxDiff, peak, takeFrames: wav.frames, channels: wav.channels, renderFrames: ana.length };
    },
    {
      benUpdate: Array.from(Y.encodeStateAsUpdate(benDoc.doc)),
      anaUpdate: Array.from(Y.encodeStateAsUpdate(anaDoc.doc)),
      sessionId,
      token: benToken,
      takeId: take.id,
      bounced: newTrack.id,
      source: bassId,
      range,
    },
  );
  benDoc.close();
  anaDoc.close();
  console.log(
    `bounce: take ${r.takeFrames} frames × ${r.channels} ch; Ben's render of the bounce vs Ana's of the source: ` +
      `peak ${r.peak.toFixed(3)}, max |diff| ${r.maxDiff.toExponential(2)}`,
  );
  expect(r.peak).toBeGreaterThan(0.05);
  expect(r.channels).toBe(1);
  expect(r.takeFrames).toBe(r.renderFrames); // the whole range, tail included
  // −100 dBFS: the bounce is stored as float; what is left is the two renders' own rounding.
  expect(r.maxDiff).toBeLessThan(1e-5);
});

test("Cancel a bounce half way: no track, no clip for either person", async ({ browser }) => {
  const { ana, ben } = await setUp(browser, 96);
  const tracksBefore = await ben.page.getByTestId("track-row").count();
  await ana.page.keyboard.press("Alt+KeyB");
  const dialog = ana.page.getByTestId("bounce-dialog");
  await dialog.locator("#bounce-track").selectOption({ label: "Bass" });
  await dialog.getByTestId("bounce-start").click();
  await expect(dialog.getByTestId("bounce-progress")).toBeVisible();
  // The new track appears for Ben while the bounce is under way…
  await expect(ben.page.getByTestId("track-row").filter({ hasText: "Bass (bounce)" })).toHaveCount(1, {
    timeout: 30_000,
  });
  await expect
    .poll(async () => Number(await dialog.getByRole("progressbar").getAttribute("aria-valuenow")), { timeout: 60_000 })
    .toBeGreaterThan(5);
  await dialog.getByTestId("bounce-cancel").click();
  await expect(dialog.getByTestId("bounce-start")).toBeEnabled({ timeout: 30_000 });
  // …and is gone for both after Cancel, with no clip left.
  for (const page of [ana.page, ben.page]) {
    await expect(page.getByTestId("track-row").filter({ hasText: "Bass (bounce)" })).toHaveCount(0, {
      timeout: 20_000,
    });
    await expect(page.getByTestId("audio-clip")).toHaveCount(0);
  }
  expect(await ben.page.getByTestId("track-row").count()).toBe(tracksBefore);
});
