"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { LinkInfo, Role } from "@bandspace/protocol";
import { ApiError, getLinkInfo } from "../../lib/api";
import {
  DISPLAY_NAME_MAX,
  getDisplayName,
  getStoredSession,
  saveDisplayName,
  saveStoredSession,
} from "../../lib/storage";
import { ROLE_PHRASE } from "../../lib/format";
import { MessagePage } from "../common/MessagePage";
import { Icon } from "../common/Icon";
import { Spinner } from "../common/Spinner";
import styles from "./JoinSession.module.css";

type State =
  | { kind: "loading" }
  | { kind: "ready"; link: LinkInfo }
  | { kind: "invalid"; code: string; message: string }
  | { kind: "unreachable"; message: string };

const RANK: Record<Role, number> = { view: 0, comment: 1, edit: 2, owner: 3 };

const ROLE_DETAIL: Record<Role, string> = {
  owner: "You'll have full control, including who else can join.",
  edit: "You can change the arrangement, song sheet and tracks with everyone else, live.",
  comment: "You can listen along and leave comments; the arrangement stays read-only for you.",
  view: "You can listen and follow along live; nothing you do changes the song.",
};

/** /join/[token]: look the link up, ask for a display name, remember the link in this browser, open the studio. */
export function JoinSession({ token }: { token: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);

  useEffect(() => {
    setName((n) => n || getDisplayName() || "");
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    setState({ kind: "loading" });
    getLinkInfo(token, ctrl.signal).then(
      (link) => setState({ kind: "ready", link }),
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        if (err instanceof ApiError && (err.code === "NETWORK" || err.status >= 500)) {
          setState({ kind: "unreachable", message: err.message });
        } else {
          setState({
            kind: "invalid",
            code: err instanceof ApiError ? err.code : "INVALID_TOKEN",
            message: err instanceof Error ? err.message : "This invite link is not valid.",
          });
        }
      },
    );
    return () => ctrl.abort();
  }, [token, attempt]);

  if (state.kind === "invalid") {
    const revoked = state.code === "LINK_REVOKED";
    const expired = state.code === "LINK_EXPIRED";
    return (
      <MessagePage
        icon="link"
        tone="danger"
        title={
          revoked
            ? "This invite link was revoked"
            : expired
              ? "This invite link has expired"
              : "This invite link doesn't work"
        }
        testId="join-error"
        body={
          <>
            <p>{state.message}</p>
            {!/\bask\b/i.test(state.message) && (
              <p>
                Ask the person who invited you for a fresh link — owners make new ones from the studio&apos;s Share
                button.
              </p>
            )}
          </>
        }
      />
    );
  }

  if (state.kind === "unreachable") {
    return (
      <MessagePage
        icon="cloudOff"
        title="Can't reach Bandspace right now"
        body={state.message}
        testId="join-unreachable"
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setAttempt((a) => a + 1)}>
            Try again
          </button>
        }
      />
    );
  }

  if (state.kind === "loading") {
    return (
      <MessagePage title="Opening your invite…" hideHome testId="join-loading">
        <div className={styles.loading}>
          <Spinner size={18} label="Loading invite" />
          Checking the link
        </div>
      </MessagePage>
    );
  }

  const { link } = state;
  const existing = getStoredSession(link.sessionId);
  const wouldDowngrade = existing !== null && RANK[existing.role] > RANK[link.role];

  function open(useThisLink: boolean) {
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError("Tell your bandmates who you are.");
      return;
    }
    setJoining(true);
    saveDisplayName(trimmed);
    if (useThisLink || !existing) {
      saveStoredSession(link.sessionId, { token, role: link.role, name: link.sessionName, lastOpenedAt: Date.now() });
    } else {
      saveStoredSession(link.sessionId, { ...existing, name: link.sessionName, lastOpenedAt: Date.now() });
    }
    router.push(`/s/${link.sessionId}`);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    open(!wouldDowngrade);
  }

  return (
    <MessagePage icon="users" tone="accent" hideHome testId="join-card">
      <form onSubmit={onSubmit} noValidate className={styles.form}>
        <h1 className={styles.invite}>
          You&apos;re invited to{" "}
          <em className={styles.session} data-testid="join-session-name">
            {link.sessionName}
          </em>{" "}
          — <span data-testid="join-role">{ROLE_PHRASE[link.role]}</span>
        </h1>
        <p className={styles.detail}>{ROLE_DETAIL[link.role]}</p>

        <label htmlFor="display-name" className="field-label">
          Your name
        </label>
        <input
          id="display-name"
          className="input input-lg"
          style={{ width: "100%" }}
          value={name}
          maxLength={DISPLAY_NAME_MAX}
          autoComplete="nickname"
          placeholder="How your bandmates will see you"
          onChange={(e) => {
            setName(e.target.value);
            setNameError(null);
          }}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? "name-error" : "name-hint"}
          data-testid="display-name-input"
          autoFocus
        />
        {nameError ? (
          <p className="field-error" id="name-error" role="alert">
            <Icon name="alert" size={14} />
            {nameError}
          </p>
        ) : (
          <p className="field-hint" id="name-hint">
            Shown next to your cursor and edits. Remembered on this device.
          </p>
        )}

        {wouldDowngrade && (
          <div className={styles.notice} role="note">
            <Icon name="info" />
            <span>
              This device already opens this session as <strong>{ROLE_PHRASE[existing.role]}</strong>. Joining keeps
              that access unless you choose to use this link instead.
            </span>
          </div>
        )}

        <div className={styles.actions}>
          <button type="submit" className="btn btn-primary btn-lg" disabled={joining} data-testid="join-button">
            {joining ? <Spinner size={14} /> : <Icon name="arrowRight" />}
            Join session
          </button>
          {wouldDowngrade && (
            <button type="button" className="btn btn-ghost" disabled={joining} onClick={() => open(true)}>
              Use this link instead
            </button>
          )}
        </div>
      </form>
    </MessagePage>
  );
}
