"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { forgetStoredSession, type StoredSessionEntry } from "../../lib/storage";
import { formatRelative, ROLE_BADGE } from "../../lib/format";
import { Icon } from "../common/Icon";
import { ConfirmPopover } from "../common/ConfirmPopover";
import styles from "./SessionList.module.css";

export function SessionListItem({ session }: { session: StoredSessionEntry }) {
  const [confirming, setConfirming] = useState(false);
  const removeRef = useRef<HTMLButtonElement>(null);
  const name = session.name || "Untitled session";

  return (
    <li className={styles.item} data-testid="session-list-item">
      <Link href={`/s/${session.sessionId}`} className={styles.link}>
        <span className={styles.itemIcon} aria-hidden="true">
          <Icon name="wave" />
        </span>
        <span className={styles.itemName}>{name}</span>
        <span className={`badge ${session.role === "owner" ? "badge-accent" : ""}`}>{ROLE_BADGE[session.role]}</span>
        <span className={styles.itemMeta}>
          {session.lastOpenedAt ? `Opened ${formatRelative(session.lastOpenedAt)}` : ""}
        </span>
        <span className={styles.open} aria-hidden="true">
          Open <Icon name="arrowRight" size={14} />
        </span>
      </Link>
      <button
        ref={removeRef}
        type="button"
        className={`icon-btn ${styles.remove}`}
        aria-label={`Remove ${name} from this device`}
        title="Remove from this device"
        aria-expanded={confirming}
        onClick={() => setConfirming((v) => !v)}
      >
        <Icon name="close" size={14} />
      </button>
      <ConfirmPopover
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => forgetStoredSession(session.sessionId)}
        anchorRef={removeRef}
        title={`Remove “${name}” from this device?`}
        body={
          session.role === "owner"
            ? "This browser holds the owner link. Without it you can't open the session or manage its sharing again."
            : "You'll need the invite link to open it again. The session itself is not deleted."
        }
        confirmLabel="Remove"
      />
    </li>
  );
}
