"use client";

import { useLayoutEffect, useRef } from "react";
import { useArrangementContext } from "../studio/ArrangementContext";
import styles from "./Timeline.module.css";

/**
 * A native horizontal scrollbar for the timeline: an empty scroller as wide as the arrangement, kept in sync
 * with the view both ways (the lanes themselves never scroll natively; they are translated).
 */
export function HScrollbar() {
  const { view } = useArrangementContext();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const apply = () => {
      const s = view.get();
      const scroller = scrollerRef.current;
      const spacer = spacerRef.current;
      if (!scroller || !spacer) return;
      const w = `${Math.ceil(s.contentTicks * s.pxPerTick)}px`;
      if (spacer.style.width !== w) spacer.style.width = w;
      if (Math.abs(scroller.scrollLeft - s.scrollX) > 0.5) scroller.scrollLeft = s.scrollX;
    };
    apply();
    return view.subscribe(apply);
  }, [view]);

  return (
    <div
      ref={scrollerRef}
      className={styles.hscroll}
      data-testid="timeline-scrollbar"
      onScroll={(e) => {
        // Our own scrollLeft writes come back as scroll events with the view's value: ignore those.
        const x = e.currentTarget.scrollLeft;
        if (Math.abs(x - view.get().scrollX) > 0.5) view.setScrollX(x, true);
      }}
    >
      <div ref={spacerRef} className={styles.hscrollSpacer} />
    </div>
  );
}
