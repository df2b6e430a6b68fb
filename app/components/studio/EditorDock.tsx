"use client";

import { useRef } from "react";
import { useEngineInstance } from "../../lib/engine/useAudioEngine";
import { ClipEditor } from "../pianoroll/ClipEditor";
import { beginDrag } from "../timeline/drag";
import { DOCK_MIN } from "../timeline/uiStore";
import { useArrangementContext, useUI } from "./ArrangementContext";
import { useStudio } from "./StudioContext";
import styles from "./StudioShell.module.css";

/**
 * The lower pane, like a DAW's editor area: the clip editor for the open clip, resizable by its top edge
 * (height kept per person). Its keys stay its own (`data-own-shortcuts`), except Space for the transport.
 */
export function EditorDock({ clipId }: { clipId: string }) {
  const { connection, canEditSong } = useStudio();
  const { ui, transport } = useArrangementContext();
  const height = useUI((s) => s.dockHeight);
  const engine = useEngineInstance(transport);
  const dockRef = useRef<HTMLDivElement>(null);

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
      <div
        className={styles.dockHandle}
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the editor"
        data-testid="editor-dock-handle"
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          const start = ui.get().dockHeight;
          const max = () => Math.max(DOCK_MIN, window.innerHeight - 260);
          beginDrag(e, {
            move: (_dx, dy) => ui.set({ dockHeight: Math.round(Math.min(max(), Math.max(DOCK_MIN, start - dy))) }),
          });
        }}
        onDoubleClick={() => ui.set({ dockHeight: ui.get().dockHeight > 360 ? 300 : Math.max(DOCK_MIN, window.innerHeight - 320) })}
      />
      <div className={styles.dockBody}>
        <ClipEditor
          key={clipId}
          doc={connection.songDoc}
          clipId={clipId}
          engine={engine}
          readOnly={!canEditSong}
          onClose={() => ui.set({ openClipId: null })}
        />
      </div>
    </section>
  );
}
