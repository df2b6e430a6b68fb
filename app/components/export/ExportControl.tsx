"use client";

import { useState } from "react";
import { Icon } from "../common/Icon";
import { useAltShortcut } from "../common/useAltShortcut";
import { ExportDialog } from "./ExportDialog";

/** The top bar's Export button (Alt+E). */
export function ExportControl() {
  const [open, setOpen] = useState(false);
  useAltShortcut("KeyE", () => setOpen(true));
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => setOpen(true)}
        title="Export the mix or stems (Alt+E)"
        data-testid="export-button"
      >
        <Icon name="download" size={14} />
        Export
      </button>
      {open && <ExportDialog onClose={() => setOpen(false)} />}
    </>
  );
}
