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
    let last: CullRange = { from: view.get().cullFrom, to: view.get().cullTo };
    const sync = () => {
      const { cullFrom: from, cullTo: to } = view.get();
      if (from === last.from && to === last.to) return;
      last = { from, to };
      const next = last;
      startTransition(() => setRange(next));
    };
    sync();
    return view.subscribe(sync);
  }, [view]);
  return range;
}
