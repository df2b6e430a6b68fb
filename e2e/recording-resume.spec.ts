import { expect, test } from "@playwright/test";
import { decodeWav } from "@bandspace/dsp";
import { detectOnsets } from "@bandspace/audio-engine/pure";
import { startSession } from "./helpers";
import { launchClickRecorder } from "./fixtures/fake-microphone";

/**
 * Nothing is lost: the live connection drops in the middle of a take, the recording goes on into the
 * IndexedDB outbox, the page is even reloaded while offline; when the connection is back the take is resumed
 * (take:start says what the server has, the rest is resent), completed and placed as a clip — with every click
 * of the fake microphone in it, evenly spaced (no chunk missing or doubled).
 */
test("a take recorded through a dropped connection and a reload reaches the server whole", async ({ request }) => {
  test.setTimeout(300_000);
  const { browser, context, page } = await launchClickRecorder("clicks-0.5s-resume", 90, "ana");
  try {
    // A switch for the live connection: while it is off, socket.io can neither keep nor open a connection.
    let offline = false;
    const sockets: { close: () => Promise<void> }[] = [];
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (offline) return void ws.close();
      ws.connectToServer();
      sockets.push(ws);
    });
    await context.route(/\/socket\.io\//, (route) => (offline ? route.abort() : route.continue()));

    const sessionId = await startSession(page, "Resume Test", "Ana");
    await page.getByTestId("add-track").click();
    await page.getByTestId("add-track-audio").click();
    await page.getByTestId("track-arm").click();
    await expect(page.getByTestId("record-controls")).toHaveAttribute("data-input", "open", { timeout: 20_000 });
    await page.waitForTimeout(800);

    await page.keyboard.press("r");
    await expect(page.getByTestId("record-controls")).toHaveAttribute("data-recording", "true");
    await page.waitForTimeout(1500);
    offline = true;
    await Promise.all(sockets.splice(0).map((ws) => ws.close().catch(() => {})));
    await expect(page.getByTestId("upload-status")).toHaveAttribute("data-online", "false", { timeout: 15_000 });
    await page.waitForTimeout(2500);
    await page.keyboard.press("r");
    await expect(page.getByTestId("record-controls")).toHaveAttribute("data-recording", "false");
    const kept = Number(await page.getByTestId("upload-status").getAttribute("data-pending"));
    expect(kept).toBeGreaterThan(5);
    await page.screenshot({ path: "test-results/recording-offline.png" });

    // Reload while still offline: the chunks wait in IndexedDB. Then the connection comes back.
    await page.reload();
    await expect(page.getByTestId("studio")).toBeVisible({ timeout: 30_000 });
    offline = false;
    await expect(page.getByTestId("audio-clip")).toHaveCount(1, { timeout: 60_000 });

    const takeId = (await page.getByTestId("audio-clip").getAttribute("data-take-id"))!;
    // The owner's share token, as the studio keeps it in localStorage.
    const token = await page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const v = localStorage.getItem(localStorage.key(i)!) ?? "";
        const m = v.match(/"token":"([A-Za-z0-9_-]{20,})"/);
        if (m) return m[1];
      }
      return "";
    });
    const res = await request.get(`/api/sessions/${sessionId}/takes/${takeId}/audio?token=${token}`);
    expect(res.status()).toBe(200);
    const decoded = decodeWav(new Uint8Array(await res.body()));
    expect(decoded.frames / decoded.sampleRate).toBeGreaterThan(3.5);
    const mono = new Float32Array(decoded.frames);
    for (let i = 0; i < decoded.frames; i++) mono[i] = decoded.samples[i * decoded.channels]!;
    const onsets = detectOnsets(mono, decoded.sampleRate, { threshold: 0.3, gapSeconds: 0.1 });
    expect(onsets.length).toBeGreaterThanOrEqual(7);
    let slips = 0;
    for (let i = 1; i < onsets.length; i++) {
      const d = (onsets[i] - onsets[i - 1]) / decoded.sampleRate - 0.5;
      if (Math.abs(d) < 0.0001) continue;
      slips++;
      // A missing or doubled 200 ms chunk would show as a 200 ms (20-packet) step; only small whole-packet
      // slips of Chromium's fake capture device (10 ms packets) are tolerated.
      const packets = Math.round(d / 0.01);
      expect(Math.abs(packets)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(packets)).toBeLessThanOrEqual(5);
      expect(Math.abs(d - packets * 0.01)).toBeLessThan(0.0002);
    }
    console.log(`device packet slips between clicks: ${slips} of ${onsets.length - 1} intervals`);
  } finally {
    await browser.close();
  }
});
