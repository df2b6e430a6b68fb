"use client";

import { SongSheetPanel } from "../songsheet/SongSheetPanel";
import { Icon } from "../common/Icon";
import { useArrangementContext } from "./ArrangementContext";
import { useStudio } from "./StudioContext";
import styles from "./StudioShell.module.css";

/** The right-hand "Lyrics & chords" panel (toggled from the arrangement toolbar). */
export function SongSheetSidePanel() {
  const { connection, canEditSong, origin } = useStudio();
  const { ui } = useArrangementContext();
  return (
    <aside className={styles.side} aria-label="Lyrics and chords" data-testid="songsheet-side-panel" data-own-shortcuts>
      <div className={styles.sideHeader}>
        <span className={styles.sideTitle}>Lyrics &amp; chords</span>
        <button
          type="button"
          className="icon-btn icon-btn-sm"
          aria-label="Close lyrics and chords"
          data-testid="songsheet-close"
          onClick={() => ui.set({ songPanelOpen: false })}
        >
          <Icon name="close" size={12} />
        </button>
      </div>
      <div className={styles.sideBody}>
        <SongSheetPanel
          doc={connection.songDoc}
          awareness={connection.awareness}
          readOnly={!canEditSong}
          origin={origin}
        />
      </div>
    </aside>
  );
}
