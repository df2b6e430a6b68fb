import type { TimelineView } from "../timeline/viewStore";

/** A waveform drawing of part of a clip: clip-local pixels `from`…`to` at zoom `pxPerTick` (see TakeWaveform). */
export interface LaneWaveBitmap {
  canvas: HTMLCanvasElement;
  pxPerTick: number;
  from: number;
  to: number;
}

/** What the lane draws for one clip: where its block is and what to draw in it. */
export interface LaneWave {
  startTick: number;
  lengthTicks: number;
  bitmap: LaneWaveBitmap | null;
  /** Fade lengths as fractions of the clip's width (0: none). */
  fadeIn: number;
  fadeOut: number;
  /**
   * The clip-gain line shown now (hovered or being dragged), as a fraction of the block's height from its top
   * (editGestures.ts `gainLineY`); null: hidden. Drawn here, over the ink: the block's own line lies under this
   * canvas, and lifting it above would make a compositor layer per clip.
   */
  gainLine: number | null;
}

/**
 * The clip block's geometry in the lane (CSS px; Timeline.module.css `.clip`, Recording.module.css `.wave`): a
 * block spans the lane's height less 3 px above and below, inside a 1 px border; its waveform fills the padding
 * box below the 13 px name bar (from 14 px) to 2 px above the bottom.
 */
const CLIP_INSET_Y = 3;
const CLIP_BORDER = 1;
const WAVE_TOP = 14;
const WAVE_BOTTOM = 2;
const FADE_FILL = "rgba(6, 7, 9, 0.5)";
const FADE_LINE = "rgba(233, 235, 238, 0.55)";
/** The gain line when the page has no `--accent-line` (the block's CSS line uses that colour). */
const GAIN_LINE_FALLBACK = "rgba(242, 162, 58, 0.45)";

/**
 * One audio lane's waveforms, all on one canvas the size of the lane's visible part (not of the song), redrawn in
 * the animation frame after the timeline's scroll or zoom changed, outside React. Why: in software-composited
 * Chromium every displayed canvas is a compositor layer, and each frame's compositing update costs about the same
 * per layer; a canvas per clip made scrolling pay for a hundred layers or more, one per lane pays for the lanes on
 * screen. The clips keep light DOM (no canvas) for hit-testing, labels and handles; this canvas lies over them and
 * takes no pointer events.
 */
export class LaneWaveforms {
  private readonly waves = new Map<object, LaneWave>();
  private canvas: HTMLCanvasElement | null = null;
  private cssWidth = 0;
  private cssHeight = 0;
  private frame = 0;
  private offView: (() => void) | null = null;
  /** Fade shapes drawn by the last frame, mirrored in the canvas's `data-fades` (for tests and tools). */
  private fadesShown = -1;
  /** The theme's colour for the gain line, read when a canvas is attached. */
  private gainColor = GAIN_LINE_FALLBACK;

  constructor(private readonly view: TimelineView) {}

  /** The canvas to draw on (null: detached) and the lane's size in CSS px; follows the view while attached. */
  attach(canvas: HTMLCanvasElement | null, cssWidth = 0, cssHeight = 0): void {
    this.canvas = canvas;
    this.cssWidth = cssWidth;
    this.cssHeight = cssHeight;
    this.fadesShown = -1;
    if (canvas) this.gainColor = readGainColor(canvas);
    if (canvas && !this.offView) this.offView = this.view.subscribe(() => this.schedule());
    if (!canvas) {
      this.offView?.();
      this.offView = null;
      if (this.frame) cancelAnimationFrame(this.frame);
      this.frame = 0;
      return;
    }
    this.schedule();
  }

  /** Changes what `owner`'s clip draws (a clip not known yet starts with no drawing and no fades). */
  update(owner: object, change: Partial<LaneWave>): void {
    const wave = this.waves.get(owner) ?? {
      startTick: 0,
      lengthTicks: 0,
      bitmap: null,
      fadeIn: 0,
      fadeOut: 0,
      gainLine: null,
    };
    this.waves.set(owner, { ...wave, ...change });
    this.schedule();
  }

  remove(owner: object): void {
    if (this.waves.delete(owner)) this.schedule();
  }

  /** At most one draw per frame, however many clips and view changes asked for it. */
  private schedule(): void {
    if (this.frame || typeof requestAnimationFrame === "undefined") return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const canvas = this.canvas;
    if (!canvas) return;
    const s = this.view.get();
    const dpr = window.devicePixelRatio || 1;
    const laneWidth = this.cssWidth || s.width;
    const w = Math.max(1, Math.round(laneWidth * dpr));
    const h = Math.max(1, Math.round(this.cssHeight * dpr));
    // Resizing clears it too; a size write only when the lane's size changed.
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    const g = canvas.getContext("2d");
    if (!g) return;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, w, h);
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.imageSmoothingEnabled = true;
    const waveTop = CLIP_INSET_Y + CLIP_BORDER + WAVE_TOP;
    const waveHeight = this.cssHeight - waveTop - CLIP_INSET_Y - CLIP_BORDER - WAVE_BOTTOM;
    // Where the lanes' blocks are now: laid out at the layout zoom and, mid zoom gesture, stretched to the target
    // zoom by their layer's transform (useScrollLayer) — so a block's left edge is at startTick × pxPerTick.
    const k = s.pxPerTick / s.layoutPxPerTick;
    let fades = 0;
    /** Gain lines go on top after every clip's ink (an overlapping neighbour's waveform must not cover one). */
    const gains: { left: number; width: number; at: number }[] = [];
    for (const wave of this.waves.values()) {
      const left = wave.startTick * s.pxPerTick - s.scrollX;
      const width = Math.max(3, wave.lengthTicks * s.layoutPxPerTick - 1) * k;
      if (wave.lengthTicks <= 0 || left + width <= 0 || left >= laneWidth) continue;
      const bmp = wave.bitmap;
      if (bmp && waveHeight > 0) this.drawWave(g, bmp, left, width, laneWidth, waveTop, waveHeight, s.pxPerTick, dpr);
      if (wave.fadeIn > 0 || wave.fadeOut > 0) fades += this.drawFades(g, wave, left, width);
      if (wave.gainLine !== null) gains.push({ left, width, at: wave.gainLine });
    }
    for (const { left, width, at } of gains) this.drawGainLine(g, left, width, at, dpr);
    if (canvas.dataset.gainLines !== String(gains.length)) canvas.dataset.gainLines = String(gains.length);
    if (fades !== this.fadesShown) {
      this.fadesShown = fades;
      canvas.dataset.fades = String(fades);
    }
  }

  /**
   * A clip's drawing, stretched from its zoom to the block's zoom now, cut to the block and the lane. At its own
   * zoom (the drawing has a column per device pixel) it is copied column for column at whole device pixels: a
   * fractional offset would blend each column with its neighbour and smear ink into silence.
   */
  private drawWave(
    g: CanvasRenderingContext2D,
    bmp: LaneWaveBitmap,
    left: number,
    width: number,
    laneWidth: number,
    top: number,
    height: number,
    pxPerTick: number,
    dpr: number,
  ): void {
    const scale = pxPerTick / bmp.pxPerTick;
    const columns = bmp.canvas.width;
    if (Math.abs(scale - 1) < 1e-9) {
      const origin = Math.round((left + bmp.from) * dpr);
      const start = Math.max(0, origin, Math.round(left * dpr));
      const end = Math.min(Math.round(laneWidth * dpr), Math.round((left + width) * dpr), origin + columns);
      if (end > start)
        g.drawImage(
          bmp.canvas,
          start - origin,
          0,
          end - start,
          bmp.canvas.height,
          start / dpr,
          top,
          (end - start) / dpr,
          height,
        );
      return;
    }
    // Mid zoom gesture (or a nearby zoom's cached drawing): stretched, only the columns that land on the lane.
    const x0 = Math.max(left + bmp.from * scale, left, -1);
    const x1 = Math.min(left + bmp.to * scale, left + width, laneWidth + 1);
    if (x1 <= x0) return;
    const perPx = columns / Math.max(1e-9, bmp.to - bmp.from);
    const sx0 = ((x0 - left) / scale - bmp.from) * perPx;
    const sx1 = ((x1 - left) / scale - bmp.from) * perPx;
    const sw = Math.min(columns - sx0, sx1 - sx0);
    if (sw > 0) g.drawImage(bmp.canvas, sx0, 0, sw, bmp.canvas.height, x0, top, x1 - x0, height);
  }

  /**
   * A clip's gain line where its block's CSS line would be (Recording.module.css `.gainLine`: a dashed 1 px line
   * across the middle half of the padding box, `at` of its height down), on whole device pixels so it stays sharp.
   */
  private drawGainLine(g: CanvasRenderingContext2D, left: number, width: number, at: number, dpr: number): void {
    const top = CLIP_INSET_Y + CLIP_BORDER;
    const inner = Math.max(0, width - 2 * CLIP_BORDER);
    const height = this.cssHeight - 2 * (CLIP_INSET_Y + CLIP_BORDER);
    // The CSS line is the 1 px below `at`: centred half a pixel down, on whole device pixels.
    const y = (Math.round((top + at * height) * dpr) + dpr / 2) / dpr;
    g.save();
    g.lineWidth = 1;
    g.setLineDash([3, 3]);
    g.strokeStyle = this.gainColor;
    g.beginPath();
    g.moveTo(left + CLIP_BORDER + inner * 0.25, y);
    g.lineTo(left + CLIP_BORDER + inner * 0.75, y);
    g.stroke();
    g.restore();
  }

  /** The faded parts shaded above their lines, over the waveform (as the clip's fade handles show them). */
  private drawFades(g: CanvasRenderingContext2D, wave: LaneWave, left: number, width: number): number {
    const top = CLIP_INSET_Y + CLIP_BORDER;
    const bottom = this.cssHeight - CLIP_INSET_Y - CLIP_BORDER;
    const x0 = left + CLIP_BORDER;
    const inner = Math.max(0, width - 2 * CLIP_BORDER);
    const shapes: [number, number, number][] = [];
    if (wave.fadeIn > 0) shapes.push([x0, x0 + wave.fadeIn * inner, x0]);
    if (wave.fadeOut > 0) shapes.push([x0 + inner, x0 + inner - wave.fadeOut * inner, x0 + inner]);
    g.lineWidth = 1;
    for (const [corner, end, base] of shapes) {
      g.beginPath();
      g.moveTo(corner, top);
      g.lineTo(end, top);
      g.lineTo(base, bottom);
      g.closePath();
      g.fillStyle = FADE_FILL;
      g.fill();
      g.beginPath();
      g.moveTo(end, top);
      g.lineTo(base, bottom);
      g.strokeStyle = FADE_LINE;
      g.stroke();
    }
    return shapes.length;
  }
}

function readGainColor(canvas: HTMLCanvasElement): string {
  if (typeof getComputedStyle === "undefined") return GAIN_LINE_FALLBACK;
  return getComputedStyle(canvas).getPropertyValue("--accent-line").trim() || GAIN_LINE_FALLBACK;
}
