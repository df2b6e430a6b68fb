import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { parseMidi, writeMidi, type MidiData, type MidiEvent } from "midi-file";
import { listMeterChanges, TempoMap } from "@bandspace/model";
import { createShareLink, joinWithLink, newUser, openSongDoc, startSession, tickToClientX } from "./helpers";

const BAR = 3840;

function clock(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  return `${pad(Math.floor(ms / 60000), 2)}:${pad(Math.floor((ms % 60000) / 1000), 2)}.${pad(ms % 1000, 3)}`;
}

async function rightClickRuler(page: Page, tick: number) {
  const ruler = (await page.getByTestId("timeline-ruler").boundingBox())!;
  await page.mouse.click(await tickToClientX(page, tick), ruler.y + ruler.height - 6, { button: "right" });
  const menu = page.getByTestId("tempo-change-menu");
  await expect(menu).toBeVisible();
  return menu;
}

/**
 * Two people, one tempo map: Ana adds a ramp and a meter change from the ruler; Ben's ruler, tempo lane, clock
 * and playback (the clicks his engine schedules) follow. Then Ana imports a MIDI file
 * with a mid-bar tempo change and a meter change, and Ben exports the song: the file he gets has them.
 */
test("tempo map shared: a ramp and a meter change reach the other person's ruler, clock and playback; MIDI in and out", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Tempo map", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");

  // Ana: 90 BPM from bar 3, ramping from there to 150 reached at bar 5, and 3/4 from bar 7.
  let menu = await rightClickRuler(ana.page, 2 * BAR + 300);
  await menu.getByTestId("tempo-change-input").fill("90");
  await menu.getByTestId("tempo-change-input").press("Enter");
  menu = await rightClickRuler(ana.page, 4 * BAR + 300);
  await menu.getByTestId("tempo-change-input").fill("150");
  await menu.getByTestId("tempo-change-ramp").check();
  await menu.getByTestId("tempo-change-apply").click();
  menu = await rightClickRuler(ana.page, 6 * BAR + 300);
  await menu.getByTestId("meter-change-numerator").fill("3");
  await menu.getByTestId("meter-change-denominator").selectOption("4");
  await menu.getByTestId("meter-change-apply").click();

  // Ben's ruler and tempo lane.
  const benRuler = ben.page.getByTestId("timeline-ruler");
  await expect(benRuler).toHaveAttribute("data-tempo-changes", "3:90 5:150~");
  await expect(benRuler).toHaveAttribute("data-meter-changes", "7:3/4");
  const points = ben.page.getByTestId("tempo-point");
  await expect(points).toHaveCount(2);
  await expect(points.nth(1)).toHaveAttribute("data-ramp", "true");

  // Ben's clock: bar 8 starts after 2 bars at 120 (4 s), the ramp over bars 3–4 from 90 to 150 (8 beats:
  // 8 · 60 · ln(150/90) / (150 − 90) s), then bars 5–6 in 4/4 and bar 7 in 3/4 at 150.
  const map = new TempoMap({
    bpm: 120,
    timeSignature: { numerator: 4, denominator: 4 },
    changes: [
      { tick: 2 * BAR, bpm: 90 },
      { tick: 4 * BAR, bpm: 150, ramp: true },
    ],
    meters: [{ bar: 7, numerator: 3, denominator: 4 }],
  });
  const bar8 = 4 + (8 * 60 * Math.log(150 / 90)) / (150 - 90) + (8 * 60) / 150 + (3 * 60) / 150;
  expect(map.ticksToSeconds(map.barToTicks(8))).toBeCloseTo(bar8, 9);
  const ruler = (await benRuler.boundingBox())!;
  await ben.page.mouse.click(await tickToClientX(ben.page, map.barToTicks(8)), ruler.y + ruler.height - 6);
  await expect(ben.page.getByTestId("transport-bbt")).toHaveText("8.1.1");
  await expect(ben.page.getByTestId("transport-time")).toHaveText(clock(bar8));

  // Ben's playback: his engine's metronome from bar 5 (4/4 at 150) into bar 7 (3/4). Every click his engine
  // schedules is recorded (context time → his timeline position): on the map's beats, four then three a bar,
  // the first of each bar accented. (That the clicks sound at those times is the offline-render spec's proof.)
  // The engine exists from the first Play: play and stop once, so that the click log is in place before the
  // measured playback starts (installed after it, a busy machine's longer look-ahead could have handed over
  // bar 6's clicks already).
  const engineState = () => ben.page.evaluate(() => window.bandspaceStudio?.engine()?.state ?? "none");
  await ben.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ben.page.keyboard.press("Space");
  await expect.poll(engineState).toBe("playing");
  await ben.page.keyboard.press("Space");
  await expect.poll(engineState).not.toBe("playing");
  await ben.page.evaluate(() => {
    const engine = window.bandspaceStudio!.engine()!;
    const metronome = engine.internals.graph.metronome;
    const click = metronome.click.bind(metronome);
    const log: { tick: number | null; downbeat: boolean }[] = [];
    (window as unknown as { __clicks: typeof log }).__clicks = log;
    metronome.click = (at: number, downbeat: boolean) => {
      log.push({ tick: engine.internals.scheduler.positionTick(at), downbeat });
      click(at, downbeat);
    };
  });
  await ben.page.mouse.click(await tickToClientX(ben.page, map.barToTicks(5)), ruler.y + ruler.height - 6);
  await ben.page.getByTestId("transport-metronome").click();
  await ben.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await ben.page.keyboard.press("Space");
  await expect.poll(engineState).toBe("playing");
  const readClicks = () =>
    ben.page.evaluate(() =>
      (window as unknown as { __clicks: { tick: number | null; downbeat: boolean }[] }).__clicks.slice(),
    );
  await expect
    .poll(async () => (await readClicks()).filter((c) => c.tick !== null && c.tick >= map.barToTicks(9)).length, {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  await ben.page.keyboard.press("Space");
  const from = map.barToTicks(6);
  const to = map.barToTicks(9);
  const heard = (await readClicks()).filter((c) => c.tick !== null && c.tick >= from - 1 && c.tick < to - 1);
  const beats = map.beatsBetween(from, to);
  expect(heard.map((c) => Math.round(c.tick!))).toEqual(beats.map((b) => b.tick));
  expect(heard.map((c) => c.downbeat)).toEqual(beats.map((b) => b.downbeat));
  expect(beats.filter((b) => b.downbeat).map((b) => b.tick)).toEqual([from, map.barToTicks(7), map.barToTicks(8)]);
  expect(beats.length).toBe(4 + 3 + 3);

  // Ana imports a MIDI file (written by midi-file): 100 BPM, 132 BPM from 2.3.3 (inside bar 2), 6/8 from bar 3.
  const ppq = 480;
  const conductor: MidiEvent[] = [
    { deltaTime: 0, meta: true, type: "timeSignature", numerator: 4, denominator: 4, metronome: 24, thirtyseconds: 8 },
    { deltaTime: 0, meta: true, type: "setTempo", microsecondsPerBeat: 600_000 },
    { deltaTime: 4 * ppq + 5 * (ppq / 2), meta: true, type: "setTempo", microsecondsPerBeat: Math.round(60e6 / 132) },
    {
      deltaTime: 3 * (ppq / 2),
      meta: true,
      type: "timeSignature",
      numerator: 6,
      denominator: 8,
      metronome: 24,
      thirtyseconds: 8,
    },
    { deltaTime: 0, meta: true, type: "endOfTrack" },
  ];
  const keys: MidiEvent[] = [{ deltaTime: 0, meta: true, type: "trackName", text: "Keys" }];
  for (let i = 0; i < 16; i++) {
    keys.push({ deltaTime: i === 0 ? 0 : ppq / 2, type: "noteOn", channel: 0, noteNumber: 60 + (i % 7), velocity: 90 });
    keys.push({ deltaTime: ppq / 2, type: "noteOff", channel: 0, noteNumber: 60 + (i % 7), velocity: 0 });
  }
  keys.push({ deltaTime: 0, meta: true, type: "endOfTrack" });
  const data: MidiData = { header: { format: 1, numTracks: 2, ticksPerBeat: ppq }, tracks: [conductor, keys] };
  const file = path.resolve("test-results/tempo-map-shared.mid");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Uint8Array.from(writeMidi(data)));
  await ana.page.getByTestId("midi-import-input").setInputFiles(file);
  const report = ana.page.getByTestId("midi-import-report");
  await expect(report).toContainText("1 track, 16 notes, 1 tempo change, 1 meter change");
  await report.getByRole("button", { name: "Done" }).click();
  await expect(benRuler).toHaveAttribute("data-tempo-changes", "2.3.3:132");
  await expect(benRuler).toHaveAttribute("data-meter-changes", "3:6/8");
  const replica = await openSongDoc(ben.page, sessionId);
  expect(listMeterChanges(replica.doc)).toEqual([{ bar: 3, numerator: 6, denominator: 8 }]);

  // Ben exports: the file holds the meter change, the mid-bar tempo and every note at the same times.
  const download = ben.page.waitForEvent("download");
  await ben.page.getByTestId("midi-export").click();
  const bytes = fs.readFileSync(await (await download).path());
  const out = parseMidi(bytes);
  const events = (track: MidiEvent[]) => {
    let tick = 0;
    return track.map((e) => ({ ...e, tick: (tick += e.deltaTime) }));
  };
  const conductorOut = events(out.tracks[0]);
  expect(
    conductorOut.filter((e) => e.type === "timeSignature").map((e) => [e.tick, (e as { numerator: number }).numerator]),
  ).toEqual([
    [0, 4],
    [2 * BAR, 6],
  ]);
  expect(
    conductorOut
      .filter((e) => e.type === "setTempo")
      .map((e) => [e.tick, Math.round(60e6 / (e as { microsecondsPerBeat: number }).microsecondsPerBeat)]),
  ).toEqual([
    [0, 100],
    [BAR + 5 * 480, 132],
  ]);
  const notesOut = out.tracks
    .slice(1)
    .flatMap((t) => events(t))
    .filter((e) => e.type === "noteOn");
  expect(notesOut.length).toBe(16);
  replica.close();
  for (const u of [ana, ben]) await u.context.close();
});
