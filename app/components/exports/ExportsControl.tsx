"use client";

import { useState } from "react";
import { Icon } from "../common/Icon";
import { useAltShortcut } from "../common/useAltShortcut";
import { ExportsPanel } from "./ExportsPanel";

/** The top bar's Exports button (Alt+X): the mixes saved to the session. */
export function ExportsControl() {
  const [open, setOpen] = useState(false);
  useAltShortcut("KeyX", () => setOpen((v) => !v));
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => setOpen(true)}
        title="Exports saved to the session: play, download, compare (Alt+X)"
        data-testid="exports-button"
      >
        <Icon name="wave" size={14} />
        Exports
      </button>
      {open && <ExportsPanel onClose={() => setOpen(false)} />}
    </>
  );
}
