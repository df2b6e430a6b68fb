"use client";

import { useCallback, useEffect, useState } from "react";
import type { MemberView, ShareRole } from "@bandspace/protocol";
import { errorMessage, listMembers, setMemberRole } from "../../lib/api";
import { ROLE_BADGE, formatRelative } from "../../lib/format";
import { useStudio } from "../studio/StudioContext";
import { ListStatus } from "./ListStatus";
import styles from "./ShareDialog.module.css";

type MembersState = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; members: MemberView[] };

const OVERRIDES: Array<{ value: ShareRole; label: string }> = [
  { value: "edit", label: "Can edit" },
  { value: "comment", label: "Can comment" },
  { value: "view", label: "Can view" },
];

/**
 * Owner only: the people who joined, through which link, when; and each person's role. A role set here
 * overrides the link's for that person only (higher or lower), and their open connections change at once.
 * It restricts a person, not the link: to shut out everyone holding a link, revoke the link.
 */
export function MembersSection({ onCounts }: { onCounts: (byLink: Map<string, number>) => void }) {
  const { sessionId, token } = useStudio();
  const [state, setState] = useState<MembersState>({ kind: "loading" });
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) => {
      listMembers(sessionId, token, signal).then(
        (members) => setState({ kind: "ready", members }),
        (err: unknown) => {
          if (!signal?.aborted) setState({ kind: "error", message: errorMessage(err) });
        },
      );
    },
    [sessionId, token],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    load(ctrl.signal);
    return () => ctrl.abort();
  }, [load]);

  useEffect(() => {
    if (state.kind !== "ready") return;
    const counts = new Map<string, number>();
    for (const m of state.members) counts.set(m.linkId, (counts.get(m.linkId) ?? 0) + 1);
    onCounts(counts);
  }, [state, onCounts]);

  const change = async (member: MemberView, value: string) => {
    setError(null);
    const role = value === "link" ? null : (value as ShareRole);
    try {
      const updated = await setMemberRole(sessionId, token, member.id, role);
      setState((s) =>
        s.kind === "ready" ? { kind: "ready", members: s.members.map((m) => (m.id === updated.id ? updated : m)) } : s,
      );
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const people = state.kind === "ready" ? state.members.filter((m) => m.linkRole !== "owner") : [];

  return (
    <section aria-label="People">
      <div className={styles.listHeader}>
        <h3 className={styles.listTitle}>People</h3>
        {state.kind === "ready" && <span className={styles.listCount}>{people.length} joined</span>}
      </div>
      <ListStatus
        state={state}
        what="people"
        actionError={error}
        actionErrorTestId="members-error"
        onRetry={() => load()}
      />
      {state.kind === "ready" && people.length === 0 && (
        <div className="list-placeholder" data-testid="members-empty">
          Nobody has joined yet. People appear here once they open an invite link.
        </div>
      )}
      {people.length > 0 && (
        <ul className={styles.list} data-testid="members">
          {people.map((m) => (
            <li
              key={m.id}
              className={styles.memberRow}
              data-testid="member-row"
              data-name={m.displayName}
              data-role={m.role}
            >
              <div className={styles.memberMain}>
                <span className={styles.memberName}>{m.displayName}</span>
                <span className={styles.memberMeta}>
                  via {m.linkLabel ? `“${m.linkLabel}”` : "an unlabelled link"} ({ROLE_BADGE[m.linkRole]}) · joined{" "}
                  {formatRelative(Date.parse(m.firstSeenAt))} · last seen {formatRelative(Date.parse(m.lastSeenAt))}
                </span>
              </div>
              <select
                className={`select ${styles.memberRole}`}
                aria-label={`Role of ${m.displayName}`}
                value={m.roleOverride ?? "link"}
                onChange={(e) => void change(m, e.target.value)}
                data-testid="member-role-select"
              >
                <option value="link">Link’s role ({ROLE_BADGE[m.linkRole]})</option>
                {OVERRIDES.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
