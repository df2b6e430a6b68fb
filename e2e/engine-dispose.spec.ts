import { expect, test } from "@playwright/test";

/**
 * Tone's dispose pattern for every audio class of the engine: made, used (voices, banks, retired banks exist),
 * disposed — then every Tone object that was reachable from it must report `disposed`, the engine's own
 * AudioContext must be closed and its document observer gone.
 */
test("every engine audio class frees everything it made on dispose", async ({ page }) => {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
  const reports = await page.evaluate(() => window.bandspaceLab!.disposeCheck());
  console.log(reports.map((r) => `${r.name}: ${r.toneObjects} Tone objects`).join(", "));
  expect(reports.map((r) => r.name)).toEqual([
    "PianoInstrument",
    "BassInstrument",
    "PadInstrument",
    "LeadInstrument",
    "DrumsInstrument",
    "Metronome",
    "TrackChannel",
    "MasterBus",
    "EngineGraph",
    "EngineCore",
    "AudioEngine",
  ]);
  for (const r of reports) {
    expect(r.toneObjects, `${r.name} made Tone objects`).toBeGreaterThan(0);
    expect(r.undisposed, `${r.name}: Tone objects left undisposed`).toEqual([]);
    expect(r.problems, r.name).toEqual([]);
  }
});
