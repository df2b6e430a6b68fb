"use client";

import { useStoredSessions } from "../../lib/storage";
import { SessionListItem } from "./SessionListItem";
import { Icon } from "../common/Icon";
import styles from "./SessionList.module.css";

/** Sessions this browser holds a link for (read from localStorage). */
export function SessionList() {
  const sessions = useStoredSessions();

  return (
    <section className={styles.section} aria-labelledby="sessions-title">
      <div className={styles.header}>
        <h2 id="sessions-title" className={styles.title}>
          Your sessions
        </h2>
        {sessions && sessions.length > 0 && <span className={styles.count}>{sessions.length} on this device</span>}
      </div>

      {sessions === null ? (
        <div className={styles.placeholder} aria-hidden="true" />
      ) : sessions.length === 0 ? (
        <div className={styles.empty} data-testid="sessions-empty">
          <Icon name="music" size={20} />
          <div>
            <p className={styles.emptyTitle}>No sessions yet</p>
            <p className={styles.emptyBody}>
              Start one above, or open an invite link a bandmate sent you — it will show up here.
            </p>
          </div>
        </div>
      ) : (
        <ul className={styles.list} data-testid="session-list">
          {sessions.map((s) => (
            <SessionListItem key={s.sessionId} session={s} />
          ))}
        </ul>
      )}
    </section>
  );
}
