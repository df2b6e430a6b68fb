import { expect, test, type Page } from "@playwright/test";
import * as tonejsMidi from "@tonejs/midi";
import { getClip, listClips, listSections, listTempoChanges, listTracks } from "@bandspace/model";
import {
  clipPoint,
  createShareLink,
  dragTicks,
  joinWithLink,
  laneY,
  newUser,
  openSongDoc,
  presenceUser,
  startSession,
  tickToClientX,
} from "./helpers";

// @tonejs/midi is CommonJS: Node's ESM loader exposes it as `default.Midi`.
const MidiNs = tonejsMidi as unknown as { Midi?: typeof tonejsMidi.Midi; default?: { Midi: typeof tonejsMidi.Midi } };
const Midi = MidiNs.Midi ?? MidiNs.default!.Midi;

const BEAT = 960;
const BAR = 4 * BEAT;

const clipById = (page: Page, id: string) => page.locator(`[data-testid="clip"][data-clip-id="${id}"]`);
const sectionById = (page: Page, id: string) => page.locator(`[data-testid="section"][data-section-id="${id}"]`);

async function addInstrumentTrack(page: Page): Promise<void> {
  await page.getByTestId("add-track").click();
  await page.getByTestId("add-track-instrument").click();
}

/** Focus nothing in particular, so global shortcuts go to the studio. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test("clips: drawn with snap by one editor appear for the other; move, resize, duplicate, delete", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Clips", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  await addInstrumentTrack(ana.page);
  await addInstrumentTrack(ana.page);
  await expect(ben.page.getByTestId("track-row")).toHaveCount(2);
  const [track1, track2] = await ana.page
    .getByTestId("track-row")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-track-id")!));

  // Snap to bars: a drag from bar 2 beat 3 to bar 4 beat 2 draws bars 2–4.
  await ana.page.getByTestId("snap-select").selectOption("bar");
  await dragTicks(ana.page, await laneY(ana.page, 0), BAR + 2 * BEAT + 100, 3 * BAR + BEAT + 100);
  const clip = ana.page.getByTestId("clip");
  await expect(clip).toHaveCount(1);
  await expect(clip).toHaveAttribute("data-start-tick", String(BAR));
  await expect(clip).toHaveAttribute("data-length-ticks", String(3 * BAR));
  await expect(clip).toHaveAttribute("data-track-id", track1);
  const clipId = (await clip.getAttribute("data-clip-id"))!;

  // Ben sees it where Ana put it; the document agrees.
  await expect(clipById(ben.page, clipId)).toHaveAttribute("data-start-tick", String(BAR));
  await expect(clipById(ben.page, clipId)).toHaveAttribute("data-length-ticks", String(3 * BAR));
  const replica = await openSongDoc(ana.page, sessionId);
  expect(getClip(replica.doc, clipId)).toMatchObject({ trackId: track1, startTick: BAR, lengthTicks: 3 * BAR });

  // Snap to 1/16: dragging it ~1000 ticks right (and down onto track 2) lands on the nearest sixteenth, one beat later.
  await ana.page.getByTestId("snap-select").selectOption("1/16");
  const from = BAR + BAR; // a point inside the clip
  await dragTicks(ana.page, await laneY(ana.page, 0), from, from + 1000, { toY: await laneY(ana.page, 1) });
  await expect(clipById(ana.page, clipId)).toHaveAttribute("data-start-tick", String(BAR + BEAT));
  await expect(clipById(ana.page, clipId)).toHaveAttribute("data-track-id", track2);
  await expect(clipById(ben.page, clipId)).toHaveAttribute("data-start-tick", String(BAR + BEAT));
  await expect(clipById(ben.page, clipId)).toHaveAttribute("data-track-id", track2);

  // Snap to beats: dragging the right edge 1.4 beats further ends the clip on the nearest beat.
  await ana.page.getByTestId("snap-select").selectOption("beat");
  const box = (await clipById(ana.page, clipId).boundingBox())!;
  const endX = box.x + box.width - 1;
  const y = box.y + box.height / 2;
  const dx = (await tickToClientX(ana.page, 1.4 * BEAT)) - (await tickToClientX(ana.page, 0));
  await ana.page.mouse.move(endX, y);
  await ana.page.mouse.down();
  await ana.page.mouse.move(endX + dx / 2, y, { steps: 3 });
  await ana.page.mouse.move(endX + dx, y, { steps: 3 });
  await ana.page.mouse.up();
  const end = BAR + BEAT + 3 * BAR + BEAT; // old end + 1 beat (1.4 rounds to 1)
  await expect(clipById(ben.page, clipId)).toHaveAttribute("data-length-ticks", String(end - (BAR + BEAT)));

  // Ctrl+D duplicates the selected clip right after it; Delete removes the selection.
  await ana.page.mouse.click((await clipPoint(ana.page, clipId)).x, (await clipPoint(ana.page, clipId)).y);
  await expect(clipById(ana.page, clipId)).toHaveAttribute("data-selected", "true");
  await ana.page.keyboard.press("Control+d");
  await expect(ben.page.getByTestId("clip")).toHaveCount(2);
  const copy = ana.page.locator('[data-testid="clip"][data-selected="true"]');
  await expect(copy).toHaveAttribute("data-start-tick", String(end));
  await ana.page.keyboard.press("Delete");
  await expect(ben.page.getByTestId("clip")).toHaveCount(1);
  expect(listClips(replica.doc).map((c) => c.id)).toEqual([clipId]);

  // Ben's selection shows on Ana's screen in Ben's colour.
  await ben.page.mouse.click((await clipPoint(ben.page, clipId)).x, (await clipPoint(ben.page, clipId)).y);
  await expect(clipById(ana.page, clipId)).toHaveAttribute("data-remote-selected-by", "Ben");

  // Double-click opens the clip editor in the dock; the instrument picker changes the track for everyone.
  await ana.page.mouse.dblclick((await clipPoint(ana.page, clipId)).x, (await clipPoint(ana.page, clipId)).y);
  await expect(ana.page.getByTestId("editor-dock")).toHaveAttribute("data-clip-id", clipId);
  await ana.page.getByTestId("track-instrument").first().selectOption("bass");
  await expect(ben.page.getByTestId("track-instrument").first()).toHaveValue("bass");

  replica.close();
  for (const u of [ana, ben]) await u.context.close();
});

test("sections: add, move, resize, rename, duplicate and delete sync between two editors", async ({ browser }) => {
  const ana = await newUser(browser);
  await startSession(ana.page, "Sections", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  // A preset at the playhead (bar 1): eight bars.
  await ana.page.getByTestId("add-section").click();
  await ana.page.locator('[data-testid="add-section-option"][data-name="Verse"]').click();
  const section = ana.page.getByTestId("section");
  await expect(section).toHaveCount(1);
  const id = (await section.getAttribute("data-section-id"))!;
  await expect(sectionById(ben.page, id)).toHaveAttribute("data-name", "Verse");
  await expect(sectionById(ben.page, id)).toHaveAttribute("data-start-tick", "0");
  await expect(sectionById(ben.page, id)).toHaveAttribute("data-length-ticks", String(8 * BAR));

  // Move by dragging (snap: bar): 2 bars + a bit → 2 bars.
  await ana.page.getByTestId("snap-select").selectOption("bar");
  const laneBox = (await ana.page.getByTestId("marker-lane").boundingBox())!;
  const my = laneBox.y + laneBox.height / 2;
  await dragTicks(ana.page, my, 2 * BAR, 4 * BAR + 300);
  await expect(sectionById(ben.page, id)).toHaveAttribute("data-start-tick", String(2 * BAR));

  // Resize the end 3 bars shorter.
  const sBox = (await sectionById(ana.page, id).boundingBox())!;
  const ex = sBox.x + sBox.width - 2;
  const threeBars = (await tickToClientX(ana.page, 3 * BAR)) - (await tickToClientX(ana.page, 0));
  await ana.page.mouse.move(ex, my);
  await ana.page.mouse.down();
  await ana.page.mouse.move(ex - threeBars / 2, my, { steps: 3 });
  await ana.page.mouse.move(ex - threeBars - 20, my, { steps: 3 });
  await ana.page.mouse.up();
  await expect(sectionById(ben.page, id)).toHaveAttribute("data-length-ticks", String(5 * BAR));
  await expect(sectionById(ben.page, id)).toHaveAttribute("data-start-tick", String(2 * BAR));

  // Clicking a section jumps the playhead to it.
  await sectionById(ana.page, id).click();
  await expect(ana.page.getByTestId("transport-bbt")).toHaveText("3.1.1");

  // Rename by double-click.
  await sectionById(ana.page, id).dblclick();
  await ana.page.getByTestId("section-name-input").fill("Verse 1");
  await ana.page.getByTestId("section-name-input").press("Enter");
  await expect(sectionById(ben.page, id)).toHaveAttribute("data-name", "Verse 1");

  // Draw a new section on the empty lane (bars 9–10).
  await dragTicks(ana.page, my, 8 * BAR + 200, 9 * BAR + 1000);
  await expect(ben.page.getByTestId("section")).toHaveCount(2);
  const drawn = ben.page.locator('[data-testid="section"]').nth(1);
  await expect(drawn).toHaveAttribute("data-start-tick", String(8 * BAR));
  await expect(drawn).toHaveAttribute("data-length-ticks", String(2 * BAR));

  // Context menu: recolour and duplicate; Delete removes the selected one.
  await sectionById(ana.page, id).click({ button: "right" });
  await expect(ana.page.getByTestId("section-menu")).toBeVisible();
  const swatch = ana.page.locator('[data-testid="section-color-option"][aria-checked="false"]').first();
  const color = (await swatch.getAttribute("data-color"))!;
  await swatch.click();
  await expect(sectionById(ben.page, id)).toHaveAttribute("data-color", color);
  await sectionById(ana.page, id).click({ button: "right" });
  await ana.page.getByTestId("section-menu-duplicate").click();
  await expect(ben.page.getByTestId("section")).toHaveCount(3);
  await blur(ana.page);
  await ana.page.keyboard.press("Delete");
  await expect(ben.page.getByTestId("section")).toHaveCount(2);

  // [ and ] jump between section starts.
  await ana.page.keyboard.press("Home");
  await expect(ana.page.getByTestId("transport-bbt")).toHaveText("1.1.1");
  await ana.page.keyboard.press("]");
  await expect(ana.page.getByTestId("transport-bbt")).toHaveText("3.1.1");
  await ana.page.keyboard.press("]");
  await expect(ana.page.getByTestId("transport-bbt")).not.toHaveText("3.1.1");
  await ana.page.keyboard.press("[");
  await expect(ana.page.getByTestId("transport-bbt")).toHaveText("3.1.1");

  for (const u of [ana, ben]) await u.context.close();
});

test("transport: ruler seek, keyboard shortcuts, loop range; presence playhead; a viewer can play but not edit", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  await startSession(ana.page, "Transport", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const viewUrl = await createShareLink(ana.page, "view", "Mia");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");
  await addInstrumentTrack(ana.page);
  await expect(ben.page.getByTestId("track-row")).toHaveCount(1);
  await dragTicks(ana.page, await laneY(ana.page, 0), 0, 2 * BAR - 100);
  await expect(ben.page.getByTestId("clip")).toHaveCount(1);

  // A click on the ruler seeks (snapped to the grid: 1/16).
  await ana.page.getByTestId("snap-select").selectOption("1/16");
  const ruler = (await ana.page.getByTestId("timeline-ruler").boundingBox())!;
  await ana.page.mouse.click(await tickToClientX(ana.page, 4 * BAR + 2 * BEAT + 30), ruler.y + ruler.height - 6);
  await expect(ana.page.getByTestId("transport-bbt")).toHaveText("5.3.1");
  await expect(ana.page.getByTestId("playhead")).toHaveAttribute("data-tick", String(4 * BAR + 2 * BEAT));

  // Keyboard: Home, Space play/pause, L loop, M metronome.
  await blur(ana.page);
  await ana.page.keyboard.press("Home");
  await expect(ana.page.getByTestId("transport-bbt")).toHaveText("1.1.1");
  await ana.page.keyboard.press("Space");
  await expect(ana.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
  await expect(ana.page.getByTestId("transport-bbt")).not.toHaveText("1.1.1");

  // Ben sees Ana's playhead moving, in her colour, while she plays; he can follow it.
  const remote = ben.page.locator('[data-testid="remote-playhead"][data-user-name="Ana"]');
  await expect(remote).toHaveAttribute("data-playing", "true");
  await expect(remote).toBeVisible();
  const t1 = Number(await remote.getAttribute("data-tick"));
  await expect.poll(async () => Number(await remote.getAttribute("data-tick"))).toBeGreaterThan(t1);
  await expect(presenceUser(ben.page, "Ana").getByTestId("presence-playing")).toBeVisible();
  await presenceUser(ben.page, "Ana").getByTestId("presence-follow").click();
  await expect(ben.page.getByTestId("follow-chip")).toContainText("Ana");

  await ana.page.keyboard.press("Space");
  await expect(ana.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "false");
  await expect(remote).toHaveAttribute("data-playing", "false");
  const paused = await ana.page.getByTestId("transport-bbt").textContent();
  await ana.page.waitForTimeout(300);
  await expect(ana.page.getByTestId("transport-bbt")).toHaveText(paused!);

  await ana.page.keyboard.press("l");
  await expect(ana.page.getByTestId("transport-loop")).toHaveAttribute("aria-pressed", "true");
  await expect(ana.page.getByTestId("loop-range")).toHaveAttribute("data-enabled", "true");
  await ana.page.keyboard.press("m");
  await expect(ana.page.getByTestId("transport-metronome")).toHaveAttribute("aria-pressed", "true");
  await ana.page.getByTestId("transport-count-in").selectOption("1");
  await expect(ana.page.getByTestId("transport-count-in")).toHaveValue("1");

  // Stop returns to where play started.
  await ana.page.keyboard.press("Home");
  await ana.page.keyboard.press("l"); // loop off again
  await ana.page.getByTestId("transport-count-in").selectOption("0");
  await blur(ana.page);
  await ana.page.getByTestId("transport-play").click();
  await expect(ana.page.getByTestId("transport-bbt")).not.toHaveText("1.1.1");
  await ana.page.getByTestId("transport-stop").click();
  await expect(ana.page.getByTestId("transport-bbt")).toHaveText("1.1.1");

  // Loop range: drag in the ruler's top strip draws a new one (snap: bar) — everyone sees it.
  await ana.page.getByTestId("snap-select").selectOption("bar");
  await dragTicks(ana.page, ruler.y + 5, 6 * BAR + 500, 9 * BAR + 1500);
  await expect(ben.page.getByTestId("loop-range")).toHaveAttribute("data-start-tick", String(6 * BAR));
  await expect(ben.page.getByTestId("loop-range")).toHaveAttribute("data-end-tick", String(9 * BAR));
  // …and its body drags (one bar left).
  await dragTicks(ana.page, ruler.y + 5, 7 * BAR, 6 * BAR + 100);
  await expect(ben.page.getByTestId("loop-range")).toHaveAttribute("data-start-tick", String(5 * BAR));
  await expect(ben.page.getByTestId("loop-range")).toHaveAttribute("data-end-tick", String(8 * BAR));

  // The viewer: can play and follow, cannot change anything.
  const mia = await newUser(browser);
  await joinWithLink(mia.page, viewUrl, "Mia");
  await expect(mia.page.getByTestId("readonly-banner")).toBeVisible();
  await expect(mia.page.getByTestId("clip")).toHaveCount(1);
  await expect(mia.page.getByTestId("add-track")).toBeDisabled();
  await expect(mia.page.getByTestId("add-section")).toBeDisabled();
  await expect(mia.page.getByTestId("track-instrument")).toBeDisabled();
  await expect(mia.page.getByTestId("midi-import")).toBeDisabled();
  await expect(mia.page.getByTestId("transport-play")).toBeEnabled();
  await mia.page.getByTestId("transport-play").click();
  await expect(mia.page.getByTestId("transport-play")).toHaveAttribute("aria-pressed", "true");
  await expect(mia.page.getByTestId("transport-bbt")).not.toHaveText("1.1.1");
  await mia.page.getByTestId("transport-play").click();
  // Drawing and dragging do nothing.
  await dragTicks(mia.page, await laneY(mia.page, 0), 4 * BAR, 6 * BAR);
  const clipId = (await mia.page.getByTestId("clip").getAttribute("data-clip-id"))!;
  await dragTicks(mia.page, await laneY(mia.page, 0), BAR, 3 * BAR);
  await mia.page.keyboard.press("Delete");
  await expect(mia.page.getByTestId("clip")).toHaveCount(1);
  await expect(clipById(mia.page, clipId)).toHaveAttribute("data-start-tick", "0");
  await expect(ana.page.getByTestId("clip")).toHaveCount(1);
  await expect(clipById(ana.page, clipId)).toHaveAttribute("data-start-tick", "0");
  await expect(mia.page.getByTestId("loop-start-handle")).toHaveCount(0);

  for (const u of [ana, ben, mia]) await u.context.close();
});

test("MIDI: a dropped .mid file is imported at the bar; export downloads <title>.mid", async ({ browser }) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "MIDI", "Ana");
  await ana.page.getByTestId("song-title").click();
  await ana.page.getByTestId("song-title-input").fill("Night Bus");
  await ana.page.getByTestId("song-title-input").press("Enter");

  // A two-track file: piano chords and drums (channel 10).
  const midi = new Midi();
  midi.header.setTempo(100);
  const keys = midi.addTrack();
  keys.instrument.number = 0;
  for (let i = 0; i < 4; i++)
    keys.addNote({ midi: 60 + i, ticks: i * midi.header.ppq, durationTicks: midi.header.ppq });
  const drums = midi.addTrack();
  drums.channel = 9;
  for (let i = 0; i < 8; i++)
    drums.addNote({ midi: i % 2 ? 38 : 36, ticks: (i * midi.header.ppq) / 2, durationTicks: 60 });
  const bytes = Array.from(midi.toArray());

  // Drop it on the timeline somewhere in bar 3 → imported at bar 3.
  const x = await tickToClientX(ana.page, 2 * BAR + 1700);
  const lane = (await ana.page.getByTestId("timeline").boundingBox())!;
  await ana.page.evaluate(
    ({ bytes, x, y }) => {
      const file = new File([new Uint8Array(bytes)], "groove.mid", { type: "audio/midi" });
      const dt = new DataTransfer();
      dt.items.add(file);
      const target = document.elementFromPoint(x, y) ?? document.querySelector('[data-testid="timeline"]')!;
      for (const type of ["dragenter", "dragover", "drop"]) {
        target.dispatchEvent(
          new DragEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, dataTransfer: dt }),
        );
      }
    },
    { bytes, x, y: lane.y + lane.height / 2 },
  );
  // The import report: what came in.
  const report = ana.page.getByTestId("midi-import-report");
  await expect(report).toContainText("groove.mid");
  await expect(report).toContainText("2 tracks, 12 notes");
  await report.getByRole("button", { name: "Done" }).click();
  await expect(report).toBeHidden();
  await expect(ana.page.getByTestId("track-row")).toHaveCount(2);
  await expect(ana.page.getByTestId("clip")).toHaveCount(2);
  for (const c of await ana.page.getByTestId("clip").all())
    await expect(c).toHaveAttribute("data-start-tick", String(2 * BAR));
  const replica = await openSongDoc(ana.page, sessionId);
  expect(
    listTracks(replica.doc)
      .map((t) => t.instrument)
      .sort(),
  ).toEqual(["drums", "piano"]);

  // Export.
  const download = ana.page.waitForEvent("download");
  await ana.page.getByTestId("midi-export").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("Night Bus.mid");
  expect(listSections(replica.doc)).toEqual([]);

  replica.close();
  await ana.context.close();
});

test("tempo changes: right-click the ruler to set one at a bar, everyone's tempo map follows; remove it again", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Tempo", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");
  const ruler = (await ana.page.getByTestId("timeline-ruler").boundingBox())!;

  // Bar 1 is the song tempo: the menu says where to change it.
  await ana.page.mouse.click(await tickToClientX(ana.page, BAR / 2), ruler.y + ruler.height - 6, { button: "right" });
  await expect(ana.page.getByTestId("tempo-change-menu")).toContainText("song tempo");
  await ana.page.keyboard.press("Escape");

  // Bar 3, 140 BPM.
  await ana.page.mouse.click(await tickToClientX(ana.page, 2 * BAR + 500), ruler.y + ruler.height - 6, {
    button: "right",
  });
  const menu = ana.page.getByTestId("tempo-change-menu");
  await expect(menu).toContainText("New tempo from bar 3");
  await menu.getByTestId("tempo-change-input").fill("1000");
  await expect(menu.getByTestId("tempo-change-apply")).toBeDisabled();
  await menu.getByTestId("tempo-change-input").fill("140");
  await menu.getByTestId("tempo-change-input").press("Enter");
  await expect(menu).toBeHidden();
  await expect(ben.page.getByTestId("timeline-ruler")).toHaveAttribute("data-tempo-changes", "3:140");
  const replica = await openSongDoc(ana.page, sessionId);
  expect(listTempoChanges(replica.doc).map(({ bar, bpm }) => ({ bar, bpm }))).toEqual([{ bar: 3, bpm: 140 }]);
  // The playhead's clock follows the map: bar 4 starts at 4 s (2 bars at 120) + 1 bar at 140 ≈ 5.714 s.
  await ben.page.mouse.click(await tickToClientX(ben.page, 3 * BAR), ruler.y + ruler.height - 6);
  await expect(ben.page.getByTestId("transport-bbt")).toHaveText("4.1.1");
  await expect(ben.page.getByTestId("transport-time")).toHaveText("00:05.714");
  await expect(ben.page.getByTestId("transport-tempo")).toContainText("140");

  // Ben edits it, then Ana removes it.
  await ben.page.mouse.click(await tickToClientX(ben.page, 2 * BAR + 100), ruler.y + ruler.height - 6, {
    button: "right",
  });
  await expect(ben.page.getByTestId("tempo-change-menu")).toContainText("Tempo change at bar 3");
  await ben.page.getByTestId("tempo-change-input").fill("90");
  await ben.page.getByTestId("tempo-change-apply").click();
  await expect(ana.page.getByTestId("timeline-ruler")).toHaveAttribute("data-tempo-changes", "3:90");
  await ana.page.mouse.click(await tickToClientX(ana.page, 2 * BAR + 100), ruler.y + ruler.height - 6, {
    button: "right",
  });
  await ana.page.getByTestId("tempo-change-remove").click();
  await expect(ben.page.getByTestId("timeline-ruler")).toHaveAttribute("data-tempo-changes", "");
  expect(listTempoChanges(replica.doc)).toEqual([]);

  replica.close();
  for (const u of [ana, ben]) await u.context.close();
});
