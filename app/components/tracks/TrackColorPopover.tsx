"use client";

import type { RefObject } from "react";
import { TRACK_COLORS } from "@bandspace/model";
import { Icon } from "../common/Icon";
import { Popover } from "../common/Popover";
import styles from "./TrackColorPopover.module.css";

const NAMES = ["Red", "Orange", "Yellow", "Green", "Teal", "Sky", "Blue", "Violet", "Pink", "Sand"];

export function TrackColorPopover({
  open,
  onClose,
  anchorRef,
  current,
  onPick,
}: {
  open: boolean;
  onClose: () => void;
  anchorRef: RefObject<HTMLElement | null>;
  current: string;
  onPick: (color: string) => void;
}) {
  return (
    <Popover open={open} onClose={onClose} anchorRef={anchorRef} label="Track colour" testId="track-color-popover">
      <div className={styles.grid} role="radiogroup" aria-label="Track colour">
        {TRACK_COLORS.map((c, i) => {
          const selected = c.toLowerCase() === current.toLowerCase();
          return (
            <button
              key={c}
              type="button"
              role="radio"
              aria-checked={selected}
              aria-label={NAMES[i] ?? c}
              title={NAMES[i] ?? c}
              className={styles.swatch}
              style={{ background: c }}
              data-testid="track-color-option"
              data-color={c}
              data-autofocus={selected ? true : undefined}
              onClick={() => {
                onPick(c);
                onClose();
              }}
            >
              {selected && <Icon name="check" size={14} />}
            </button>
          );
        })}
      </div>
    </Popover>
  );
}
