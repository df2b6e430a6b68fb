"use client";

import { useConnectionState } from "../../lib/collab/useConnectionState";
import { Icon } from "../common/Icon";
import { useStudio } from "./StudioContext";
import styles from "./StudioBanners.module.css";

/**
 * Slim notices under the top bar: read-only roles, documents this version can only partly read, a change
 * the server refused, and errors from the live (socket.io) connection.
 */
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
      {(["song", "comments"] as const).map(
        (doc) =>
          state.docProblems[doc] && (
            <div
              key={doc}
              className={`${styles.banner} ${styles.danger}`}
              role="alert"
              data-testid="doc-problem"
              data-doc={doc}
            >
              <Icon name="alert" size={14} />
              <span>{state.docProblems[doc]}</span>
              {role === "owner" && (
                <span className={styles.muted}>History (Alt+H) → restore a version repairs it.</span>
              )}
            </div>
          ),
      )}
      {state.refused && (
        <div className={`${styles.banner} ${styles.danger}`} role="alert" data-testid="write-refused">
          <Icon name="alert" size={14} />
          <span>
            The server refused a change to the {state.refused.doc === "comments" ? "comments" : "song"}:{" "}
            {state.refused.message}
          </span>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => window.location.reload()}>
            Reload
          </button>
          <button
            type="button"
            className={`icon-btn icon-btn-sm ${styles.dismiss}`}
            aria-label="Dismiss"
            onClick={() => connection.dismissRefusal()}
          >
            <Icon name="close" size={12} />
          </button>
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
