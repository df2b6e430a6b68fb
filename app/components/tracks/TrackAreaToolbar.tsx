"use client";

import { MasterToggle } from "../master/MasterToggle";
import type { TrackKind } from "@bandspace/model";
import { CommentsToggle } from "../comments/CommentsToggle";
import {
  AddSectionMenu,
  FollowChip,
  MidiButtons,
  SnapSelect,
  SplitToolToggle,
  SongPanelToggle,
  MixerToggle,
  UndoButtons,
  ZoomControls,
} from "../timeline/TimelineToolbar";
import { AddTrackMenu } from "./AddTrackMenu";
import { ShortcutsHelp } from "./ShortcutsHelp";
import styles from "./TrackArea.module.css";

/** The arrangement's toolbar: add track / section, undo, snap, zoom, MIDI, follow, panels, shortcuts help. */
export function TrackAreaToolbar(props: {
  trackCount: number;
  canEdit: boolean;
  onAddTrack: (kind: TrackKind) => void;
  helpOpen: boolean;
  setHelpOpen: (open: boolean) => void;
}) {
  return (
    <div className={styles.toolbar}>
      <span className={styles.toolbarTitle}>Tracks</span>
      <span className={styles.toolbarCount} data-testid="track-count">
        {props.trackCount}
      </span>
      <AddTrackMenu onAdd={props.onAddTrack} disabled={!props.canEdit} />
      <AddSectionMenu />
      <UndoButtons />
      <span className={styles.divider} aria-hidden="true" />
      <SnapSelect />
      <SplitToolToggle />
      <ZoomControls />
      <span className={styles.divider} aria-hidden="true" />
      <MidiButtons />
      <span className={styles.spacer} />
      <FollowChip />
      <MixerToggle />
      <MasterToggle />
      <SongPanelToggle />
      <CommentsToggle />
      <ShortcutsHelp open={props.helpOpen} onOpenChange={props.setHelpOpen} canEdit={props.canEdit} />
    </div>
  );
}
