"use client";

import { startTransition, useEffect, useState } from "react";
import type { TimelineView } from "./viewStore";

export interface CullRange {
  from: number;
  to: number;
}

/**
 * The view's culling range (ticks), followed in a transition: mounting the clips that scrolled into the margin is
 * interruptible work that never holds up a frame (the margin keeps them off screen until then). Lanes re-render
 * only when this range moves (about once a screen of scrolling), never per frame.
 */
export function useCullRange(view: TimelineView): CullRange {
  const [range, setRange] = useState<CullRange>(() => ({ from: view.get().cullFrom, to: view.get().cullTo }));
  useEffect(() => {
    // From what was rendered (not the view now): the view may have moved between render and this effect (the
    // frame's width is measured in a layout effect), and that move must still reach the state.
    let last: CullRange = range;
    const sync = () => {
      const { cullFrom: from, cullTo: to } = view.get();
      if (from === last.from && to === last.to) return;
      last = { from, to };
      const next = last;
      startTransition(() => setRange(next));
    };
    sync();
    return view.subscribe(sync);
    // `range` is read once, on mount: later changes come through `sync`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view]);
  return range;
}
