"use client";

import type { ArrangementUIState } from "../timeline/uiStore";
import { DOCK_MIN } from "../timeline/uiStore";
import { beginDrag } from "../timeline/drag";
import { useArrangementContext } from "./ArrangementContext";

type HeightKey = {
  [K in keyof ArrangementUIState]: ArrangementUIState[K] extends number ? K : never;
}[keyof ArrangementUIState];

/**
 * The drag bar on top of a dock under the timeline (editor, mixer, master): dragging it up makes the dock taller,
 * between DOCK_MIN and the window's height less `reserve` pixels (the top bar, transport and some timeline stay in
 * view). The height is a personal preference kept in the arrangement UI store under `heightKey`.
 */
export function DockResizeHandle(props: {
  heightKey: HeightKey;
  label: string;
  className: string;
  reserve?: number;
  testId?: string;
  onDoubleClick?: () => void;
}) {
  const { ui } = useArrangementContext();
  const { heightKey, reserve = 220 } = props;
  return (
    <div
      className={props.className}
      role="separator"
      aria-orientation="horizontal"
      aria-label={props.label}
      data-testid={props.testId}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        const start = ui.get()[heightKey];
        const max = () => Math.max(DOCK_MIN, window.innerHeight - reserve);
        beginDrag(e, {
          move: (_dx, dy) => ui.set({ [heightKey]: Math.round(Math.min(max(), Math.max(DOCK_MIN, start - dy))) }),
        });
      }}
      onDoubleClick={props.onDoubleClick}
    />
  );
}
