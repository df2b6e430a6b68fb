"use client";

import { useConnectionState } from "../../lib/collab/useConnectionState";
import { Icon } from "../common/Icon";
import { useStudio } from "./StudioContext";
import styles from "./StudioBanners.module.css";

/** Slim notices under the top bar: read-only roles, and errors from the live (socket.io) connection. */
export function StudioBanners() {
  const { connection, role, canEditSong } = useStudio();
  const state = useConnectionState(connection);
  const readOnly = !canEditSong;
  const commentOnly = role === "comment" && connection.canWrite("comments");

  return (
    <>
      {readOnly && (
        <div className={`${styles.banner} ${styles.info}`} role="status" data-testid="readonly-banner" data-role={role}>
          <Icon name={commentOnly ? "comment" : "eye"} size={14} />
          <span>
            {commentOnly
              ? "You can comment; the arrangement is read-only"
              : "View only — you can listen and follow along"}
          </span>
          <span className={styles.muted}>Changes from the band appear here live.</span>
        </div>
      )}
      {state.socketError && (
        <div className={`${styles.banner} ${styles.danger}`} role="alert" data-testid="socket-error">
          <Icon name="alert" size={14} />
          <span>{state.socketError.message}</span>
          <button
            type="button"
            className={`icon-btn icon-btn-sm ${styles.dismiss}`}
            aria-label="Dismiss"
            onClick={() => connection.dismissSocketError()}
          >
            <Icon name="close" size={12} />
          </button>
        </div>
      )}
    </>
  );
}
