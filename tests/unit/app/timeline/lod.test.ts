import { describe, expect, it } from "vitest";
import {
  MIN_AUDIO_DETAIL_PX,
  MIN_MIDI_BLOCK_PX,
  audioClipInDetail,
  midiClipHasBlock,
} from "../../../../app/components/timeline/lod";
import { TimelineView } from "../../../../app/components/timeline/viewStore";

const BAR = 3840;

describe("timeline level of detail", () => {
  it("switches at the thresholds, in pixels at the layout zoom", () => {
    const ppt = 0.01; // 38.4 px per bar
    expect(midiClipHasBlock(MIN_MIDI_BLOCK_PX / ppt, ppt)).toBe(true);
    expect(midiClipHasBlock(MIN_MIDI_BLOCK_PX / ppt - 1, ppt)).toBe(false);
    expect(audioClipInDetail(MIN_AUDIO_DETAIL_PX / ppt, ppt)).toBe(true);
    expect(audioClipInDetail(MIN_AUDIO_DETAIL_PX / ppt - 1, ppt)).toBe(false);
  });

  it("at the default zoom every one-bar clip is a full block; zoomed to fit 200 bars none is", () => {
    const view = new TimelineView();
    view.setWidth(1150);
    const { layoutPxPerTick: near } = view.get();
    expect(midiClipHasBlock(BAR, near)).toBe(true);
    expect(audioClipInDetail(2 * BAR, near)).toBe(true);

    view.setContentEnd(200 * BAR);
    view.fit(0, 200 * BAR);
    const { layoutPxPerTick: far } = view.get();
    // The 24 × 200 scenario zoomed to fit: 4,800 one-bar clips become bars on the notes canvas, not DOM blocks.
    expect(midiClipHasBlock(BAR, far)).toBe(false);
    expect(audioClipInDetail(2 * BAR, far)).toBe(false);
  });
});
