import { describe, expect, it } from "vitest";
import {
  TempoMap,
  addAudioClip,
  addRecordedTake,
  audioContentEndTick,
  contentEndTick,
  readTempoMap,
} from "@bandspace/model";
import { USER } from "./helpers/doc-spy";
import { editSetup, takeInit } from "./helpers/edit-fixtures";

const FOUR_FOUR = { numerator: 4, denominator: 4 };
const BAR = 3840;

describe("the timeline's content extent", () => {
  it("is 0 with nothing, and the furthest end of MIDI clips, sections and audio clips", () => {
    const tempo = new TempoMap({ bpm: 120, timeSignature: FOUR_FOUR });
    expect(contentEndTick({ tempo, spans: [], audio: [] })).toBe(0);
    const spans = [
      { startTick: 0, lengthTicks: 4 * BAR },
      { startTick: 2 * BAR, lengthTicks: BAR },
    ];
    expect(contentEndTick({ tempo, spans, audio: [] })).toBe(4 * BAR);
    // 120 BPM, 4/4: a bar is 2 s. Ten seconds of audio at bar 9 (tick 8 × BAR) end at bar 14, past the MIDI.
    const audio = [{ startTick: 8 * BAR, lengthFrames: 10 * 48000, sampleRate: 48000 }];
    expect(contentEndTick({ tempo, spans, audio })).toBe(13 * BAR);
    // Audio before the MIDI's end does not shorten it.
    expect(contentEndTick({ tempo, spans, audio: [{ startTick: 0, lengthFrames: 48000, sampleRate: 44100 }] })).toBe(
      4 * BAR,
    );
  });

  it("follows the tempo: the same seconds of audio cover half the ticks at half the tempo", () => {
    const slow = new TempoMap({ bpm: 60, timeSignature: FOUR_FOUR });
    const audio = [{ startTick: 0, lengthFrames: 8 * 48000, sampleRate: 48000 }];
    expect(contentEndTick({ tempo: slow, spans: [], audio })).toBe(2 * BAR);
    // A tempo change to 120 BPM after bar 1: 4 s for bar 1, the remaining 4 s are two more bars.
    const faster = new TempoMap({ bpm: 60, timeSignature: FOUR_FOUR, changes: [{ tick: BAR, bpm: 120 }] });
    expect(contentEndTick({ tempo: faster, spans: [], audio })).toBe(3 * BAR);
  });

  it("reads a song's audio clips with their takes' sample rates (a session of recorded audio has an end)", () => {
    const { doc, audio } = editSetup();
    expect(audioContentEndTick(doc, readTempoMap(doc))).toBe(0);
    // A four-bar take at bar 2 (120 BPM default): it ends at bar 6.
    const { clip } = addRecordedTake(doc, takeInit(audio, 1), USER);
    expect(audioContentEndTick(doc, readTempoMap(doc))).toBe(5 * BAR);
    // A second clip of the take at bar 41: the end moves with it.
    addAudioClip(doc, { takeId: clip.takeId, startTick: 40 * BAR, lengthFrames: 96000 }, USER);
    expect(audioContentEndTick(doc, readTempoMap(doc))).toBe(41 * BAR);
  });
});
