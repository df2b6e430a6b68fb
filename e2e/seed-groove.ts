import type { Page } from "@playwright/test";
import { addMidiClip, addTrack, setSongTitle, setTempo, type Origin } from "@bandspace/model";
import { openSongDoc } from "./helpers";

const BAR = 3840;
const SEED: Origin = { kind: "user", userId: "e2e-seed" };

/**
 * A song to export or meter, written into the session through a second replica: at 120 BPM, `bars` bars of a bass
 * line (a note a beat) and, unless `drums` is "none", a drum track (kick on every beat, hat on the offbeats, and a
 * snare on beats 2 and 4 with "kick-hat-snare").
 */
export async function seedGroove(
  page: Page,
  sessionId: string,
  opts: { title: string; bars: number; drums: "none" | "kick-hat" | "kick-hat-snare" },
): Promise<void> {
  const replica = await openSongDoc(page, sessionId);
  setSongTitle(replica.doc, opts.title, SEED);
  setTempo(replica.doc, 120, SEED);
  const beats = Array.from({ length: opts.bars * 4 }, (_, b) => b);
  if (opts.drums !== "none") {
    const drums = addTrack(replica.doc, { kind: "instrument", instrument: "drums", name: "Drums" }, SEED);
    const snare = opts.drums === "kick-hat-snare";
    addMidiClip(
      replica.doc,
      {
        trackId: drums.id,
        startTick: 0,
        lengthTicks: opts.bars * BAR,
        name: "Beat",
        notes: beats.flatMap((b) => [
          { pitch: 36, startTick: b * 960, durationTicks: 240, velocity: 115 },
          { pitch: 42, startTick: b * 960 + 480, durationTicks: 120, velocity: 80 },
          ...(snare && b % 2 ? [{ pitch: 38, startTick: b * 960, durationTicks: 240, velocity: 105 }] : []),
        ]),
      },
      SEED,
    );
  }
  const bass = addTrack(replica.doc, { kind: "instrument", instrument: "bass", name: "Bass" }, SEED);
  addMidiClip(
    replica.doc,
    {
      trackId: bass.id,
      startTick: 0,
      lengthTicks: opts.bars * BAR,
      name: "Line",
      notes: beats.map((b) => ({
        pitch: [40, 43, 45, 47][b % 4],
        startTick: b * 960,
        durationTicks: 800,
        velocity: 100,
      })),
    },
    SEED,
  );
  await page.waitForTimeout(500); // let the edits reach the page
  replica.close();
}
