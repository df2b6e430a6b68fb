"use client";

import { useEffect, useState } from "react";
import { Icon } from "../common/Icon";
import { ExportDialog } from "./ExportDialog";

/** The top bar's Export button (Alt+E). */
export function ExportControl() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyE") {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
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
