"use client";

import { useEffect } from "react";
import { Icon } from "../common/Icon";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import styles from "./Master.module.css";

/** "Master": toggles the master view under the timeline; Alt+M from anywhere (as Alt+E exports, Alt+H history). */
export function MasterToggle() {
  const { ui } = useArrangementContext();
  const open = useUI((s) => s.masterOpen);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === "KeyM" && !e.repeat) {
        e.preventDefault();
        ui.set({ masterOpen: !ui.get().masterOpen });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [ui]);
  return (
    <button
      type="button"
      className={`btn btn-sm ${open ? styles.toggleOn : ""}`}
      aria-pressed={open}
      data-testid="master-toggle"
      title="Master: master chain and loudness meter (Alt+M)"
      onClick={() => ui.set({ masterOpen: !open })}
    >
      <Icon name="wave" size={14} />
      Master
    </button>
  );
}
