"use client";

import { useCallback, useEffect, useMemo, useRef } from "react";
import { usePresence } from "../../lib/collab/usePresence";
import { useEngineInstance } from "../../lib/engine/useAudioEngine";
import { ClipEditor } from "../pianoroll/ClipEditor";
import { DOCK_MIN } from "../timeline/uiStore";
import { useArrangementContext, useUI } from "./ArrangementContext";
import { useStudio } from "./StudioContext";
import styles from "./StudioShell.module.css";
import { DockResizeHandle } from "./DockResizeHandle";

/**
 * The lower pane, like a DAW's editor area: the clip editor for the open clip, resizable by its top edge
 * (height kept per person). Its keys stay its own (`data-own-shortcuts`), except Space for the transport.
 */
export function EditorDock({ clipId }: { clipId: string }) {
  const { connection, canEditSong, origin } = useStudio();
  const { ui, transport } = useArrangementContext();
  const height = useUI((s) => s.dockHeight);
  const engine = useEngineInstance(transport);
  const dockRef = useRef<HTMLDivElement>(null);
  const people = usePresence(connection);

  // My note selection goes to presence (via the UI store); theirs comes back as coloured outlines.
  const onSelectionChange = useCallback(
    (ids: readonly string[]) => ui.set({ noteSelection: ids.length ? { clipId, ids: [...ids] } : null }),
    [ui, clipId],
  );
  useEffect(() => () => ui.set({ noteSelection: null }), [ui, clipId]);
  const remoteNotes = useMemo(() => {
    const marks = new Map<string, { name: string; color: string }>();
    for (const p of people) {
      if (p.isLocal || p.selection?.kind !== "notes" || p.selection.clipId !== clipId) continue;
      for (const id of p.selection.ids) if (!marks.has(id)) marks.set(id, { name: p.name, color: p.color });
    }
    return marks;
  }, [people, clipId]);

  return (
    <section
      ref={dockRef}
      className={styles.dock}
      style={{ height }}
      aria-label="Clip editor"
      data-testid="editor-dock"
      data-clip-id={clipId}
      data-own-shortcuts
    >
      <DockResizeHandle
        heightKey="dockHeight"
        label="Resize the editor"
        className={styles.dockHandle}
        testId="editor-dock-handle"
        reserve={260}
        onDoubleClick={() =>
          ui.set({ dockHeight: ui.get().dockHeight > 360 ? 300 : Math.max(DOCK_MIN, window.innerHeight - 320) })
        }
      />
      <div className={styles.dockBody}>
        <ClipEditor
          key={clipId}
          doc={connection.songDoc}
          clipId={clipId}
          engine={engine}
          readOnly={!canEditSong}
          origin={origin}
          onSelectionChange={onSelectionChange}
          remoteNotes={remoteNotes}
          onClose={() => ui.set({ openClipId: null })}
        />
      </div>
    </section>
  );
}
