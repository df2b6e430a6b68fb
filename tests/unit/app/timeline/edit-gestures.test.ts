import { describe, expect, it } from "vitest";
import {
  audioClipZone,
  fadeFramesAt,
  formatDb,
  gainAfterDrag,
  gainLineY,
  marqueeHits,
  marqueeRect,
  nudgeTicks,
  snapMove,
  snapPoint,
  zoneCursor,
} from "../../../../app/components/timeline/editGestures";

const zone = (x: number, y: number, over: Partial<Parameters<typeof audioClipZone>[0]> = {}) =>
  audioClipZone({ x, y, width: 200, height: 60, gainY: 15, slip: false, ...over });

describe("audio clip hit zones", () => {
  it("top corners drag fades, edges trim, the gain line sets gain, the body moves", () => {
    expect(zone(3, 3)).toBe("fade-in");
    expect(zone(197, 4)).toBe("fade-out");
    expect(zone(3, 40)).toBe("trim-start");
    expect(zone(197, 40)).toBe("trim-end");
    expect(zone(100, 17)).toBe("gain");
    expect(zone(100, 45)).toBe("move");
  });
  it("with the slip modifier the body slips the audio; edges and corners keep their meaning", () => {
    expect(zone(100, 45, { slip: true })).toBe("slip");
    expect(zone(3, 40, { slip: true })).toBe("trim-start");
  });
  it("a narrow clip keeps a body to grab (edges shrink to a quarter of its width)", () => {
    expect(zone(10, 40, { width: 20 })).toBe("move");
    expect(zone(4, 40, { width: 20 })).toBe("trim-start");
  });
  it("the gain band is only in the middle half, and absent when the clip has no handle", () => {
    expect(zone(30, 15)).toBe("move");
    expect(zone(100, 15, { gainY: null })).toBe("move");
  });
  it("each zone has a cursor that says what a drag does; read-only users get the default", () => {
    expect(zoneCursor("trim-start", true)).toBe("ew-resize");
    expect(zoneCursor("gain", true)).toBe("ns-resize");
    expect(zoneCursor("fade-in", true)).toBe("nesw-resize");
    expect(zoneCursor("split", true)).toBe("crosshair");
    expect(zoneCursor("move", true)).toBe("grab");
    expect(zoneCursor("move", false)).toBe("default");
  });
});

const beatGrid = (t: number) => Math.round(t / 960) * 960;

describe("snapping", () => {
  it("a point goes to the nearest edge or marker within the threshold, else to the grid", () => {
    expect(snapPoint({ tick: 1000, grid: beatGrid, targets: [1030], thresholdTicks: 50, bypass: false })).toBe(1030);
    expect(snapPoint({ tick: 1000, grid: beatGrid, targets: [1100], thresholdTicks: 50, bypass: false })).toBe(960);
    expect(snapPoint({ tick: 1000, grid: null, targets: [], thresholdTicks: 50, bypass: false })).toBe(1000);
  });
  it("the nearest of several targets wins", () => {
    expect(snapPoint({ tick: 1000, grid: beatGrid, targets: [960, 1010], thresholdTicks: 50, bypass: false })).toBe(
      1010,
    );
  });
  it("the bypass key turns every snap off", () => {
    expect(snapPoint({ tick: 1003.4, grid: beatGrid, targets: [1000], thresholdTicks: 50, bypass: true })).toBe(1003);
  });
  it("never lands before the song start", () => {
    expect(snapPoint({ tick: -30, grid: null, targets: [], thresholdTicks: 50, bypass: false })).toBe(0);
  });
  it("a moved clip butts its end against the next clip's start when that is nearer than its start to anything", () => {
    // Clip 0–1500 moved by +1480: end at 2980 is 20 from an edge at 3000; start at 1480 is 20 from the grid only.
    expect(snapMove(0, 1500, 1480, { grid: beatGrid, targets: [3000], thresholdTicks: 40, bypass: false })).toBe(1500);
    // Nothing near: the start goes to the grid.
    expect(snapMove(0, 1500, 1000, { grid: beatGrid, targets: [3000], thresholdTicks: 40, bypass: false })).toBe(960);
    // Bypass: the raw delta; never before 0.
    expect(snapMove(500, 900, -800, { grid: beatGrid, targets: [], thresholdTicks: 40, bypass: true })).toBe(-500);
  });
});

describe("marquee", () => {
  const boxes = [
    { id: "a", left: 0, top: 0, right: 100, bottom: 50 },
    { id: "b", left: 150, top: 0, right: 250, bottom: 50 },
    { id: "c", left: 50, top: 60, right: 140, bottom: 110 },
  ];
  it("selects every clip it touches, across tracks, dragged in any direction", () => {
    expect(marqueeHits(marqueeRect(120, 100, 90, 20), boxes).sort()).toEqual(["a", "c"]);
    expect(marqueeHits(marqueeRect(0, 0, 300, 120), boxes).sort()).toEqual(["a", "b", "c"]);
  });
  it("a marquee in empty space selects nothing; touching edges do not count", () => {
    expect(marqueeHits(marqueeRect(100, 0, 150, 55), boxes)).toEqual([]);
  });
});

describe("clip gain and fades", () => {
  it("dragging the handle up is louder, 2 px per dB, clamped to −60…+12 dB, to 0.1 dB", () => {
    expect(gainAfterDrag(0, -12)).toBe(6);
    expect(gainAfterDrag(0, 13)).toBe(-6.5);
    expect(gainAfterDrag(6, -100)).toBe(12);
    expect(gainAfterDrag(0, 1000)).toBe(-60);
  });
  it("the gain line: 0 dB a quarter down, +12 at the top, −60 at the bottom", () => {
    expect(gainLineY(0, 80)).toBe(20);
    expect(gainLineY(12, 80)).toBe(0);
    expect(gainLineY(-60, 80)).toBe(80);
    expect(gainLineY(-30, 80)).toBe(50);
  });
  it("labels dB with a sign", () => {
    expect(formatDb(3)).toBe("+3.0 dB");
    expect(formatDb(-6.5)).toBe("−6.5 dB");
    expect(formatDb(0)).toBe("0.0 dB");
    expect(formatDb(-60)).toBe("−∞ dB");
  });
  it("a fade corner dragged in by a quarter of the clip fades a quarter of its frames, never past the other fade", () => {
    expect(fadeFramesAt("fade-in", 50, 200, 48000, 0)).toBe(12000);
    expect(fadeFramesAt("fade-out", 150, 200, 48000, 0)).toBe(12000);
    expect(fadeFramesAt("fade-in", 190, 200, 48000, 24000)).toBe(24000);
    expect(fadeFramesAt("fade-in", -20, 200, 48000, 0)).toBe(0);
  });
  it("arrow keys nudge by the grid step, or a beat with snap off", () => {
    expect(nudgeTicks(1, 480, 960)).toBe(480);
    expect(nudgeTicks(-1, null, 960)).toBe(-960);
  });
});
