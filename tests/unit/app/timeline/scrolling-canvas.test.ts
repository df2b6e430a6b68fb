import { describe, expect, it } from "vitest";
import { OVERSCAN_SCREENS, scrollingCanvasPlacement } from "../../../../app/components/timeline/canvas";

/** Where tick t lands in the viewport: painted at t·p0 − (X0 − pad), the canvas at −pad, then moved and stretched. */
function screenX(
  t: number,
  painted: { width: number; paintedX: number; paintedPpt: number },
  at: { tx: number; k: number },
) {
  const pad = painted.width * OVERSCAN_SCREENS;
  const canvasX = t * painted.paintedPpt - (painted.paintedX - pad);
  return -pad + at.tx + at.k * canvasX;
}

describe("a scrolling canvas painted beyond the viewport", () => {
  const painted = { width: 1000, paintedX: 5000, paintedPpt: 0.1 };

  it("follows a scroll within the painted span by translation alone, and asks for a repaint beyond it", () => {
    for (const scrollX of [5000, 4200, 5999]) {
      const at = scrollingCanvasPlacement(painted, { scrollX, pxPerTick: 0.1 })!;
      expect(at.k).toBe(1);
      // Tick 60 000 is at 6000 px on the timeline: on screen at 6000 − scrollX.
      expect(screenX(60_000, painted, at)).toBeCloseTo(6000 - scrollX, 9);
    }
    expect(scrollingCanvasPlacement(painted, { scrollX: 6001, pxPerTick: 0.1 })).toBeNull();
    expect(scrollingCanvasPlacement(painted, { scrollX: 3999, pxPerTick: 0.1 })).toBeNull();
  });

  it("stretches with a zoom gesture while the painting still covers the viewport", () => {
    // Zoom in 1.5× about the viewport's centre (tick 55 000 stays at 500 px).
    const zoomIn = { pxPerTick: 0.15, scrollX: 55_000 * 0.15 - 500 };
    const at = scrollingCanvasPlacement(painted, zoomIn)!;
    expect(at.k).toBeCloseTo(1.5, 12);
    for (const t of [50_000, 55_000, 58_000]) expect(screenX(t, painted, at)).toBeCloseTo(t * 0.15 - zoomIn.scrollX, 6);
    // Zoomed out 4× the three painted screens cover less than the viewport: repaint.
    expect(scrollingCanvasPlacement(painted, { pxPerTick: 0.025, scrollX: 55_000 * 0.025 - 500 })).toBeNull();
  });

  it("asks for a repaint when nothing was painted yet", () => {
    expect(
      scrollingCanvasPlacement(
        { width: 1000, paintedX: Number.NaN, paintedPpt: Number.NaN },
        { scrollX: 0, pxPerTick: 0.1 },
      ),
    ).toBeNull();
  });
});
