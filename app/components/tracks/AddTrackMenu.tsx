"use client";

import { useRef, useState } from "react";
import type { TrackKind } from "@bandspace/model";
import { Icon } from "../common/Icon";
import { Popover } from "../common/Popover";
import styles from "./AddTrackMenu.module.css";

export const KIND_INFO: Record<TrackKind, { label: string; blurb: string; shortcut: string }> = {
  audio: { label: "Audio track", blurb: "Record vocals, guitars — anything with a mic", shortcut: "T" },
  instrument: { label: "Instrument track", blurb: "Play and program a virtual instrument", shortcut: "⇧T" },
};

/** "Add track" → choose Audio or Instrument. */
export function AddTrackMenu({ onAdd, disabled }: { onAdd: (kind: TrackKind) => void; disabled: boolean }) {
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
        disabled={disabled}
        data-testid="add-track"
        onClick={() => setOpen((v) => !v)}
      >
        <Icon name="plus" size={13} />
        Add track
        <Icon name="caretDown" size={11} />
      </button>
      <Popover
        open={open}
        onClose={() => setOpen(false)}
        anchorRef={anchor}
        label="Add track"
        role="menu"
        testId="add-track-menu"
      >
        <div className={styles.menu}>
          {(["audio", "instrument"] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              role="menuitem"
              className={styles.item}
              data-testid={`add-track-${kind}`}
              onClick={() => {
                setOpen(false);
                onAdd(kind);
              }}
            >
              <span className={`${styles.icon} ${styles[kind]}`}>
                <Icon name={kind === "audio" ? "wave" : "instrument"} />
              </span>
              <span className={styles.text}>
                <span className={styles.label}>{KIND_INFO[kind].label}</span>
                <span className={styles.blurb}>{KIND_INFO[kind].blurb}</span>
              </span>
              <kbd>{KIND_INFO[kind].shortcut}</kbd>
            </button>
          ))}
        </div>
      </Popover>
    </>
  );
}
