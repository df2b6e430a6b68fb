"use client";

import { useEffect, useState } from "react";
import { Icon } from "../common/Icon";
import { HistoryDialog } from "./HistoryDialog";

/** The top bar's History button (Alt+H). */
export function HistoryControl() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyH") {
        e.preventDefault();
        setOpen((v) => !v);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} title="History: versions and autosaves (Alt+H)" data-testid="history-button">
        <Icon name="history" size={14} />
        History
      </button>
      {open && <HistoryDialog onClose={() => setOpen(false)} />}
    </>
  );
}
