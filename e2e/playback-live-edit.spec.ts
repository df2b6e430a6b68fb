import { expect, test } from "@playwright/test";
import { addMidiClip, addTrack, setLoopRange, setTempo } from "@bandspace/model";
import { createShareLink, dragTicks, joinWithLink, laneY, newUser, openSongDoc, startSession } from "./helpers";
import { contextTime, readTap, startTap, type TapBlock } from "./fixtures/audio-tap";

/**
 * "What plays is exactly what the document says": Ben loops bars 1–2; Ana adds a section, a track, a clip and
 * two notes while he plays. Ben's page is tapped at its engine's master output (an AudioWorklet recording
 * RMS per 128-frame block, each block mapped to the timeline by Ben's own scheduler), and the first loop pass
 * that starts after the notes reached Ben must sound them where the tempo map puts them — without a restart.
 */

const BEAT = 960;
const BAR = 4 * BEAT;
const BPM = 120;
const MS_PER_TICK = 60_000 / BPM / BEAT;
const SEED = { kind: "user", userId: "e2e-seed" } as const;

/** A loop pass: its blocks, with the blocks just before it (for rises right at the loop start). */
interface Pass {
  blocks: TapBlock[];
  lead: TapBlock[];
}

/** Splits the tap into loop passes (the tick jumps back at each wrap). */
function passes(all: TapBlock[]): Pass[] {
  const blocks = all.filter((b) => b.tick !== null);
  const out: Pass[] = [];
  let from = 0;
  for (let i = 1; i <= blocks.length; i++) {
    if (i === blocks.length || blocks[i].tick! < blocks[i - 1].tick! - BAR) {
      out.push({ blocks: blocks.slice(from, i), lead: blocks.slice(Math.max(0, from - 8), from) });
      from = i;
    }
  }
  return out;
}

/** The tick of the first rise in energy within ±`window` ticks of `expected` (null if none). */
function onsetNear(pass: Pass, expected: number, window = 400): { tick: number; rms: number } | null {
  const seq = [...pass.lead, ...pass.blocks];
  for (let i = pass.lead.length; i < seq.length; i++) {
    const b = seq[i];
    if (b.tick! < expected - window || b.tick! > expected + window) continue;
    const earlier = seq[Math.max(0, i - 4)].rms;
    if (b.rms > 0.01 && b.rms > 3 * earlier) return { tick: b.tick!, rms: b.rms };
  }
  return null;
}

const loudestBetween = (pass: Pass, from: number, to: number) =>
  Math.max(0, ...pass.blocks.filter((b) => b.tick! >= from && b.tick! < to).map((b) => b.rms));

/**
 * A whole pass: the tap heard the loop wrap into it (so not the pass the tap started in the middle of, whose
 * first blocks may already be past the downbeat's onset), and it runs to near the loop end.
 */
const complete = (p: Pass) =>
  p.lead.length > 0 &&
  p.blocks.length > 0 &&
  p.blocks[0].tick! < 200 &&
  p.blocks[p.blocks.length - 1].tick! > 2 * BAR - 200;

/** The energy envelope around a tick, for failure messages. */
const around = (p: Pass, tick: number) =>
  [...p.lead, ...p.blocks]
    .filter((b) => Math.abs(b.tick! - tick) < 500)
    .map((b) => `${Math.round(b.tick!)}:${b.rms.toFixed(3)}`)
    .join(" ");

test("a bandmate's new section, clip and notes are heard on the next loop pass, checked from the listener's audio", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Live edit", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  // The song so far: a bass note on the downbeat of bar 1, a loop over bars 1–2.
  const replica = await openSongDoc(ana.page, sessionId);
  setTempo(replica.doc, BPM, SEED);
  const bass = addTrack(replica.doc, { name: "Bass", instrument: "bass" }, SEED);
  addMidiClip(
    replica.doc,
    {
      trackId: bass.id,
      startTick: 0,
      lengthTicks: BAR,
      notes: [{ pitch: 40, startTick: 0, durationTicks: 480, velocity: 110 }],
    },
    SEED,
  );
  setLoopRange(replica.doc, { startTick: 0, endTick: 2 * BAR }, SEED);
  await expect(ben.page.getByTestId("clip")).toHaveCount(1);

  // Ben turns loop on and plays (a real key press: the audio engine starts from his gesture).
  await ben.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ben.page.keyboard.press("l");
  await expect(ben.page.getByTestId("transport-loop")).toHaveAttribute("aria-pressed", "true");
  await ben.page.keyboard.press("Space");
  await expect(ben.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => ben.page.evaluate(() => window.bandspaceStudio?.engine()?.state ?? "none")).toBe("playing");
  await startTap(ben.page);
  // At least one whole pass before anything changes.
  await expect
    .poll(async () => passes(await readTap(ben.page)).filter(complete).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(1);
  const editStarted = await contextTime(ben.page);

  // Ana, while Ben plays: a Chorus section, a piano track, a clip over bar 2 and two notes in the piano roll.
  await ana.page.getByTestId("add-section").click();
  await ana.page.locator('[data-testid="add-section-option"][data-name="Chorus"]').click();
  await expect(ben.page.locator('[data-testid="section"][data-name="Chorus"]')).toHaveCount(1);
  await ana.page.getByTestId("add-track").click();
  await ana.page.getByTestId("add-track-instrument").click();
  await expect(ben.page.getByTestId("track-row")).toHaveCount(2);
  await ana.page.getByTestId("snap-select").selectOption("bar");
  await dragTicks(ana.page, await laneY(ana.page, 1), BAR + 200, 2 * BAR - 200);
  const clip = ana.page.getByTestId("track-lane").nth(1).getByTestId("clip");
  await expect(clip).toHaveAttribute("data-start-tick", String(BAR));
  await expect(clip).toHaveAttribute("data-length-ticks", String(BAR));
  const clipId = (await clip.getAttribute("data-clip-id"))!;
  await clip.dblclick();
  const grid = ana.page.getByTestId("piano-roll-grid");
  await expect(grid).toBeVisible();
  const box = (await grid.boundingBox())!;
  const ppt = Number(await grid.getAttribute("data-px-per-tick"));
  const rowH = Number(await grid.getAttribute("data-row-height"));
  const at = (tick: number, pitch: number) => ({
    x: box.x + tick * ppt + 4,
    y: box.y + (127 - pitch) * rowH + rowH / 2,
  });
  for (const [tick, pitch] of [
    [0, 64],
    [2 * BEAT, 60],
  ] as const) {
    const p = at(tick, pitch);
    await ana.page.mouse.click(p.x, p.y);
  }
  const benClip = ben.page.locator(`[data-testid="clip"][data-clip-id="${clipId}"]`);
  await expect(benClip).toHaveAttribute("data-note-count", "2");
  const arrived = await contextTime(ben.page);

  // Listen until the first pass that starts after the notes arrived has been heard in full.
  const isAfter = (p: Pass) => complete(p) && p.blocks[0].t > arrived;
  await expect
    .poll(async () => passes(await readTap(ben.page)).filter(isAfter).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(1);
  await ben.page.keyboard.press("Space");
  await expect(ben.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "false");

  const all = passes(await readTap(ben.page));
  // For failure messages: what Ben's scheduler handed over, and whether any note was late enough to drop.
  const stats = JSON.stringify(
    await ben.page.evaluate(() => window.bandspaceStudio!.engine()!.internals.scheduler.stats),
  );
  const before = all.filter((p) => complete(p) && p.blocks[p.blocks.length - 1].t < editStarted);
  const next = all.find(isAfter)!;
  expect(before.length).toBeGreaterThanOrEqual(1);

  // Every pass plays the bass on the downbeat: the tap hears Ben's engine, and the loop really wraps.
  for (const p of [...before, next]) {
    const bassOnset = onsetNear(p, 0, 300);
    expect(bassOnset, `bass note at 1.1.1 (scheduler ${stats}): ${around(p, 0)}`).not.toBeNull();
  }
  // The next pass has Ana's two notes, each where the tempo map puts it (2.1.1 and 2.3.1), where the same
  // sixteenth was silent before her edit (at most the bass's release tail).
  for (const expected of [BAR, BAR + 2 * BEAT]) {
    const onset = onsetNear(next, expected);
    expect(onset, `a note near tick ${expected} (scheduler ${stats}): ${around(next, expected)}`).not.toBeNull();
    // Block size (128 frames ≈ 2.9 ms) plus the instrument's attack: well within a 16th note.
    expect(Math.abs(onset!.tick - expected) * MS_PER_TICK).toBeLessThan(15);
    const now = loudestBetween(next, expected, expected + 240);
    const then = Math.max(...before.map((p) => loudestBetween(p, expected, expected + 240)));
    expect(now, `loudness of the sixteenth at ${expected}: ${now} now, ${then} before the edit`).toBeGreaterThan(
      Math.max(0.02, 3 * then),
    );
  }

  replica.close();
  for (const u of [ana, ben]) await u.context.close();
});
