import fs from "node:fs";
import path from "node:path";
import * as tonejsMidi from "@tonejs/midi";
import { expect, test, type Page } from "@playwright/test";
import { createShareLink, joinWithLink, newUser, startSession } from "./helpers";

test.describe.configure({ timeout: 150_000 });

// @tonejs/midi is CommonJS: Node's ESM loader exposes it as `default.Midi`, bundlers as `Midi`.
type MidiClass = typeof tonejsMidi.Midi;
const ns = tonejsMidi as unknown as { Midi?: MidiClass; default?: { Midi?: MidiClass } };
const Midi: MidiClass = (ns.Midi ?? ns.default?.Midi)!;

/**
 * An eight-bar demo in G (keys with a melody, bass, drums) as a Standard MIDI File, for the editors' screenshots:
 * importing it through the toolbar is the way a band would bring a sketch in.
 */
function demoMidi(): Buffer {
  const midi = new Midi();
  midi.header.setTempo(92);
  midi.header.timeSignatures.push({ ticks: 0, timeSignature: [4, 4] });
  const q = midi.header.ppq;
  const bar = 4 * q;
  const chords = [
    [55, 59, 62], // G
    [54, 57, 62], // D/F#
    [52, 55, 59, 62], // Em7
    [48, 55, 62, 64], // Cadd9
  ];
  const roots = [43, 42, 40, 36];
  const melody: [number, number, number][] = [
    // [pitch, start in eighths, length in eighths]
    [74, 0, 2],
    [76, 2, 1],
    [79, 3, 3],
    [78, 6, 2],
    [74, 8, 3],
    [71, 11, 1],
    [72, 12, 2],
    [74, 14, 2],
    [76, 16, 2],
    [74, 18, 1],
    [72, 19, 1],
    [71, 20, 2],
    [67, 22, 2],
    [69, 24, 3],
    [71, 27, 1],
    [72, 28, 2],
    [74, 30, 2],
  ];
  const keys = midi.addTrack();
  keys.name = "Keys";
  keys.instrument.number = 0;
  const bass = midi.addTrack();
  bass.name = "Bass";
  bass.instrument.number = 33;
  const drums = midi.addTrack();
  drums.name = "Drums";
  drums.channel = 9;
  for (let b = 0; b < 8; b++) {
    const c = chords[b % 4];
    const t = b * bar;
    for (const [i, p] of c.entries()) {
      keys.addNote({ midi: p, ticks: t, durationTicks: 1.5 * q, velocity: (70 + i * 6) / 127 });
      keys.addNote({ midi: p, ticks: t + 1.5 * q, durationTicks: q / 2, velocity: (52 + i * 4) / 127 });
      keys.addNote({ midi: p, ticks: t + 2 * q, durationTicks: 2 * q - q / 8, velocity: (64 + i * 6) / 127 });
    }
    bass.addNote({ midi: roots[b % 4], ticks: t, durationTicks: 1.5 * q, velocity: 0.85 });
    bass.addNote({ midi: roots[b % 4], ticks: t + 1.5 * q, durationTicks: q / 2, velocity: 0.6 });
    bass.addNote({ midi: roots[b % 4] + 7, ticks: t + 2 * q, durationTicks: q, velocity: 0.75 });
    bass.addNote({ midi: roots[b % 4] + 12, ticks: t + 3 * q, durationTicks: q, velocity: 0.7 });
    for (let e = 0; e < 8; e++) {
      drums.addNote({ midi: 42, ticks: t + (e * q) / 2, durationTicks: q / 4, velocity: e % 2 === 0 ? 0.8 : 0.45 });
    }
    for (const k of [0, 2.5]) drums.addNote({ midi: 36, ticks: t + k * q, durationTicks: q / 4, velocity: 0.95 });
    for (const s of [1, 3]) drums.addNote({ midi: 38, ticks: t + s * q, durationTicks: q / 4, velocity: 0.9 });
  }
  drums.addNote({ midi: 49, ticks: 0, durationTicks: q / 4, velocity: 1 });
  for (const half of [0, 4]) {
    for (const [p, s, l] of melody) {
      keys.addNote({
        midi: p,
        ticks: half * bar + (s * q) / 2,
        durationTicks: (l * q) / 2 - q / 16,
        velocity: (88 + ((s * 7) % 30)) / 127,
      });
    }
  }
  return Buffer.from(midi.toArray());
}

/** Moves the playhead to the start of `bar` by clicking the timeline ruler (calibrated from two clicks). */
async function seekToBar(page: Page, bar: number) {
  const ruler = page.getByTestId("timeline-ruler");
  const box = (await ruler.boundingBox())!;
  const y = box.y + box.height - 4;
  const tickAt = async (x: number) => {
    await page.mouse.click(x, y);
    const [b, beat] = (await page.getByTestId("transport-bbt").innerText()).split(".").map(Number);
    return ((b - 1) * 4 + (beat - 1)) * 960;
  };
  const x1 = box.x + 200;
  const x2 = box.x + 600;
  const t1 = await tickAt(x1);
  const t2 = await tickAt(x2);
  const pxPerTick = (x2 - x1) / (t2 - t1);
  const x0 = x1 - t1 * pxPerTick;
  await page.mouse.click(x0 + (bar - 1) * 3840 * pxPerTick + 2, y);
  await expect(page.getByTestId("transport-bbt")).toHaveText(`${bar}.1.1`);
}

async function addSectionAt(page: Page, bar: number, name: string) {
  await seekToBar(page, bar);
  await page.getByTestId("add-section").click();
  await page.locator(`[data-testid="add-section-option"][data-name="${name}"]`).click();
  await expect(page.locator(`[data-testid="section"][data-name="${name}"]`)).toHaveCount(1);
}

async function typeInto(page: Page, section: string, field: "lyrics" | "chords", text: string) {
  const input = page
    .locator(`[data-testid="song-sheet-section"][data-name="${section}"]`)
    .getByTestId(`section-${field}-input`);
  await input.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

test("editors showcase: a song sketch in the piano roll, step sequencer and song sheet (screenshots)", async ({
  browser,
}) => {
  const ana = await newUser(browser);
  await startSession(ana.page, "Highway Lights", "Ana");
  const editUrl = await createShareLink(ana.page, "edit", "Ben");
  await ana.page.getByTestId("song-title").click();
  await ana.page.getByTestId("song-title-input").fill("Highway Lights");
  await ana.page.getByTestId("song-title-input").press("Enter");
  await ana.page.getByTestId("key-tonic").selectOption("G");

  const file = path.resolve("test-results/highway-lights.mid");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, demoMidi());
  await ana.page.getByTestId("midi-import-input").setInputFiles(file);
  await ana.page.getByTestId("midi-import-report").getByRole("button", { name: "Done" }).click();
  await expect(ana.page.getByTestId("track-row")).toHaveCount(3);
  await expect(ana.page.getByTestId("clip")).toHaveCount(3);

  // Sections, last first (each takes the room up to the next one), with the whole song in view.
  await ana.page.getByTestId("zoom-out").click();
  await ana.page.getByTestId("zoom-out").click();
  await addSectionAt(ana.page, 13, "Bridge");
  await addSectionAt(ana.page, 9, "Chorus");
  await addSectionAt(ana.page, 5, "Verse");
  await addSectionAt(ana.page, 1, "Intro");
  await seekToBar(ana.page, 1);

  // Ben joins and opens the song sheet too; both write.
  const ben = await newUser(browser);
  await joinWithLink(ben.page, editUrl, "Ben");
  for (const page of [ana.page, ben.page]) {
    await page.getByTestId("songsheet-toggle").click();
    await expect(page.getByTestId("song-sheet-panel")).toBeVisible();
  }
  await typeInto(ana.page, "Intro", "chords", "G   D/F#   Em7   Cadd9");
  await typeInto(ana.page, "Verse", "chords", "G  D/F#  Em7  Cadd9 | G  D/F#  Cadd9");
  await typeInto(
    ana.page,
    "Verse",
    "lyrics",
    "Headlights on the interstate\nSinging every word a little late\nYou were the radio, I was the rain",
  );
  await typeInto(ben.page, "Chorus", "chords", "C  G/B  Am7  D | Em  C  G  Dsus4");
  await typeInto(
    ben.page,
    "Chorus",
    "lyrics",
    "So turn it up, turn it up\nTill the night gives in\nWe're only highway lights",
  );
  await typeInto(ben.page, "Bridge", "chords", "Em  C  G  Hm  D");
  await typeInto(ana.page, "Bridge", "lyrics", "And if the road runs out");
  // Ben selects a word in the chorus; Ana is typing in the bridge: carets and a selection in colour.
  const chorusLyrics = ben.page
    .locator('[data-testid="song-sheet-section"][data-name="Chorus"]')
    .getByTestId("section-lyrics-input");
  await chorusLyrics.click();
  await chorusLyrics.evaluate((el: HTMLTextAreaElement) => {
    const i = el.value.indexOf("highway");
    el.setSelectionRange(i, i + "highway".length);
  });
  await expect(ana.page.locator('[data-testid="remote-caret"][data-name="Ben"]')).toBeVisible();
  await expect(ben.page.locator('[data-testid="remote-caret"][data-name="Ana"]')).toBeVisible();
  await ana.page.mouse.move(0, 0);
  await ana.page
    .getByTestId("song-sheet-panel")
    .locator("ol")
    .evaluate((el) => el.scrollTo(0, 0));
  await ana.page.screenshot({ path: "test-results/showcase-songsheet.png" });

  // The keys clip in the piano roll, a few notes selected.
  await ana.page.getByTestId("songsheet-close").click();
  const keysLane = ana.page.getByTestId("track-lane").first();
  await keysLane.getByTestId("clip").dblclick();
  const editor = ana.page.getByTestId("clip-editor");
  await expect(editor).toHaveAttribute("data-mode", "pianoroll");
  const handle = ana.page.getByTestId("editor-dock-handle");
  const hb = (await handle.boundingBox())!;
  await ana.page.mouse.move(hb.x + 400, hb.y + hb.height / 2);
  await ana.page.mouse.down();
  await ana.page.mouse.move(hb.x + 400, hb.y - 250, { steps: 5 });
  await ana.page.mouse.up();
  await editor.getByTestId("clip-editor-zoom-out").click();
  const melodyNotes = ana.page.locator('[data-testid="note"][data-pitch="79"], [data-testid="note"][data-pitch="78"]');
  await melodyNotes.first().click();
  await melodyNotes.nth(1).click({ modifiers: ["Shift"] });
  await ana.page.mouse.move(700, 620);
  await ana.page.screenshot({ path: "test-results/showcase-pianoroll.png" });

  // The drums clip in the step sequencer.
  const drumsLane = ana.page.getByTestId("track-lane").nth(2);
  await drumsLane.getByTestId("clip").dblclick();
  await expect(editor).toHaveAttribute("data-mode", "steps");
  await ana.page.mouse.move(0, 0);
  await ana.page.screenshot({ path: "test-results/showcase-stepseq.png" });

  for (const u of [ana, ben]) await u.context.close();
});
