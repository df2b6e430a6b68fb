"use client";

import { useSaveStatus } from "../../lib/collab/useSaveStatus";
import { useConnectionState } from "../../lib/collab/useConnectionState";
import type { SaveStatus as Status } from "../../lib/collab/SessionConnection";
import { useStudio } from "../studio/StudioContext";
import { Icon, type IconName } from "../common/Icon";
import { Spinner } from "../common/Spinner";
import styles from "./SaveStatus.module.css";

const VIEW: Record<Status, { text: string; icon: IconName | "spinner"; tone: string; tip: string }> = {
  saved: { text: "Saved", icon: "cloudCheck", tone: styles.ok, tip: "Every change you made is stored on the server." },
  saving: {
    text: "Saving…",
    icon: "spinner",
    tone: styles.busy,
    tip: "Your latest changes are on their way to the server.",
  },
  offline: {
    text: "Offline — changes kept and will sync",
    icon: "cloudOff",
    tone: styles.warn,
    tip: "Keep working: your changes are kept in this browser (also across a reload) and merge when the connection returns.",
  },
  readonly: { text: "Live", icon: "eye", tone: styles.ok, tip: "You're following the session live." },
  disconnected: { text: "Offline", icon: "cloudOff", tone: styles.warn, tip: "Trying to reconnect…" },
};

/** Save state from the server's persisted acknowledgements, plus the reconnecting indicator. */
export function SaveStatus() {
  const { connection } = useStudio();
  const status = useSaveStatus(connection);
  const { phase } = useConnectionState(connection);
  const view = VIEW[status];

  return (
    <div className={styles.wrap}>
      {phase === "reconnecting" && (
        <span className={styles.reconnecting} role="status" data-testid="reconnecting">
          <Spinner size={11} />
          Reconnecting…
        </span>
      )}
      <span
        className={`${styles.status} ${view.tone}`}
        role="status"
        aria-live="polite"
        data-testid="save-status"
        data-status={status}
        title={view.tip}
      >
        {view.icon === "spinner" ? <Spinner size={12} /> : <Icon name={view.icon} size={15} />}
        <span className={styles.text}>{view.text}</span>
      </span>
    </div>
  );
}
