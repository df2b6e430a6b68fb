import { PPQ } from "@bandspace/model";
import { ValueStore } from "../../lib/collab/store";

/** Horizontal zoom limits, as pixels per quarter note. */
export const MIN_PX_PER_QUARTER = 1.5;
export const MAX_PX_PER_QUARTER = 480;
export const DEFAULT_PX_PER_QUARTER = 28;
/** Bars always available to the right of the last clip or section. */
const TAIL_BARS = 16;
const MIN_BARS = 64;

export interface TimelineViewState {
  /** Pixels per tick (zoom). */
  pxPerTick: number;
  /**
   * The zoom blocks are laid out at (`--ppt`). During a zoom gesture it lags behind `pxPerTick` and layers are
   * scaled by the ratio (compositing only, no restyle of every clip); it catches up when the gesture pauses.
   */
  layoutPxPerTick: number;
  /** Horizontal scroll in pixels from tick 0. */
  scrollX: number;
  /** Width of the visible lane area in pixels. */
  width: number;
  /** Scrollable length in ticks. */
  contentTicks: number;
  ticksPerBar: number;
  /**
   * The tick range lanes render clips for (culling): the visible range plus margins, moved only when the view
   * leaves it or it grew much larger than needed — so scrolling and zooming re-render lanes rarely.
   */
  cullFrom: number;
  cullTo: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Zoom and horizontal scroll of the timeline, outside React: the ruler, grid, lanes and playheads subscribe
 * and write their own transforms/canvases, so scrolling and zooming never re-render the clip tree (lanes
 * re-render only when their culling window moves by a screen).
 */
export class TimelineView {
  readonly store: ValueStore<TimelineViewState>;
  private contentEnd = 0;
  private userScrollListeners = new Set<() => void>();
  private settleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.store = new ValueStore<TimelineViewState>({
      pxPerTick: DEFAULT_PX_PER_QUARTER / PPQ,
      layoutPxPerTick: DEFAULT_PX_PER_QUARTER / PPQ,
      scrollX: 0,
      width: 800,
      contentTicks: MIN_BARS * PPQ * 4,
      ticksPerBar: PPQ * 4,
      cullFrom: 0,
      cullTo: 0,
    });
  }

  get = (): TimelineViewState => this.store.get();
  subscribe = (l: () => void) => this.store.subscribe(l);

  tickToX(tick: number): number {
    const s = this.store.get();
    return tick * s.pxPerTick - s.scrollX;
  }

  xToTick(x: number): number {
    const s = this.store.get();
    return Math.max(0, (x + s.scrollX) / s.pxPerTick);
  }

  setWidth(width: number): void {
    this.apply({ width: Math.max(50, width) });
  }

  setMeter(ticksPerBar: number): void {
    this.apply({ ticksPerBar });
  }

  /** The end of the arrangement (last clip/section/loop end), to size the scroll range. */
  setContentEnd(tick: number): void {
    this.contentEnd = tick;
    this.apply({});
  }

  /** Called whenever a person scrolls or zooms by hand (wheel, scrollbar): follow mode lets go. */
  onUserScroll(listener: () => void): () => void {
    this.userScrollListeners.add(listener);
    return () => {
      this.userScrollListeners.delete(listener);
    };
  }

  setScrollX(scrollX: number, user = false): void {
    this.apply({ scrollX });
    if (user) for (const l of [...this.userScrollListeners]) l();
  }

  scrollBy(dx: number, user = true): void {
    this.setScrollX(this.store.get().scrollX + dx, user);
  }

  /**
   * Zoom to `pxPerQuarter`, keeping the tick under `anchorX` (viewport px; default: the centre) in place.
   * `gesture`: part of a continuous zoom (wheel/pinch) — blocks are re-laid out once it pauses.
   */
  zoomTo(pxPerQuarter: number, anchorX?: number, gesture = false): void {
    const s = this.store.get();
    const ppt = clamp(pxPerQuarter, MIN_PX_PER_QUARTER, MAX_PX_PER_QUARTER) / PPQ;
    const ax = anchorX ?? s.width / 2;
    const anchorTick = (ax + s.scrollX) / s.pxPerTick;
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    if (gesture) {
      this.apply({ pxPerTick: ppt, scrollX: anchorTick * ppt - ax });
      this.settleTimer = setTimeout(() => {
        this.settleTimer = null;
        this.apply({ layoutPxPerTick: this.store.get().pxPerTick });
      }, 160);
    } else {
      this.apply({ pxPerTick: ppt, layoutPxPerTick: ppt, scrollX: anchorTick * ppt - ax });
    }
  }

  zoomBy(factor: number, anchorX?: number, gesture = false): void {
    this.zoomTo(this.pxPerQuarter() * factor, anchorX, gesture);
  }

  pxPerQuarter(): number {
    return this.store.get().pxPerTick * PPQ;
  }

  /** Zoom to fit [startTick, endTick] in the visible width. */
  fit(startTick: number, endTick: number): void {
    const s = this.store.get();
    const span = Math.max(endTick - startTick, s.ticksPerBar);
    const ppt = clamp(((s.width - 24) / span) * PPQ, MIN_PX_PER_QUARTER, MAX_PX_PER_QUARTER) / PPQ;
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.apply({ pxPerTick: ppt, layoutPxPerTick: ppt, scrollX: startTick * ppt });
  }

  /**
   * Keeps `tick` in view: when it is outside [margin, width − margin], pages so it sits at `margin`
   * (DAW-style page flip). Returns true when it scrolled.
   */
  reveal(tick: number, margin = 0.06): boolean {
    const s = this.store.get();
    const x = tick * s.pxPerTick - s.scrollX;
    const m = s.width * margin;
    if (x >= 0 && x <= s.width - m) return false;
    this.setScrollX(tick * s.pxPerTick - m);
    return true;
  }

  private apply(patch: Partial<TimelineViewState>): void {
    const prev = this.store.get();
    const next = { ...prev, ...patch };
    const minTicks = Math.max(MIN_BARS * next.ticksPerBar, this.contentEnd + TAIL_BARS * next.ticksPerBar);
    next.contentTicks = Math.max(minTicks, Math.ceil(next.width / next.pxPerTick));
    const maxScroll = Math.max(0, next.contentTicks * next.pxPerTick - next.width);
    next.scrollX = clamp(next.scrollX, 0, maxScroll);
    // Culling range with hysteresis: needs half a screen either side; when it must move, it takes a screen.
    const screen = next.width / next.pxPerTick;
    const left = next.scrollX / next.pxPerTick;
    const needFrom = left - screen / 2;
    const needTo = left + 1.5 * screen;
    // Mid zoom gesture the lanes keep what they have (NotesCanvas paints the clips they lack) until it pauses.
    const midGesture = next.layoutPxPerTick !== next.pxPerTick && next.cullTo > next.cullFrom;
    if (
      !midGesture &&
      (next.cullFrom > Math.max(0, needFrom) || next.cullTo < needTo || next.cullTo - next.cullFrom > 5 * screen)
    ) {
      next.cullFrom = Math.max(0, left - screen);
      next.cullTo = left + 2 * screen;
    }
    if (
      next.pxPerTick === prev.pxPerTick &&
      next.layoutPxPerTick === prev.layoutPxPerTick &&
      next.scrollX === prev.scrollX &&
      next.width === prev.width &&
      next.contentTicks === prev.contentTicks &&
      next.ticksPerBar === prev.ticksPerBar &&
      next.cullFrom === prev.cullFrom &&
      next.cullTo === prev.cullTo
    )
      return;
    this.store.set(next);
  }
}
