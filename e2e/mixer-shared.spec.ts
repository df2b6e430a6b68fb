import { expect, test, type Page } from "@playwright/test";
import { addMidiClip, addTrack, getTrack, setLoopRange, setTempo, type Origin } from "@bandspace/model";
import { createShareLink, joinWithLink, newUser, openSongDoc, startSession } from "./helpers";
import { contextTime, readTap, startTap } from "./fixtures/audio-tap";

/**
 * The shared mix and personal solo, with two people: Ana (editor) moves a fader, pans and mutes — Mia (a
 * producer on a comment link) sees every move at once and can change none of it. Mia solos a track: it
 * changes only what Mia hears (measured at her engine's output) and nothing in the document or on Ana's page.
 */
const BAR = 3840;
const SEED: Origin = { kind: "user", userId: "e2e-seed" };
test.setTimeout(5 * 60_000);

const row = (page: Page, trackId: string) => page.locator(`[data-testid="track-row"][data-track-id="${trackId}"]`);

/** Loudest RMS block the tap heard after context time `since`. */
async function loudestSince(page: Page, since: number): Promise<number> {
  const blocks = (await readTap(page)).filter((b) => b.t > since);
  return blocks.length ? Math.max(...blocks.map((b) => b.rms)) : -1;
}

test("mixer: faders, pan and mute are shared live; solo is personal and works for a commenter", async ({ browser }) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Mix", "Ana");
  const commentUrl = await createShareLink(ana.page, "comment", "Producer");
  const replica = await openSongDoc(ana.page, sessionId);
  setTempo(replica.doc, 120, SEED);
  const drums = addTrack(replica.doc, { kind: "instrument", instrument: "drums", name: "Drums" }, SEED);
  const bass = addTrack(replica.doc, { kind: "instrument", instrument: "bass", name: "Bass" }, SEED);
  const pad = addTrack(replica.doc, { kind: "instrument", instrument: "pad", name: "Pad (empty)" }, SEED);
  // A kick on every beat and a held bass note, looped over bar 1: a steady signal to listen to.
  addMidiClip(
    replica.doc,
    {
      trackId: drums.id,
      startTick: 0,
      lengthTicks: BAR,
      name: "Kicks",
      notes: [0, 1, 2, 3].map((b) => ({ pitch: 36, startTick: b * 960, durationTicks: 240, velocity: 110 })),
    },
    SEED,
  );
  addMidiClip(
    replica.doc,
    {
      trackId: bass.id,
      startTick: 0,
      lengthTicks: BAR,
      name: "Root",
      notes: [0, 1, 2, 3].map((b) => ({ pitch: 40, startTick: b * 960, durationTicks: 900, velocity: 100 })),
    },
    SEED,
  );
  setLoopRange(replica.doc, { startTick: 0, endTick: BAR }, SEED);

  const mia = await newUser(browser);
  await joinWithLink(mia.page, commentUrl, "Mia");
  await expect(row(mia.page, pad.id)).toBeVisible();

  // ── Ana moves the bass fader (a click at 40 % of its travel), pans it and mutes it ──
  const anaFader = row(ana.page, bass.id).getByTestId("track-volume");
  const box = (await anaFader.boundingBox())!;
  await ana.page.mouse.click(box.x + box.width * 0.4, box.y + box.height / 2);
  await expect.poll(() => getTrack(replica.doc, bass.id)!.volumeDb).toBeLessThan(-5);
  const db = getTrack(replica.doc, bass.id)!.volumeDb;
  expect(db).toBeGreaterThan(-25);
  const miaFader = row(mia.page, bass.id).getByTestId("track-volume");
  await expect(miaFader).toHaveAttribute("data-db", String(db));
  await expect(miaFader).toHaveAttribute("aria-valuetext", `−${Math.abs(db).toFixed(1)} dB`);

  const anaPan = row(ana.page, bass.id).getByTestId("track-pan");
  await anaPan.focus();
  for (let i = 0; i < 6; i++) await ana.page.keyboard.press("ArrowLeft");
  await expect.poll(() => getTrack(replica.doc, bass.id)!.pan).toBe(-0.3);
  await expect(row(mia.page, bass.id).getByTestId("track-pan")).toHaveAttribute("aria-valuetext", "L30");
  await anaPan.dblclick();
  await expect.poll(() => getTrack(replica.doc, bass.id)!.pan).toBe(0);

  await row(ana.page, bass.id).getByTestId("track-mute").click();
  await expect(row(mia.page, bass.id).getByTestId("track-mute")).toHaveAttribute("aria-pressed", "true");
  expect(getTrack(replica.doc, bass.id)!.mute).toBe(true);
  // Shift+M on the selected track mutes it too (and un-mutes).
  await row(ana.page, drums.id).click({ position: { x: 60, y: 10 } });
  await ana.page.keyboard.press("Shift+M");
  await expect(row(mia.page, drums.id).getByTestId("track-mute")).toHaveAttribute("aria-pressed", "true");
  await ana.page.keyboard.press("Shift+M");
  await expect(row(mia.page, drums.id).getByTestId("track-mute")).toHaveAttribute("aria-pressed", "false");

  // ── Mia cannot change the mix: controls are disabled, and her page writes nothing ──
  await expect(row(mia.page, bass.id).getByTestId("track-mute")).toBeDisabled();
  await expect(miaFader).toBeDisabled();
  await expect(row(mia.page, bass.id).getByTestId("track-pan")).toHaveAttribute("aria-disabled", "true");

  // ── Mia listens: the loop plays the kicks (the bass is muted for everyone) ──
  await mia.page.getByTestId("transport-loop").click();
  await mia.page.getByTestId("transport-play").click();
  await expect.poll(() => mia.page.evaluate(() => window.bandspaceStudio?.engine()?.state ?? "none")).toBe("playing");
  await startTap(mia.page);
  let since = await contextTime(mia.page);
  await expect.poll(() => loudestSince(mia.page, since), { timeout: 20_000 }).toBeGreaterThan(0.02);

  // Mia solos the empty pad track: she hears nothing — and only she.
  const docBefore = JSON.stringify(replica.doc.toJSON());
  await row(mia.page, pad.id).getByTestId("track-solo").click();
  await expect(row(mia.page, pad.id).getByTestId("track-solo")).toHaveAttribute("aria-pressed", "true");
  since = (await contextTime(mia.page)) + 0.1; // after the 20 ms mute glide
  await mia.page.waitForTimeout(2_500); // more than one pass of the loop (2 s)
  const soloedLevel = await loudestSince(mia.page, since);
  expect(soloedLevel).toBeGreaterThanOrEqual(0);
  expect(soloedLevel, "soloing an empty track silences everything else for the soloist").toBeLessThan(0.001);
  await expect(row(ana.page, pad.id).getByTestId("track-solo")).toHaveAttribute("aria-pressed", "false");
  expect(JSON.stringify(replica.doc.toJSON())).toBe(docBefore);

  // S on the selected track (keyboard) adds the drums to her solo: the kicks are back.
  await row(mia.page, drums.id).click({ position: { x: 60, y: 10 } });
  await mia.page.keyboard.press("s");
  await expect(row(mia.page, drums.id).getByTestId("track-solo")).toHaveAttribute("aria-pressed", "true");
  since = (await contextTime(mia.page)) + 0.1;
  await expect.poll(() => loudestSince(mia.page, since), { timeout: 20_000 }).toBeGreaterThan(0.02);
  const solo = await mia.page.evaluate(() => [...window.bandspaceStudio!.engine()!.solo].sort());
  expect(solo).toEqual([drums.id, pad.id].sort());
  // Ana's engine (if any) and page have no solo; the document is still untouched.
  await expect(ana.page.locator('[data-testid="track-solo"][aria-pressed="true"]')).toHaveCount(0);
  expect(JSON.stringify(replica.doc.toJSON())).toBe(docBefore);

  await mia.page.keyboard.press("Space");
  replica.close();
  for (const u of [ana, mia]) await u.context.close();
});
