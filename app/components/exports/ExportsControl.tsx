"use client";

import { useEffect, useState } from "react";
import { Icon } from "../common/Icon";
import { ExportsPanel } from "./ExportsPanel";

/** The top bar's Exports button (Alt+X): the mixes saved to the session. */
export function ExportsControl() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyX") {
        e.preventDefault();
        setOpen((v) => !v);
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
