"use client";

import { useEffect, useState } from "react";
import { useStoreSelector } from "../../lib/collab/useStoreSelector";
import { useStudio } from "../studio/StudioContext";
import { Icon } from "../common/Icon";
import { useAltShortcut } from "../common/useAltShortcut";
import { useToast } from "../common/Toast";
import { HistoryDialog } from "./HistoryDialog";

/** The top bar's History button (Alt+H); also announces a restore made by someone else. */
export function HistoryControl() {
  const { connection } = useStudio();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const lastEvent = useStoreSelector(connection.versions, (v) => v.lastEvent);

  useEffect(() => {
    // The person who restored has the History open and gets its own confirmation.
    if (!open && lastEvent?.action === "restored") {
      toast.show(`${lastEvent.by ?? "Someone"} restored the version “${lastEvent.version.name}”.`, "info");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- announce each event once
  }, [lastEvent]);

  useAltShortcut("KeyH", () => setOpen((v) => !v));
  return (
    <>
      <button
        type="button"
        className="btn"
        onClick={() => setOpen(true)}
        title="History: versions and autosaves (Alt+H)"
        data-testid="history-button"
      >
        <Icon name="history" size={14} />
        History
      </button>
      {open && <HistoryDialog onClose={() => setOpen(false)} />}
    </>
  );
}
