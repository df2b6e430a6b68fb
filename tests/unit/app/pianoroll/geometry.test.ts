import { describe, expect, it } from "vitest";
import { PPQ, TempoMap, snapTicks } from "@bandspace/model";
import {
  barLabelEvery,
  chunkOf,
  initialView,
  noteEdgeAt,
  pitchToY,
  renderWindow,
  rollLengthTicks,
  rollPoint,
  rollScale,
  scrollKeeping,
  scrollTopCentring,
  snapClipTick,
  type SongSnap,
  tickToX,
  xToTick,
  yToPitch,
  zoomAnchorAt,
} from "../../../../app/components/pianoroll/geometry";

const map44 = new TempoMap({ bpm: 120, timeSignature: { numerator: 4, denominator: 4 } });

describe("piano-roll geometry: ticks and pitches ⇄ pixels", () => {
  const s = rollScale(96, 12); // 96 px per quarter note, 12 px per row

  it("maps a quarter note to zoomX pixels and back", () => {
    expect(s.ppt).toBe(96 / PPQ);
    expect(tickToX(PPQ, s)).toBe(96);
    expect(tickToX(3 * PPQ + PPQ / 4, s)).toBe(3 * 96 + 24);
    expect(xToTick(tickToX(1234, s), s)).toBeCloseTo(1234, 9);
  });

  it("never puts a point before the clip's start", () => {
    expect(xToTick(-50, s)).toBe(0);
  });

  it("puts pitch 127 on the top row and middle C 67 rows below", () => {
    expect(pitchToY(127, s)).toBe(0);
    expect(pitchToY(60, s)).toBe(67 * 12);
    expect(pitchToY(0, s)).toBe(127 * 12);
  });

  it("finds the row a y falls in, from its top edge to the pixel before the next row", () => {
    for (const pitch of [0, 1, 59, 60, 61, 126, 127]) {
      const top = pitchToY(pitch, s);
      expect(yToPitch(top, s)).toBe(pitch);
      expect(yToPitch(top + 11.99, s)).toBe(pitch);
      expect(yToPitch(top + 12, s)).toBe(pitch - 1 < 0 ? 0 : pitch - 1);
    }
  });

  it("clamps y above and below the keyboard to the highest and lowest key", () => {
    expect(yToPitch(-30, s)).toBe(127);
    expect(yToPitch(128 * 12 + 40, s)).toBe(0);
  });

  it("gives both coordinates of a point", () => {
    expect(rollPoint(192, pitchToY(64, s) + 3, s)).toEqual({
      x: 192,
      y: pitchToY(64, s) + 3,
      tick: 2 * PPQ,
      pitch: 64,
    });
  });
});

describe("piano-roll geometry: snapping clip-relative ticks to the song's grid", () => {
  const sixteenths: SongSnap = (t, mode) => snapTicks(t, "1/16", map44, mode);

  it("snaps to the song's grid lines when the clip starts off the grid", () => {
    const clipStart = 100; // the song grid lines fall at clip-relative 140, 380, 620 …
    expect(snapClipTick(150, clipStart, sixteenths)).toBe(140);
    expect(snapClipTick(150, clipStart, sixteenths, "floor")).toBe(140);
    expect(snapClipTick(150, clipStart, sixteenths, "ceil")).toBe(380);
    expect(snapClipTick(300, clipStart, sixteenths)).toBe(380);
  });

  it("follows a meter change inside the clip: bars after it are 3/4 bars counted from its first bar line", () => {
    // 4/4 for bar 1, then 3/4 from bar 2 (tick 3840): bar lines at 0, 3840, 6720, 9600 …
    const map = new TempoMap({
      bpm: 120,
      timeSignature: { numerator: 4, denominator: 4 },
      meters: [{ bar: 2, numerator: 3, denominator: 4 }],
    });
    const bars: SongSnap = (t, mode) => snapTicks(t, "bar", map, mode);
    const clipStart = 1920; // a clip starting mid-bar 1
    expect(snapClipTick(6720 - clipStart + 100, clipStart, bars)).toBe(6720 - clipStart);
    expect(snapClipTick(6720 - clipStart + 100, clipStart, bars, "ceil")).toBe(9600 - clipStart);
    // A fixed 4/4 bar (3840 ticks) would have snapped to 7680.
    expect(snapClipTick(7600 - clipStart, clipStart, bars)).toBe(6720 - clipStart);
  });

  it("rounds to a whole tick when snapping is off or Alt is held", () => {
    expect(snapClipTick(150.6, 100, null, "floor")).toBe(151);
    expect(snapClipTick(150.4, 100, sixteenths, "ceil", true)).toBe(150);
  });

  it("never returns -0", () => {
    expect(Object.is(snapClipTick(-10, 0, sixteenths), 0)).toBe(true);
  });
});

describe("piano-roll geometry: the view", () => {
  it("renders a chunk's margin around the visible area", () => {
    const s = rollScale(96, 12);
    const w = renderWindow({ left: 512, top: 256, width: 800, height: 400 }, s, 256);
    expect(w.tickFrom).toBeCloseTo(256 / s.ppt, 9);
    expect(w.tickTo).toBeCloseTo((512 + 800 + 512) / s.ppt, 9);
    expect(w.pitchHigh).toBe(127); // the margin reaches above the top row
    expect(w.pitchLow).toBe(127 - Math.ceil((256 + 400 + 512) / 12));
  });

  it("rounds scroll offsets down to chunks", () => {
    expect(chunkOf(0)).toBe(0);
    expect(chunkOf(255)).toBe(0);
    expect(chunkOf(256)).toBe(256);
    expect(chunkOf(1000)).toBe(768);
  });

  it("spans the clip (or its last note) to the end of that bar plus two bars, or the view when wider", () => {
    const bar = map44.ticksPerBar;
    const base = { clipStartTick: 0, ticksPerBar: bar, viewWidthPx: 100, ppt: 0.1 };
    expect(rollLengthTicks({ ...base, clipLengthTicks: 2 * bar, lastNoteEnd: 0 })).toBe(4 * bar);
    expect(rollLengthTicks({ ...base, clipLengthTicks: 2 * bar, lastNoteEnd: 2 * bar + 1 })).toBe(5 * bar);
    // A clip starting mid-bar ends its grid on a song bar line.
    expect(rollLengthTicks({ ...base, clipStartTick: bar / 2, clipLengthTicks: bar, lastNoteEnd: 0 })).toBe(
      2 * bar - bar / 2 + 2 * bar,
    );
    expect(rollLengthTicks({ ...base, clipLengthTicks: bar, lastNoteEnd: 0, viewWidthPx: 100_000 })).toBe(1_000_000);
  });

  it("opens zoomed to fit the clip's length and its notes' range, centred on the notes", () => {
    const v = initialView({
      notes: [{ pitch: 60 }, { pitch: 72 }],
      clipLengthTicks: 8 * PPQ,
      viewWidthPx: 800,
      viewHeightPx: 272,
      drums: false,
    });
    expect(v.zoomX).toBe(100); // 800 px over 8 beats
    expect(v.zoomY).toBe(16); // 272 / (12 + 5) rows
    expect(v.centerPitch).toBe(66);
  });

  it("opens on middle C for an empty melodic clip and on the kit for drums, within zoom limits", () => {
    const empty = { notes: [], clipLengthTicks: PPQ, viewWidthPx: 10_000, viewHeightPx: 50, drums: false };
    expect(initialView(empty)).toEqual({ zoomX: 160, zoomY: 12, centerPitch: 60 });
    expect(initialView({ ...empty, drums: true }).centerPitch).toBe(44);
  });

  it("centres a pitch's row in the view", () => {
    const s = rollScale(96, 10);
    const top = scrollTopCentring(60, s, 300);
    expect(top + 150).toBe(pitchToY(60, s) + 5);
    expect(scrollTopCentring(127, s, 300)).toBe(0);
  });

  it("keeps the tick and pitch under the cursor in place across a zoom", () => {
    const before = rollScale(96, 12);
    const after = rollScale(200, 20);
    const anchor = zoomAnchorAt(300, 120, { left: 1000, top: 600 }, before);
    const scroll = scrollKeeping(anchor, after);
    // The same musical point is at the same place in the view after the zoom.
    expect((scroll.left + 300) / after.ppt).toBeCloseTo(anchor.tick, 6);
    expect(127 - (scroll.top + 120) / after.rowH).toBeCloseTo(anchor.pitch, 6);
  });

  it("thins out bar numbers as bars get narrow", () => {
    expect([60, 48, 30, 24, 12, 11].map(barLabelEvery)).toEqual([1, 1, 2, 2, 4, 8]);
  });

  it("finds a note's resize edges: 6 px, a third of a short note, none under 10 px", () => {
    const wide = { left: 100, right: 200, width: 100 };
    expect(noteEdgeAt(wide, 195)).toBe("end");
    expect(noteEdgeAt(wide, 105)).toBe("start");
    expect(noteEdgeAt(wide, 150)).toBeNull();
    const short = { left: 100, right: 112, width: 12 };
    expect(noteEdgeAt(short, 107)).toBeNull();
    expect(noteEdgeAt(short, 108)).toBe("end");
    expect(noteEdgeAt(short, 104)).toBe("start");
    expect(noteEdgeAt({ left: 0, right: 9, width: 9 }, 8)).toBeNull();
  });
});
