"use client";

import { useRef } from "react";
import { Icon } from "../common/Icon";
import { Popover } from "../common/Popover";
import styles from "./ShortcutsHelp.module.css";

/** `keys` are pressed together; `or` marks alternatives instead. */
export const SHORTCUTS: Array<{ keys: string[]; action: string; edit?: boolean; or?: boolean; group?: string }> = [
  { keys: ["Space"], action: "Play / pause", group: "Transport" },
  { keys: ["Home"], action: "Back to the start" },
  { keys: ["L"], action: "Loop on / off" },
  { keys: ["M"], action: "Metronome on / off" },
  { keys: ["[", "]"], action: "Previous / next section", or: true },
  { keys: ["Ctrl", "Z"], action: "Undo my last change", edit: true, group: "Timeline" },
  { keys: ["Ctrl", "⇧", "Z"], action: "Redo (also Ctrl+Y)", edit: true },
  { keys: ["Ctrl", "D"], action: "Duplicate selected clips or sections", edit: true },
  { keys: ["Delete", "⌫"], action: "Delete selected clips or sections", edit: true, or: true },
  { keys: ["+", "−"], action: "Zoom in / out (or Ctrl+wheel)", or: true },
  { keys: ["Z"], action: "Zoom to fit the song" },
  { keys: ["⇧", "wheel"], action: "Scroll along the timeline" },
  {
    keys: ["Click", "⇧ / Ctrl"],
    action: "Select clips; add or remove one (or drag a marquee on an audio lane / Alt+drag)",
    group: "Editing clips",
  },
  {
    keys: ["Drag"],
    action: "Move selected clips, also to another track of the same kind (⇧: no snapping)",
    edit: true,
  },
  { keys: ["Alt", "drag"], action: "Copy the selected clips to where you drop them", edit: true },
  { keys: ["Ctrl", "Alt", "drag"], action: "Slip the audio inside a clip", edit: true },
  { keys: ["←", "→"], action: "Nudge selected clips by the grid", edit: true, or: true },
  { keys: ["S"], action: "Split selected clips at the playhead", edit: true },
  { keys: ["B"], action: "Split tool: click a clip to cut it there", edit: true },
  { keys: ["G"], action: "Glue selected adjacent pieces", edit: true },
  { keys: ["⇧", "R"], action: "Reverse selected audio clips (again: forwards)", edit: true },
  { keys: ["Q"], action: "Quantize selected audio clips' starts to the grid (beat when snap is off)", edit: true },
  {
    keys: ["Right-click"],
    action: "On an audio clip: Strip silence… (with preview) · Normalize… (peak or loudness, as clip gain)",
    edit: true,
  },
  { keys: ["Ctrl", "C"], action: "Copy selected clips" },
  { keys: ["Ctrl", "V"], action: "Paste at the playhead (on the selected track)", edit: true },
  { keys: ["Edges"], action: "Trim an audio clip · top corners: fades · dashed line: clip gain", edit: true },
  { keys: ["Swipe"], action: "On a take lane: that take plays there (comping)", edit: true },
  { keys: ["T"], action: "Add an audio track", edit: true, group: "Tracks" },
  { keys: ["⇧", "T"], action: "Add an instrument track", edit: true },
  { keys: ["↑"], action: "Select the track above" },
  { keys: ["↓"], action: "Select the track below" },
  { keys: ["Alt", "↑ / ↓"], action: "Move the selected track", edit: true },
  { keys: ["F2", "Enter"], action: "Rename the selected track", edit: true, or: true },
  { keys: ["Delete", "⌫"], action: "Delete the selected track (no clip selected)", edit: true, or: true },
  { keys: ["S"], action: "Solo the selected track, no clip selected — only you hear it (Alt+S: only this one)" },
  { keys: ["⇧", "M"], action: "Mute the selected track for everyone", edit: true },
  { keys: ["Alt", "T"], action: "Show or hide the selected audio track's take lanes" },
  { keys: ["Esc"], action: "Clear the selection" },
  { keys: ["Dbl-click"], action: "Open a clip in the editor · rename a section" },
  { keys: ["?"], action: "Show these shortcuts" },
  { keys: ["C"], action: "Comment at the playhead (on the selected clip when the playhead is in it)", group: "Review" },
  { keys: ["X"], action: "Show or hide the mixer", group: "Views" },
  { keys: ["Alt", "M"], action: "Show or hide the master view (master chain, loudness meter)" },
  { keys: ["Alt", "E"], action: "Export the mix or stems" },
  { keys: ["Alt", "H"], action: "History: versions and autosaves" },
  { keys: ["Alt", "X"], action: "Exports saved to the session: play, download, compare A/B" },
];

/** Shortcuts under their group headings (an entry without `group` belongs to the one before it). */
function groupShortcuts(): Array<[string, typeof SHORTCUTS]> {
  const groups: Array<[string, typeof SHORTCUTS]> = [];
  for (const s of SHORTCUTS) {
    if (s.group || groups.length === 0) groups.push([s.group ?? "", []]);
    groups[groups.length - 1][1].push(s);
  }
  return groups;
}

export function ShortcutsHelp({
  open,
  onOpenChange,
  canEdit,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  canEdit: boolean;
}) {
  const anchor = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="icon-btn"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        aria-expanded={open}
        data-testid="shortcuts-button"
        onClick={() => onOpenChange(!open)}
      >
        <Icon name="help" />
      </button>
      <Popover
        open={open}
        onClose={() => onOpenChange(false)}
        anchorRef={anchor}
        label="Keyboard shortcuts"
        placement="bottom-end"
        testId="shortcuts-help"
        autoFocus={false}
      >
        <div className={styles.panel}>
          <p className={styles.title}>Keyboard shortcuts</p>
          {groupShortcuts().map(([group, items]) => (
            <section key={group}>
              <h3 className={styles.group}>{group}</h3>
              <dl className={styles.list}>
                {items.map((s) => (
                  <div key={s.action} className={`${styles.row} ${s.edit && !canEdit ? styles.unavailable : ""}`}>
                    <dt className={styles.keys}>
                      {s.keys.map((k, i) => (
                        <span key={k} className={styles.key}>
                          {i > 0 && s.or && <span className={styles.or}>or</span>}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd className={styles.action}>{s.action}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
          {!canEdit && <p className={styles.note}>Editing shortcuts are off: your link is read-only.</p>}
        </div>
      </Popover>
    </>
  );
}
