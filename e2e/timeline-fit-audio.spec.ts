import { expect, test } from "@playwright/test";
import { addRecordedTake, listTracks } from "@bandspace/model";
import { newUser, openSongDoc, startSession, timelineView } from "./helpers";

/**
 * Zoom to fit and the horizontal scroll range know audio clips (issue 19): a session whose only content is a take
 * far out at bar 110 — past the 64 bars the timeline always offers — can be scrolled to it, and zoom to fit shows
 * it whole. (Both used to know MIDI clips and sections only: fit showed eight bars, the range ended at bar 80.)
 */

const BAR = 3840; // ticks at 4/4
const RATE = 48000;
const BAR_FRAMES = 2 * RATE; // 120 BPM: a bar is 2 s
const SEED = { kind: "user", userId: "e2e-seed" } as const;

test("zoom to fit and the scroll range reach an audio clip at bar 110", async ({ browser }) => {
  const ana = await newUser(browser);
  const sessionId = await startSession(ana.page, "Fit audio", "Ana");
  await ana.page.getByTestId("add-track").click();
  await ana.page.getByTestId("add-track-audio").click();
  await expect(ana.page.getByTestId("track-row")).toHaveCount(1);

  // A bandmate's take (registered by a Node replica, as the recorder does when a take completes): 3 bars at bar 110.
  // (Within what the widest zoom shows on this screen: fitting 112 bars needs 2.6 px a quarter, the limit is 1.5.)
  const replica = await openSongDoc(ana.page, sessionId);
  const [track] = listTracks(replica.doc);
  const startTick = 109 * BAR;
  const endTick = 112 * BAR;
  addRecordedTake(
    replica.doc,
    { takeId: "farx000000000001", trackId: track.id, startTick, sampleRate: RATE, channels: 1, frames: 3 * BAR_FRAMES },
    SEED,
  );
  const clip = ana.page.getByTestId("audio-clip");
  await expect(clip).toHaveCount(0); // culled: far off screen

  // The scroll range reaches past the clip's end (the scrollbar's content is as wide as the arrangement).
  const scrollbar = ana.page.getByTestId("timeline-scrollbar");
  await expect
    .poll(async () => {
      const { pxPerTick } = await timelineView(ana.page);
      return (await scrollbar.evaluate((el) => el.scrollWidth)) / pxPerTick;
    })
    .toBeGreaterThan(endTick);

  // Zoom to fit: the whole clip is on screen, inside the lanes.
  const before = (await timelineView(ana.page)).pxPerTick;
  await ana.page.getByTestId("zoom-fit").click();
  await expect.poll(async () => (await timelineView(ana.page)).pxPerTick).toBeLessThan(before);
  await expect(clip).toHaveCount(1);
  const lanes = (await ana.page.getByTestId("timeline-ruler").boundingBox())!;
  const block = (await clip.boundingBox())!;
  expect(block.x).toBeGreaterThanOrEqual(lanes.x);
  expect(block.x + block.width).toBeLessThanOrEqual(lanes.x + lanes.width);
  // Fitted to the content, not the whole range: the clip's end is in the right half of the lanes.
  expect(block.x + block.width).toBeGreaterThan(lanes.x + lanes.width / 2);
  await ana.page.screenshot({ path: "test-results/timeline-fit-audio.png" });

  replica.close();
  await ana.context.close();
});
