import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { decodeWav, deinterleave } from "@bandspace/dsp";
import { createShareLink, joinWithLink, startSession } from "./helpers";
import { launchWithFakeMicrophone } from "./fixtures/fake-microphone";
import { contextTime } from "./fixtures/audio-tap";
import {
  LEFT_HZ,
  RIGHT_HZ,
  TONE_RATE,
  readSideLevels,
  waitForTapSpan,
  startStereoTap,
  toneLevel,
  writeStereoTonesWav,
} from "./fixtures/stereo-tones";

/**
 * Stereo recording. Ana's fake microphone is a stereo source with its own tone on each side (440 Hz left, 1 kHz
 * right). She switches her audio track to Stereo (Ben sees the switch: it is the band's document) and records;
 * Ben, listening live, hears the left tone on his left and the right tone on his right. The stored take has both
 * channels, the clip draws two lanes, and the exported mix keeps left and right apart. A second track left on Mono
 * records the same input as one channel, as before.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "bandspace-stereo-"));

/** Each side's own tone must be this many times louder than the other side's tone there (26 dB). */
const SEPARATION = 20;

/** Left and right of an audio file as float arrays, decoded by ffmpeg (an independent reader). */
function readStereoFile(file: string): { left: Float32Array; right: Float32Array; rate: number } {
  const raw = execFileSync("ffmpeg", ["-v", "error", "-i", file, "-f", "f32le", "-ac", "2", "-ar", "48000", "-"], {
    maxBuffer: 1 << 28,
  });
  const samples = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const [left, right] = deinterleave(samples.slice(0, samples.length - (samples.length % 2)), 2);
  return { left, right, rate: 48000 };
}

test("a stereo track records both channels: stored, drawn, heard live by a bandmate and exported in stereo", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const wav = path.resolve("test-results/fixtures/stereo-tones.wav");
  writeStereoTonesWav(wav, 120);
  const fakeMic = await launchWithFakeMicrophone(wav);
  try {
    const anaContext = await fakeMic.newContext({
      viewport: { width: 1440, height: 900 },
      baseURL: test.info().project.use.baseURL,
    });
    const ana = await anaContext.newPage();
    ana.on("pageerror", (err) => console.error(`[ana page error] ${err.message}`));
    const sessionId = await startSession(ana, "Stereo keys", "Ana");
    for (let i = 0; i < 2; i++) {
      await ana.getByTestId("add-track").click();
      await ana.getByTestId("add-track-audio").click();
    }
    const rows = ana.getByTestId("track-row");
    await expect(rows).toHaveCount(2);
    const keys = rows.nth(0);
    const vocal = rows.nth(1);
    const keysTrackId = (await keys.getAttribute("data-track-id"))!;

    const editUrl = await createShareLink(ana, "edit", "Ben");
    const token = editUrl.split("/join/")[1];
    const benContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const ben = await benContext.newPage();
    ben.on("pageerror", (err) => console.error(`[ben page error] ${err.message}`));
    await joinWithLink(ben, editUrl, "Ben");
    await expect(ben.getByTestId("track-row")).toHaveCount(2);

    // Mono is the default; Ana switches the keys track to Stereo and Ben's header follows.
    const keysInput = keys.getByTestId("track-input-channels");
    await expect(keysInput).toHaveAttribute("data-channels", "1");
    await keysInput.focus();
    await ana.keyboard.press("Enter");
    await expect(keysInput).toHaveAttribute("data-channels", "2");
    await expect(keysInput).toHaveAttribute("aria-pressed", "true");
    const benKeys = ben.locator(`[data-testid="track-row"][data-track-id="${keysTrackId}"]`);
    await expect(benKeys.getByTestId("track-input-channels")).toHaveAttribute("data-channels", "2");
    await ben.getByTestId("listen-live").click();
    await expect(ben.getByTestId("listen-live")).toHaveAttribute("aria-pressed", "true");

    // Arming the stereo track opens the input with both channels (the fake device gives two: no mono notice).
    await keys.getByTestId("track-arm").click();
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-input", "open", { timeout: 20_000 });
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-input-channels", "2");
    await expect(ana.getByTestId("stereo-fallback")).toHaveCount(0);

    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "true");
    await expect(ben.getByTestId("live-take")).toHaveCount(1, { timeout: 20_000 });

    // Ben hears it live (≈0.3 s behind) in stereo: the left tone on the left, the right tone on the right.
    await expect.poll(() => ben.evaluate(() => !!window.bandspaceStudio?.engine()), { timeout: 10_000 }).toBe(true);
    await startStereoTap(ben);
    await ben.waitForTimeout(500); // past the live player's delay: the take is sounding
    const from = await contextTime(ben);
    await waitForTapSpan(ben, from, 1.5);
    const heard = await readSideLevels(ben, from, LEFT_HZ, RIGHT_HZ, 1.5);
    console.log(`Ben hears live: ${JSON.stringify(heard)}`);
    expect(heard.frames).toBeGreaterThan(20_000);
    expect(heard.left.low).toBeGreaterThan(0.05);
    expect(heard.right.high).toBeGreaterThan(0.025);
    expect(heard.left.low).toBeGreaterThan(SEPARATION * heard.left.high);
    expect(heard.right.high).toBeGreaterThan(SEPARATION * heard.right.low);

    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "false");

    // The take becomes a stereo clip, drawn in two lanes, for both.
    const clip = ben.getByTestId("audio-clip");
    await expect(clip).toHaveCount(1, { timeout: 30_000 });
    await expect(clip).toHaveAttribute("data-peaks", "loaded", { timeout: 20_000 });
    await expect(clip.getByTestId("take-waveform")).toHaveAttribute("data-lanes", "2");
    await expect(ana.getByTestId("audio-clip").getByTestId("take-waveform")).toHaveAttribute("data-lanes", "2", {
      timeout: 30_000,
    });
    await ben.screenshot({ path: "test-results/recording-stereo-clip.png" });
    const takeId = (await clip.getAttribute("data-take-id"))!;
    const mid = (x: Float32Array) => x.subarray(Math.floor(x.length / 4), Math.floor((3 * x.length) / 4));
    /** Ana exports the mix (24-bit WAV, no loudness change); each side's level of the two tones. */
    const exportLevels = async (name: string) => {
      await ana.keyboard.press("Alt+KeyE");
      const dialog = ana.getByTestId("export-dialog");
      await expect(dialog).toBeVisible();
      await dialog.getByLabel("Format").selectOption("wav24");
      await dialog.getByLabel("Loudness target").selectOption("none");
      const download = ana.waitForEvent("download", { timeout: 120_000 });
      await dialog.getByTestId("export-start").click();
      const file = path.join(dir, name);
      await (await download).saveAs(file);
      await ana.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      const mix = readStereoFile(file);
      return {
        left: [toneLevel(mid(mix.left), LEFT_HZ, mix.rate), toneLevel(mid(mix.left), RIGHT_HZ, mix.rate)],
        right: [toneLevel(mid(mix.right), LEFT_HZ, mix.rate), toneLevel(mid(mix.right), RIGHT_HZ, mix.rate)],
      };
    };

    // The stored take: two channels, each with its own tone only.
    const res = await request.get(`/api/sessions/${sessionId}/takes/${takeId}/audio?token=${token}`);
    expect(res.status()).toBe(200);
    const take = decodeWav(new Uint8Array(await res.body()));
    expect(take.channels).toBe(2);
    expect(take.frames).toBeGreaterThan(take.sampleRate * 2);
    const [tl, tr] = deinterleave(take.samples.subarray(0, take.frames * 2), 2);
    const takeLevels = {
      left: [toneLevel(mid(tl), LEFT_HZ, take.sampleRate), toneLevel(mid(tl), RIGHT_HZ, take.sampleRate)],
      right: [toneLevel(mid(tr), LEFT_HZ, take.sampleRate), toneLevel(mid(tr), RIGHT_HZ, take.sampleRate)],
    };
    console.log(`stored take (${take.sampleRate} Hz): ${JSON.stringify(takeLevels)}`);
    expect(takeLevels.left[0]).toBeGreaterThan(0.3);
    expect(takeLevels.right[1]).toBeGreaterThan(0.15);
    expect(takeLevels.left[0]).toBeGreaterThan(SEPARATION * takeLevels.left[1]);
    expect(takeLevels.right[1]).toBeGreaterThan(SEPARATION * takeLevels.right[0]);

    // The exported mix (rendered offline from the stored take) keeps left and right apart.
    const mixLevels = await exportLevels("stereo-mix.wav");
    console.log(`exported mix: ${JSON.stringify(mixLevels)}`);
    expect(mixLevels.left[0]).toBeGreaterThan(0.1);
    expect(mixLevels.right[1]).toBeGreaterThan(0.05);
    expect(mixLevels.left[0]).toBeGreaterThan(SEPARATION * mixLevels.left[1]);
    expect(mixLevels.right[1]).toBeGreaterThan(SEPARATION * mixLevels.right[0]);

    // On a stereo track pan is a balance: hard left keeps the left channel as it was and silences the right one
    // (a stereo pan would fold the right channel's tone into the left).
    const pan = keys.getByTestId("track-pan");
    await pan.focus();
    for (let i = 0; i < 20; i++) await pan.press("ArrowLeft");
    await expect(pan).toHaveAttribute("aria-valuenow", "-1");
    await pan.blur(); // the knob keeps its keys: the export shortcut goes to the studio
    const leftOnly = await exportLevels("stereo-mix-hard-left.wav");
    console.log(`exported mix, balance hard left: ${JSON.stringify(leftOnly)}`);
    expect(leftOnly.left[0]).toBeGreaterThan(0.9 * mixLevels.left[0]);
    expect(leftOnly.left[0]).toBeGreaterThan(SEPARATION * leftOnly.left[1]);
    expect(Math.max(...leftOnly.right)).toBeLessThan(mixLevels.right[1] / SEPARATION);
    await pan.dblclick(); // back to the centre
    await expect(pan).toHaveAttribute("aria-valuenow", "0");

    // The vocal track stays Mono: the same stereo input records one channel (both sides averaged), as before.
    await vocal.getByTestId("track-arm").click();
    await expect(vocal.getByTestId("track-arm")).toHaveAttribute("aria-pressed", "true");
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "true");
    await ana.waitForTimeout(1500);
    await ana.keyboard.press("r");
    await expect(ana.getByTestId("record-controls")).toHaveAttribute("data-recording", "false");
    const monoClip = vocal.getByTestId("audio-clip");
    await expect(monoClip).toHaveCount(1, { timeout: 30_000 });
    await expect(monoClip.getByTestId("take-waveform")).toHaveAttribute("data-lanes", "1", { timeout: 20_000 });
    const monoRes = await request.get(
      `/api/sessions/${sessionId}/takes/${(await monoClip.getAttribute("data-take-id"))!}/audio?token=${token}`,
    );
    const mono = decodeWav(new Uint8Array(await monoRes.body()));
    expect(mono.channels).toBe(1);
    const m = mid(mono.samples);
    // Averaged: half of each side's tone (0.5 → 0.25 left, 0.25 → 0.125 right).
    expect(toneLevel(m, LEFT_HZ, mono.sampleRate)).toBeCloseTo(0.25, 1);
    expect(toneLevel(m, RIGHT_HZ, mono.sampleRate)).toBeCloseTo(0.125, 1);
    expect(TONE_RATE).toBe(44100);
  } finally {
    await fakeMic.close();
  }
});
