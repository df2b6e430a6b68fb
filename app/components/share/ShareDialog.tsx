"use client";

import { useCallback, useEffect, useState } from "react";
import type { ShareLinkView } from "@bandspace/protocol";
import { errorMessage, listLinks, revokeLink } from "../../lib/api";
import { useStudio } from "../studio/StudioContext";
import { Modal } from "../common/Modal";
import { CreateLinkForm } from "./CreateLinkForm";
import { ListStatus } from "./ListStatus";
import { MembersSection } from "./MembersSection";
import { ShareLinkRow } from "./ShareLinkRow";
import styles from "./ShareDialog.module.css";

type LinksState = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; links: ShareLinkView[] };

/** Active links first (newest first), revoked ones after; the owner's own link is not listed. */
function sortLinks(links: ShareLinkView[]): ShareLinkView[] {
  return links
    .filter((l) => l.role !== "owner")
    .sort(
      (a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt),
    );
}

/** Owner only: create invite links with a role, copy them, revoke them (live connections are closed). */
export function ShareDialog({ onClose }: { onClose: () => void }) {
  const { sessionId, sessionName, token } = useStudio();
  const [state, setState] = useState<LinksState>({ kind: "loading" });
  const [fresh, setFresh] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [joined, setJoined] = useState<Map<string, number>>(new Map());

  const load = useCallback(
    (signal?: AbortSignal) => {
      listLinks(sessionId, token, signal).then(
        (links) => setState({ kind: "ready", links: sortLinks(links) }),
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

  const onCreated = (link: ShareLinkView) => {
    setFresh(link.id);
    setState((s) => (s.kind === "ready" ? { kind: "ready", links: sortLinks([link, ...s.links]) } : s));
  };

  const onRevoke = async (link: ShareLinkView) => {
    setRowError(null);
    try {
      const revoked = await revokeLink(sessionId, token, link.id);
      setState((s) =>
        s.kind === "ready"
          ? { kind: "ready", links: sortLinks(s.links.map((l) => (l.id === revoked.id ? revoked : l))) }
          : s,
      );
    } catch (err) {
      setRowError(errorMessage(err));
    }
  };

  const active = state.kind === "ready" ? state.links.filter((l) => !l.revokedAt).length : 0;

  return (
    <Modal
      open
      onClose={onClose}
      title={`Share “${sessionName}”`}
      description="Anyone with a link joins with the role it carries; you can change one person's role below. Revoke a link to disconnect everyone using it."
      width={720}
      testId="share-dialog"
    >
      <CreateLinkForm onCreated={onCreated} />

      <div className={styles.listHeader}>
        <h3 className={styles.listTitle}>Invite links</h3>
        {state.kind === "ready" && (
          <span className={styles.listCount}>
            {active} active{state.links.length > active ? ` · ${state.links.length - active} revoked` : ""}
          </span>
        )}
      </div>

      <ListStatus
        state={state}
        what="links"
        actionError={rowError}
        actionErrorTestId="share-error"
        onRetry={() => load()}
      />
      {state.kind === "ready" && state.links.length === 0 && (
        <div className="list-placeholder" data-testid="share-links-empty">
          No invite links yet. Create one above and send it to your band.
        </div>
      )}
      {state.kind === "ready" && state.links.length > 0 && (
        <ul className={styles.list} data-testid="share-links">
          {state.links.map((link) => (
            <ShareLinkRow
              key={link.id}
              link={link}
              highlight={link.id === fresh}
              members={joined.get(link.id) ?? 0}
              onRevoke={onRevoke}
            />
          ))}
        </ul>
      )}

      <MembersSection onCounts={setJoined} />
    </Modal>
  );
}
