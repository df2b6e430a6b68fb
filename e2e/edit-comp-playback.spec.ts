import { expect, test, type Locator, type Page } from "@playwright/test";
import { addRecordedTake, listTracks, setLoopRange } from "@bandspace/model";
import { createShareLink, joinWithLink, newUser, openSongDoc, startSession, tickToClientX } from "./helpers";
import { loopPasses, readPitchTap, startPitchTap, toneIn } from "./fixtures/pitch-tap";
import { uploadTake } from "./fixtures/upload-take";

/**
 * Issue 19's two-person proof, with real audio: three tracks of recorded takes (streamed to the server as the
 * recorder does, each a pure tone: vocal pass 1 220 Hz, vocal pass 2 660 Hz, guitar and keys elsewhere in the song).
 * While Ben comps the vocal on its take lanes (pass 1 everywhere, pass 2 over bars 2–3), Ana drags and trims the
 * guitar clip, splits the keys clip and fades its right piece. Each sees the other's edits live; each undoes their
 * own last step (Ana her fade, Ben a stray swipe) and the other's edits stay; both pages then show the same
 * arrangement. Ben plays bars 1–4 in a loop, and his engine's output — tapped at its master — has 660 Hz exactly
 * where pass 2 was comped in and 220 Hz on either side.
 */

const BAR = 3840;
const RATE = 48000;
const BAR_FRAMES = 2 * RATE; // 120 BPM
const SEED = { kind: "user", userId: "e2e-seed" } as const;
const TAKES = {
  passA: { id: "compplaypassa00000001", hz: 220, bars: 4, startTick: 0 },
  passB: { id: "compplaypassb00000002", hz: 660, bars: 4, startTick: 0 },
  gtr: { id: "compplayguitar0000003", hz: 440, bars: 2, startTick: 5 * BAR },
  keys: { id: "compplaykeys000000004", hz: 330, bars: 2, startTick: 8 * BAR },
};

const clipOf = (page: Page, takeId: string) => page.locator(`[data-testid="audio-clip"][data-take-id="${takeId}"]`);

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error("not visible");
  return b;
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
}

const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** Everything each page shows of the arrangement's audio: clips (all their edit fields) and comp segments. */
function arrangementShown(page: Page) {
  return page.evaluate(() => {
    const attrs = (el: Element, names: string[]) => names.map((n) => el.getAttribute(`data-${n}`));
    const clips = [...document.querySelectorAll('[data-testid="audio-clip"]')].map((el) =>
      attrs(el, [
        "track-id",
        "take-id",
        "start-tick",
        "frames",
        "offset-frames",
        "gain-db",
        "fade-in",
        "fade-out",
        "fade-in-curve",
        "fade-out-curve",
        "comped",
      ]).join("|"),
    );
    const comp = [...document.querySelectorAll('[data-testid="comp-segment"]')].map((el) =>
      [el.getAttribute("data-take-id"), el.getAttribute("data-start-tick"), el.getAttribute("data-end-tick")].join("|"),
    );
    return { clips: clips.sort(), comp: comp.sort() };
  });
}

test("Ana drags, trims, splits and fades while Ben comps; both see it live, each undoes their own step; Ben hears the comped take where he chose it", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Comp playback", "Ana");
  for (let i = 0; i < 3; i++) {
    await ana.page.getByTestId("add-track").click();
    await ana.page.getByTestId("add-track-audio").click();
  }
  await expect(ana.page.getByTestId("track-row")).toHaveCount(3);

  // The takes' audio goes to the server like a recording's; the replica then registers them in the document.
  const token = await ana.page.evaluate(
    (id) => (JSON.parse(window.localStorage.getItem(`bandspace:session:${id}`)!) as { token: string }).token,
    sessionId,
  );
  const baseUrl = new URL(ana.page.url()).origin;
  const replica = await openSongDoc(ana.page, sessionId);
  const [vox, gtr, keys] = listTracks(replica.doc);
  const tone = (t: (typeof TAKES)[keyof typeof TAKES]) => (frame: number) =>
    0.4 * Math.sin((2 * Math.PI * t.hz * frame) / RATE);
  const server = { baseUrl, sessionId, token };
  await uploadTake(server, { ...TAKES.passA, trackId: vox.id, frames: 4 * BAR_FRAMES, sample: tone(TAKES.passA) });
  await uploadTake(server, { ...TAKES.passB, trackId: vox.id, frames: 4 * BAR_FRAMES, sample: tone(TAKES.passB) }, 1);
  await uploadTake(server, { ...TAKES.gtr, trackId: gtr.id, frames: 2 * BAR_FRAMES, sample: tone(TAKES.gtr) });
  await uploadTake(server, { ...TAKES.keys, trackId: keys.id, frames: 2 * BAR_FRAMES, sample: tone(TAKES.keys) });
  const register = (t: (typeof TAKES)[keyof typeof TAKES], trackId: string, groupId?: string, passIndex = 0) =>
    addRecordedTake(
      replica.doc,
      {
        takeId: t.id,
        trackId,
        groupId,
        passIndex,
        startTick: t.startTick,
        sampleRate: RATE,
        channels: 1,
        frames: t.bars * BAR_FRAMES,
        createdBy: "Ana",
      },
      SEED,
    );
  register(TAKES.passA, vox.id, "compplayvoxgroup", 0);
  register(TAKES.passB, vox.id, "compplayvoxgroup", 1);
  register(TAKES.gtr, gtr.id);
  register(TAKES.keys, keys.id);
  setLoopRange(replica.doc, { startTick: 0, endTick: 4 * BAR }, SEED);
  await expect(ana.page.getByTestId("audio-clip")).toHaveCount(3);

  const ben = await newUser(browser);
  await joinWithLink(ben.page, await createShareLink(ana.page, "edit", "Ben"), "Ben");
  await expect(ben.page.getByTestId("audio-clip")).toHaveCount(3);
  for (const p of [ana.page, ben.page]) await p.getByTestId("snap-select").selectOption("bar");

  // Ben comps on the vocal's take lanes: pass 1 over bars 1–4, then pass 2 over bars 2–3.
  await ben.page.getByTestId("take-lanes-toggle").first().click();
  const lane = (takeId: string) => ben.page.locator(`[data-testid="take-lane-take"][data-take-id="${takeId}"]`);
  const swipe = async (takeId: string, fromTick: number, toTick: number) => {
    const l = await box(lane(takeId));
    await drag(
      ben.page,
      { x: await tickToClientX(ben.page, fromTick + 20), y: l.y + l.height / 2 },
      { x: await tickToClientX(ben.page, toTick - 20), y: l.y + l.height / 2 },
    );
  };
  await swipe(TAKES.passA.id, 0, 4 * BAR);

  // Meanwhile Ana drags the guitar clip a bar later and trims its end in by half a bar.
  const barPx = (await tickToClientX(ana.page, BAR)) - (await tickToClientX(ana.page, 0));
  let g = await box(clipOf(ana.page, TAKES.gtr.id));
  await drag(ana.page, { x: g.x + g.width / 2, y: g.y + 40 }, { x: g.x + g.width / 2 + barPx + 5, y: g.y + 40 });
  await expect(clipOf(ben.page, TAKES.gtr.id)).toHaveAttribute("data-start-tick", String(6 * BAR));

  await swipe(TAKES.passB.id, BAR, 3 * BAR);
  await expect(ben.page.getByTestId("comp-segment")).toHaveCount(3);

  await ana.page.getByTestId("snap-select").selectOption("beat");
  g = await box(clipOf(ana.page, TAKES.gtr.id));
  await drag(ana.page, { x: g.x + g.width - 2, y: g.y + 40 }, { x: g.x + g.width - 2 - barPx / 2, y: g.y + 40 });
  await expect(clipOf(ben.page, TAKES.gtr.id)).toHaveAttribute("data-frames", String(BAR_FRAMES + BAR_FRAMES / 2));

  // Ana splits the keys clip with the split tool at bar 10 and fades the right piece in over half its length.
  await blur(ana.page);
  await ana.page.keyboard.press("b");
  const k = await box(clipOf(ana.page, TAKES.keys.id));
  await ana.page.mouse.click(await tickToClientX(ana.page, 9 * BAR + 10), k.y + 40);
  await expect(clipOf(ben.page, TAKES.keys.id)).toHaveCount(2);
  await ana.page.getByTestId("split-tool").click();
  const right = ana.page.locator(`[data-take-id="${TAKES.keys.id}"][data-start-tick="${9 * BAR}"]`);
  const r = await box(right);
  await drag(ana.page, { x: r.x + 2, y: r.y + 2 }, { x: r.x + r.width / 2, y: r.y + 2 });
  const benRight = ben.page.locator(`[data-take-id="${TAKES.keys.id}"][data-start-tick="${9 * BAR}"]`);
  await expect(benRight).toHaveAttribute("data-fade-in", String(BAR_FRAMES / 2));

  // Ben's stray swipe (pass 2 over bar 4) — and Ana sees all of Ben's comp live.
  const comped = [
    `${TAKES.passA.id}|0|${BAR}`,
    `${TAKES.passB.id}|${BAR}|${3 * BAR}`,
    `${TAKES.passA.id}|${3 * BAR}|${4 * BAR}`,
  ].sort();
  const stray = [
    `${TAKES.passA.id}|0|${BAR}`,
    `${TAKES.passB.id}|${BAR}|${3 * BAR}`,
    `${TAKES.passB.id}|${3 * BAR}|${4 * BAR}`,
  ];
  expect((await arrangementShown(ben.page)).comp).toEqual(comped);
  await swipe(TAKES.passB.id, 3 * BAR, 4 * BAR);
  await ana.page.getByTestId("take-lanes-toggle").first().click();
  await expect.poll(async () => (await arrangementShown(ana.page)).comp).toEqual(stray.sort());
  await ana.page.screenshot({ path: "test-results/edit-comp-playback-ana.png" });

  // Each undoes their own last step: Ana's fade goes, Ben's stray swipe goes; nothing of the other's moves.
  await blur(ana.page);
  await ana.page.keyboard.press("Control+z");
  await expect(benRight).toHaveAttribute("data-fade-in", "0");
  expect((await arrangementShown(ben.page)).comp).toEqual(stray.sort());
  await blur(ben.page);
  await ben.page.keyboard.press("Control+z");
  await expect.poll(async () => (await arrangementShown(ana.page)).comp).toEqual(comped);
  await expect(clipOf(ben.page, TAKES.keys.id)).toHaveCount(2);
  await expect(clipOf(ana.page, TAKES.gtr.id)).toHaveAttribute("data-start-tick", String(6 * BAR));
  await expect(clipOf(ana.page, TAKES.gtr.id)).toHaveAttribute("data-frames", String(BAR_FRAMES + BAR_FRAMES / 2));
  // Both pages show the same arrangement: every clip with its edit fields, and the comp.
  const segs = await arrangementShown(ben.page);
  expect(segs.comp).toEqual(comped);
  expect(segs.clips).toHaveLength(4);
  await expect.poll(() => arrangementShown(ana.page)).toEqual(segs);
  await ben.page.screenshot({ path: "test-results/edit-comp-playback-ben.png" });

  // Ben plays bars 1–4 in a loop; his engine's master is tapped. The first pass heard with every block of every
  // window sounding (pass 2 loads once the comp names it, after the first Play) is checked: pass 2's 660 Hz inside bars 2–3, pass 1's 220 Hz around them.
  await blur(ben.page);
  await ben.page.keyboard.press("l");
  await ben.page.keyboard.press("Space");
  await expect.poll(() => ben.page.evaluate(() => window.bandspaceStudio?.engine()?.state ?? "none")).toBe("playing");
  await startPitchTap(ben.page);
  const windows = [
    { from: 0.15 * BAR, to: 0.85 * BAR, hz: TAKES.passA.hz },
    { from: 1.15 * BAR, to: 2.85 * BAR, hz: TAKES.passB.hz },
    { from: 3.15 * BAR, to: 3.85 * BAR, hz: TAKES.passA.hz },
  ];
  const heardPass = async () => {
    const { blocks, sampleRate } = await readPitchTap(ben.page);
    for (const pass of loopPasses(blocks)) {
      const first = pass[0].tick!;
      const last = pass[pass.length - 1].tick!;
      if (first > 100 || last < 4 * BAR - 100) continue;
      const tones = windows.map((w) => toneIn(pass, w.from, w.to, sampleRate));
      // Sounding in every block: a take still loading when its region began leaves a gap in that pass.
      if (tones.every((t) => t.minRms > 0.05)) return tones;
    }
    return null;
  };
  await expect.poll(heardPass, { timeout: 40_000, intervals: [500] }).not.toBeNull();
  const tones = (await heardPass())!;
  await ben.page.keyboard.press("Space");
  console.log(
    `Ben hears: ${tones.map((t, i) => `${windows[i].hz} Hz expected → ${t.hz.toFixed(1)} Hz (rms ${t.rms.toFixed(3)}, ${t.blocks} blocks)`).join("; ")}`,
  );
  tones.forEach((t, i) => expect(Math.abs(t.hz - windows[i].hz), `window ${i}`).toBeLessThan(windows[i].hz * 0.03));

  replica.close();
  for (const u of [ana, ben]) await u.context.close();
});
