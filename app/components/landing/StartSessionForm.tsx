"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { CreateSessionBody, SESSION_NAME_MAX } from "@bandspace/protocol";
import { createSession, errorMessage } from "../../lib/api";
import { saveStoredSession } from "../../lib/storage";
import { Icon } from "../common/Icon";
import { Spinner } from "../common/Spinner";
import styles from "./StartSessionForm.module.css";

/** "Start a session": POST /api/sessions, remember the owner token in this browser, open the studio. */
export function StartSessionForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const parsed = CreateSessionBody.safeParse({ name });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Give the session a name.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await createSession(parsed.data.name);
      saveStoredSession(created.sessionId, { token: created.ownerToken, role: "owner", name: created.name });
      router.push(`/s/${created.sessionId}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="start-title">
      <h2 id="start-title" className={styles.heading}>
        Start a session
      </h2>
      <label htmlFor="session-name" className="visually-hidden">
        Session name
      </label>
      <div className={styles.row}>
        <input
          id="session-name"
          className={`input input-lg ${styles.input}`}
          placeholder="Name it — e.g. Friday night demo"
          value={name}
          maxLength={SESSION_NAME_MAX}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setName(e.target.value);
            if (error) setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "start-error" : "start-hint"}
          data-testid="session-name-input"
          autoFocus
        />
        <button type="submit" className="btn btn-primary btn-lg" disabled={busy} data-testid="start-session">
          {busy ? <Spinner size={14} /> : <Icon name="plus" />}
          {busy ? "Creating…" : "Start a session"}
        </button>
      </div>
      {error ? (
        <p className="field-error" id="start-error" role="alert" data-testid="start-error">
          <Icon name="alert" size={14} />
          {error}
        </p>
      ) : (
        <p className="field-hint" id="start-hint">
          You&apos;ll be the owner. Share invite links from the studio when you&apos;re ready.
        </p>
      )}
    </form>
  );
}
