"use client";

import { TopBar } from "../topbar/TopBar";
import { TransportBar } from "../transport/TransportBar";
import { TrackArea } from "../tracks/TrackArea";
import { CommentsPanel } from "../comments/CommentsPanel";
import { useCommentShortcut } from "../comments/useCommentShortcut";
import { ArrangementProvider, useUI } from "./ArrangementContext";
import { EditorDock } from "./EditorDock";
import { MixerDock } from "../mixer/MixerDock";
import { MasterDock } from "../master/MasterDock";
import { SongSheetSidePanel } from "./SongSheetSidePanel";
import { StudioBanners } from "./StudioBanners";
import { StatusBar } from "./StatusBar";
import styles from "./StudioShell.module.css";

/**
 * The studio's desktop-DAW layout: top bar, notices, transport; the arrangement with the clip editor docked
 * below it and the lyrics & chords panel on the right; status bar.
 */
export function StudioShell() {
  return (
    <ArrangementProvider>
      <div className={styles.shell} data-testid="studio">
        <TopBar />
        <StudioBanners />
        <TransportBar />
        <Workspace />
        <StatusBar />
      </div>
    </ArrangementProvider>
  );
}

function Workspace() {
  const openClipId = useUI((s) => s.openClipId);
  const mixerOpen = useUI((s) => s.mixerOpen);
  const masterOpen = useUI((s) => s.masterOpen);
  const songPanelOpen = useUI((s) => s.songPanelOpen);
  const commentsPanelOpen = useUI((s) => s.commentsPanelOpen);
  useCommentShortcut();
  return (
    <div className={styles.workspace}>
      <div className={styles.center}>
        <main className={styles.main} aria-label="Arrangement">
          <TrackArea />
        </main>
        {openClipId && <EditorDock clipId={openClipId} />}
        {mixerOpen && <MixerDock />}
        {masterOpen && <MasterDock />}
      </div>
      {songPanelOpen && <SongSheetSidePanel />}
      {commentsPanelOpen && <CommentsPanel />}
    </div>
  );
}
