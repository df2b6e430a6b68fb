"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useAudioEngine } from "../../lib/engine/useAudioEngine";
import type { TransportController } from "../../lib/engine/TransportController";
import { RecordingController } from "../../lib/takes/RecordingController";
import { useStoreSelector } from "../../lib/collab/useStoreSelector";
import { useToast } from "../common/Toast";
import { TimelineView, type TimelineViewState } from "../timeline/viewStore";
import { ArrangementUI, type ArrangementUIState } from "../timeline/uiStore";
import { useStudio } from "./StudioContext";

export interface ArrangementContextValue {
  transport: TransportController;
  recording: RecordingController;
  view: TimelineView;
  ui: ArrangementUI;
}

const ArrangementContext = createContext<ArrangementContextValue | null>(null);

export function useArrangementContext(): ArrangementContextValue {
  const ctx = useContext(ArrangementContext);
  if (!ctx) throw new Error("useArrangementContext must be used inside <ArrangementProvider>");
  return ctx;
}

/** Part of the arrangement UI state (snap, selection, follow, open clip, panels). */
export function useUI<T>(selector: (s: ArrangementUIState) => T, isEqual?: (a: T, b: T) => boolean): T {
  const { ui } = useArrangementContext();
  return useStoreSelector(ui.store, selector, isEqual);
}

/** Part of the timeline view (zoom, scroll, width). Re-renders when that part changes — keep it coarse. */
export function useViewSelector<T>(selector: (s: TimelineViewState) => T, isEqual?: (a: T, b: T) => boolean): T {
  const { view } = useArrangementContext();
  return useStoreSelector(view.store, selector, isEqual);
}

/**
 * The studio page's transport (one AudioEngine, created on the first Play), timeline view and arrangement UI
 * state, shared by the transport bar, the timeline, the presence list and the dock panels.
 */
export function ArrangementProvider({ children }: { children: ReactNode }) {
  const { connection, sessionId, token, userId, origin } = useStudio();
  const toast = useToast();
  const transport = useAudioEngine(connection, (message) => toast.show(message, "error"));
  const [view] = useState(() => new TimelineView());
  const [ui] = useState(() => new ArrangementUI());

  // Scrolling or zooming by hand stops following someone.
  useEffect(() => view.onUserScroll(() => ui.get().followUserId && ui.set({ followUserId: null })), [view, ui]);

  const [recording] = useState(
    () =>
      new RecordingController(connection, transport, sessionId, token, userId, () => connection.displayName, origin),
  );
  useEffect(() => {
    recording.attach();
    return () => recording.detach();
  }, [recording]);

  const [value] = useState<ArrangementContextValue>(() => ({ transport, recording, view, ui }));
  return <ArrangementContext.Provider value={value}>{children}</ArrangementContext.Provider>;
}
