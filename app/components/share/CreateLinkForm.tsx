"use client";

import { useState, type FormEvent } from "react";
import { CreateLinkBody, LINK_LABEL_MAX, type ShareLinkView, type ShareRole } from "@bandspace/protocol";
import { createLink, errorMessage } from "../../lib/api";
import { useStudio } from "../studio/StudioContext";
import { Icon } from "../common/Icon";
import { Spinner } from "../common/Spinner";
import styles from "./ShareDialog.module.css";

const ROLE_OPTIONS: Array<{ value: ShareRole; label: string }> = [
  { value: "edit", label: "Can edit" },
  { value: "comment", label: "Can comment" },
  { value: "view", label: "Can view" },
];

/** Expiry choices (ms from now; null = never). */
const EXPIRY_OPTIONS: Array<{ value: string; label: string; ms: number | null }> = [
  { value: "never", label: "Never", ms: null },
  { value: "1h", label: "In 1 hour", ms: 3600_000 },
  { value: "1d", label: "In 1 day", ms: 86400_000 },
  { value: "7d", label: "In 7 days", ms: 7 * 86400_000 },
  { value: "30d", label: "In 30 days", ms: 30 * 86400_000 },
];

export const ROLE_HELP: Record<ShareRole, string> = {
  edit: "Changes the arrangement, song sheet and tracks.",
  comment: "Listens along and leaves comments.",
  view: "Listens and follows along; changes nothing.",
};

export function CreateLinkForm({ onCreated }: { onCreated: (link: ShareLinkView) => void }) {
  const { sessionId, token } = useStudio();
  const [role, setRole] = useState<ShareRole>("edit");
  const [label, setLabel] = useState("");
  const [expiry, setExpiry] = useState("never");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const ms = EXPIRY_OPTIONS.find((o) => o.value === expiry)?.ms ?? null;
    const parsed = CreateLinkBody.safeParse({
      role,
      label: label.trim() || undefined,
      expiresAt: ms === null ? undefined : new Date(Date.now() + ms).toISOString(),
    });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the link's details.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const link = await createLink(sessionId, token, parsed.data);
      setLabel("");
      onCreated(link);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.create} onSubmit={onSubmit} noValidate>
      <div className={styles.createRow}>
        <label className={styles.field}>
          <span className="field-label">Role</span>
          <select
            className="select"
            value={role}
            onChange={(e) => setRole(e.target.value as ShareRole)}
            data-testid="share-role-select"
          >
            {ROLE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className={`${styles.field} ${styles.grow}`}>
          <span className="field-label">
            Label <span className={styles.optional}>optional</span>
          </span>
          <input
            className="input"
            value={label}
            maxLength={LINK_LABEL_MAX}
            placeholder="e.g. Drummer, Mix engineer"
            onChange={(e) => setLabel(e.target.value)}
            data-testid="share-label-input"
          />
        </label>
        <label className={styles.field}>
          <span className="field-label">Expires</span>
          <select
            className="select"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
            data-testid="share-expiry-select"
          >
            {EXPIRY_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="share-create">
          {busy ? <Spinner size={13} /> : <Icon name="link" size={14} />}
          Create link
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid="share-create-error">
          <Icon name="alert" size={14} />
          {error}
        </p>
      ) : (
        <p className="field-hint">{ROLE_HELP[role]}</p>
      )}
    </form>
  );
}
