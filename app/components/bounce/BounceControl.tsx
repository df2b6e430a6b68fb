"use client";

import { useState } from "react";
import { Icon } from "../common/Icon";
import { useAltShortcut } from "../common/useAltShortcut";
import { BounceDialog } from "./BounceDialog";

/** The top bar's Bounce button (Alt+B): bounce a track, or its selected clips, in place. */
export function BounceControl() {
  const [open, setOpen] = useState(false);
  useAltShortcut("KeyB", () => setOpen(true));
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => setOpen(true)}
        title="Bounce a track in place to a new audio track (Alt+B)"
        data-testid="bounce-button"
      >
        <Icon name="wave" size={14} />
        Bounce
      </button>
      {open && <BounceDialog onClose={() => setOpen(false)} />}
    </>
  );
}
