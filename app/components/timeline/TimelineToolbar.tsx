"use client";

import { useRef, useState, useSyncExternalStore } from "react";
import { SECTION_PRESETS, SNAP_GRIDS, exportMidiFile, type SnapGrid } from "@bandspace/model";
import { usePresence } from "../../lib/collab/usePresence";
import { useSong } from "../../lib/collab/useSong";
import { Icon } from "../common/Icon";
import { Popover } from "../common/Popover";
import { useToast } from "../common/Toast";
import { useArrangementContext, useUI, useViewSelector } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { useTimelineActions } from "./useTimelineActions";
import { useMidiImport } from "./useMidiImport";
import { MAX_PX_PER_QUARTER, MIN_PX_PER_QUARTER } from "./viewStore";
import styles from "./TimelineToolbar.module.css";
import { fitEndTick } from "./contentEnd";

const SNAP_LABELS: Record<SnapGrid, string> = { bar: "Bar", beat: "Beat", "1/8": "1/8", "1/16": "1/16", off: "Off" };

/** The split tool (B): while on, a click on a clip cuts it there (snapped; Shift for anywhere). */
export function SplitToolToggle() {
  const { ui } = useArrangementContext();
  const { canEditSong } = useStudio();
  const on = useUI((s) => s.tool === "split");
  if (!canEditSong) return null;
  return (
    <button
      type="button"
      className="icon-btn"
      aria-pressed={on}
      aria-label="Split tool"
      title="Split tool (B): click a clip to cut it there"
      data-testid="split-tool"
      onClick={() => ui.set({ tool: on ? "pointer" : "split" })}
    >
      <Icon name="scissors" size={14} />
    </button>
  );
}

/** Snap grid used by every drag on the timeline. */
export function SnapSelect() {
  const { ui } = useArrangementContext();
  const snap = useUI((s) => s.snap);
  return (
    <label className={styles.snap} title="Snap: the grid every drag sticks to">
      <Icon name="magnet" size={14} />
      <select
        className={`select ${styles.select}`}
        value={snap}
        aria-label="Snap"
        data-testid="snap-select"
        onChange={(e) => ui.set({ snap: e.target.value as SnapGrid })}
      >
        {SNAP_GRIDS.map((g) => (
          <option key={g} value={g}>
            {SNAP_LABELS[g]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** − / + zoom and zoom to fit. */
export function ZoomControls() {
  const { connection } = useStudio();
  const { view } = useArrangementContext();
  const ppq = useViewSelector((s) => s.pxPerTick * 960);
  const fit = () => view.fit(0, fitEndTick(connection));
  return (
    <div className={styles.group} role="group" aria-label="Zoom">
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Zoom out"
        title="Zoom out (−, or Ctrl+wheel)"
        data-testid="zoom-out"
        disabled={ppq <= MIN_PX_PER_QUARTER + 1e-6}
        onClick={() => view.zoomBy(1 / 1.4)}
      >
        <Icon name="zoomOut" size={14} />
      </button>
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Zoom in"
        title="Zoom in (+, or Ctrl+wheel)"
        data-testid="zoom-in"
        disabled={ppq >= MAX_PX_PER_QUARTER - 1e-6}
        onClick={() => view.zoomBy(1.4)}
      >
        <Icon name="zoomIn" size={14} />
      </button>
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Zoom to fit"
        title="Zoom to fit the song (Z)"
        data-testid="zoom-fit"
        onClick={fit}
      >
        <Icon name="fit" size={14} />
      </button>
    </div>
  );
}

/** Adds a section at the playhead from the presets (Intro, Verse, Chorus …). */
export function AddSectionMenu() {
  const { canEditSong } = useStudio();
  const actions = useTimelineActions();
  const [open, setOpen] = useState(false);
  const anchor = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="btn btn-sm"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={!canEditSong}
        data-testid="add-section"
        title="Add a section at the playhead"
        onClick={() => setOpen((v) => !v)}
      >
        <Icon name="marker" size={13} />
        Section
        <Icon name="caretDown" size={11} />
      </button>
      <Popover
        open={open}
        onClose={() => setOpen(false)}
        anchorRef={anchor}
        label="Add section"
        role="menu"
        testId="add-section-menu"
      >
        <div className={styles.menu}>
          <p className={styles.menuTitle}>Add at the playhead</p>
          {SECTION_PRESETS.map((name) => (
            <button
              key={name}
              type="button"
              role="menuitem"
              className={styles.menuItem}
              data-testid="add-section-option"
              data-name={name}
              onClick={() => {
                setOpen(false);
                actions.addSectionAtPlayhead(name);
              }}
            >
              {name}
            </button>
          ))}
        </div>
      </Popover>
    </>
  );
}

/** Import (.mid at the playhead's bar) and export (`<title>.mid`). */
export function MidiButtons() {
  const { connection, canEditSong } = useStudio();
  const { song } = useSong(connection);
  const { transport } = useArrangementContext();
  const toast = useToast();
  const importMidi = useMidiImport();
  const fileRef = useRef<HTMLInputElement>(null);

  const exportMidi = () => {
    try {
      const bytes = exportMidiFile(connection.songDoc);
      const blob = new Blob([bytes as BlobPart], { type: "audio/midi" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${(song.title || "Untitled").replace(/[\\/:*?"<>|]+/g, "-").trim() || "Untitled"}.mid`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      console.error("MIDI export failed", err);
      toast.show("The MIDI file could not be made.", "error");
    }
  };

  return (
    <div className={styles.group} role="group" aria-label="MIDI files">
      <input
        ref={fileRef}
        type="file"
        accept=".mid,.midi,audio/midi,audio/x-midi"
        hidden
        data-testid="midi-import-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void importMidi(file, transport.positionTick());
        }}
      />
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Import MIDI file"
        title="Import a MIDI file at the playhead (or drop one on the timeline)"
        disabled={!canEditSong}
        data-testid="midi-import"
        onClick={() => fileRef.current?.click()}
      >
        <Icon name="upload" size={14} />
      </button>
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Export MIDI file"
        title="Export the song as a MIDI file"
        data-testid="midi-export"
        onClick={exportMidi}
      >
        <Icon name="download" size={14} />
      </button>
    </div>
  );
}

/** Undo / redo of my own edits (a bandmate's changes are theirs to undo). */
export function UndoButtons() {
  const { undo, canEditSong } = useStudio();
  const state = useSyncExternalStore(undo.state.subscribe, undo.state.get, undo.state.get);
  const mod = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+";
  if (!canEditSong) return null;
  return (
    <div className={styles.group} role="group" aria-label="Undo and redo">
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Undo"
        title={`Undo my last change (${mod}Z)`}
        disabled={!state.canUndo}
        data-testid="undo"
        onClick={() => undo.undo()}
      >
        <Icon name="undo" size={14} />
      </button>
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Redo"
        title={`Redo (${mod}⇧Z)`}
        disabled={!state.canRedo}
        data-testid="redo"
        onClick={() => undo.redo()}
      >
        <Icon name="redo" size={14} />
      </button>
    </div>
  );
}

/** "Lyrics & chords": toggles the song-sheet side panel. */
export function SongPanelToggle() {
  const { ui } = useArrangementContext();
  const open = useUI((s) => s.songPanelOpen);
  return (
    <button
      type="button"
      className={`btn btn-sm ${open ? styles.on : ""}`}
      aria-pressed={open}
      data-testid="songsheet-toggle"
      title="Lyrics & chords for each section"
      onClick={() => ui.set({ songPanelOpen: !open })}
    >
      <Icon name="lyrics" size={14} />
      Lyrics &amp; chords
    </button>
  );
}

/** "Mixer": toggles the mixer dock under the timeline (X). */
export function MixerToggle() {
  const { ui } = useArrangementContext();
  const open = useUI((s) => s.mixerOpen);
  return (
    <button
      type="button"
      className={`btn btn-sm ${open ? styles.on : ""}`}
      aria-pressed={open}
      data-testid="mixer-toggle"
      title="Mixer: strips, effects, buses, sends (X)"
      onClick={() => ui.set({ mixerOpen: !open })}
    >
      <Icon name="mixer" size={14} />
      Mixer
    </button>
  );
}

/** Shown while following someone: whose playhead, and a way to stop. */
export function FollowChip() {
  const { connection } = useStudio();
  const { ui } = useArrangementContext();
  const followUserId = useUI((s) => s.followUserId);
  const people = usePresence(connection);
  const person = people.find((p) => p.userId === followUserId);
  if (!followUserId || !person) return null;
  return (
    <span className={styles.follow} style={{ ["--c" as string]: person.color }} data-testid="follow-chip">
      <Icon name="follow" size={13} />
      Following {person.name}
      <button
        type="button"
        className="icon-btn icon-btn-sm"
        aria-label="Stop following"
        data-testid="follow-stop"
        onClick={() => ui.set({ followUserId: null })}
      >
        <Icon name="close" size={11} />
      </button>
    </span>
  );
}
