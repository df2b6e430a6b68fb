"use client";

import { useEffect, useRef, useState } from "react";
import type { ShareLinkView } from "@bandspace/protocol";
import { joinUrl } from "../../lib/api";
import { copyText } from "../../lib/clipboard";
import { formatDateTime, ROLE_BADGE } from "../../lib/format";
import { Icon } from "../common/Icon";
import { ConfirmPopover } from "../common/ConfirmPopover";
import styles from "./ShareDialog.module.css";

export function ShareLinkRow({
  link,
  highlight,
  members,
  onRevoke,
}: {
  link: ShareLinkView;
  highlight: boolean;
  /** How many people joined through this link. */
  members: number;
  onRevoke: (link: ShareLinkView) => Promise<void>;
}) {
  const revoked = link.revokedAt !== null;
  const expired = !revoked && link.expiresAt !== null && Date.parse(link.expiresAt) <= Date.now();
  const url = joinUrl(link.token);
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const revokeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!copied) return;
    const id = window.setTimeout(() => setCopied(null), 1800);
    return () => window.clearTimeout(id);
  }, [copied]);

  return (
    <li
      className={`${styles.row} ${revoked ? styles.revoked : ""} ${highlight ? styles.fresh : ""}`}
      data-testid="share-link-row"
      data-role={link.role}
      data-revoked={revoked ? "true" : "false"}
      data-token={link.token}
    >
      <div className={styles.rowMain}>
        <div className={styles.rowTop}>
          <span
            className={`badge ${link.role === "edit" ? "badge-accent" : link.role === "comment" ? "badge-info" : ""}`}
          >
            {ROLE_BADGE[link.role]}
          </span>
          <span className={link.label ? styles.label : styles.noLabel}>{link.label ?? "No label"}</span>
          {revoked && (
            <span className="badge badge-danger" data-testid="share-link-revoked">
              revoked
            </span>
          )}
          {expired && (
            <span className="badge badge-danger" data-testid="share-link-expired">
              expired
            </span>
          )}
          {members > 0 && (
            <span
              className={styles.joined}
              data-testid="share-link-members"
              title="People who joined through this link"
            >
              <Icon name="users" size={12} /> {members}
            </span>
          )}
        </div>
        <div className={styles.rowMeta}>
          <span className={styles.url} title={url} data-testid="share-link-url">
            {url}
          </span>
          <span className={styles.date}>
            {revoked
              ? `Revoked ${formatDateTime(link.revokedAt!)}`
              : link.expiresAt
                ? `${expired ? "Expired" : "Expires"} ${formatDateTime(link.expiresAt)}`
                : `Created ${formatDateTime(link.createdAt)} · never expires`}
          </span>
        </div>
        {(link.refusedWrites ?? 0) > 0 && (
          // The server refused writes (forged authors, others' comments, presence …) from this link.
          <div className={styles.refused} role="note" data-testid="share-refused">
            <Icon name="alert" size={12} /> {link.refusedWrites} refused {link.refusedWrites === 1 ? "write" : "writes"}{" "}
            from this link
          </div>
        )}
      </div>
      {!revoked && (
        <div className={styles.rowActions}>
          <button
            type="button"
            className="btn btn-sm"
            data-testid="share-copy"
            data-copied={copied ?? undefined}
            onClick={async () => setCopied((await copyText(url)) ? "ok" : "failed")}
          >
            <Icon name={copied === "ok" ? "check" : "copy"} size={13} />
            {copied === "ok" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy link"}
          </button>
          <button
            ref={revokeRef}
            type="button"
            className={`btn btn-sm btn-ghost ${styles.revoke}`}
            disabled={busy}
            aria-expanded={confirming}
            data-testid="share-revoke"
            onClick={() => setConfirming((v) => !v)}
          >
            Revoke
          </button>
          <ConfirmPopover
            open={confirming}
            onClose={() => setConfirming(false)}
            anchorRef={revokeRef}
            title="Revoke this link?"
            body="Everyone who joined with it is disconnected now and can't open the session with it again."
            confirmLabel="Revoke link"
            testId="share-revoke-popover"
            confirmTestId="share-revoke-confirm"
            onConfirm={async () => {
              setBusy(true);
              await onRevoke(link);
              setBusy(false);
            }}
          />
        </div>
      )}
    </li>
  );
}
