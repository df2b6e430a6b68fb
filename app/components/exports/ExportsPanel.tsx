"use client";

import { useState } from "react";
import type { SavedExportView } from "@bandspace/protocol";
import { deleteSavedExport } from "../../lib/api";
import { Modal } from "../common/Modal";
import { useToast } from "../common/Toast";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { AbCompare } from "./AbCompare";
import { SavedExportCard } from "./SavedExportCard";
import { useSavedExports } from "./useSavedExports";
import styles from "./Exports.module.css";

/** Every export saved to the session, live for every member: report, maker, version, play, download, A/B. */
export function ExportsPanel({ onClose }: { onClose: () => void }) {
  const { connection, sessionId, token, role, userId } = useStudio();
  const { ui } = useArrangementContext();
  const toast = useToast();
  const [state, removeLocally] = useSavedExports();
  const [picked, setPicked] = useState<{ A: string | null; B: string | null }>({ A: null, B: null });

  const exports = state.kind === "ready" ? state.exports : [];
  const byId = (id: string | null) => exports.find((e) => e.id === id) ?? null;
  const a = byId(picked.A);
  const b = byId(picked.B);

  const pick = (slot: "A" | "B", id: string) =>
    setPicked((p) => {
      const other = slot === "A" ? "B" : "A";
      return { ...p, [slot]: p[slot] === id ? null : id, ...(p[other] === id ? { [other]: null } : {}) };
    });
  const remove = async (view: SavedExportView) => {
    try {
      await deleteSavedExport(sessionId, token, view.id);
      removeLocally(view.id);
    } catch (err) {
      toast.show((err as Error).message, "error");
    }
  };
  // A comment on an export: the composer opens at the song's start with the export named in its text (comments
  // are anchored to the timeline; the words say which export is meant).
  const comment = connection.canWrite("comments")
    ? (view: SavedExportView) => () => {
        ui.set({
          commentsPanelOpen: true,
          commentDraft: { startTick: 0 },
          commentDraftText: `On the export “${view.name}” (${view.version.name}): `,
        });
        onClose();
      }
    : null;

  return (
    <Modal
      open
      onClose={onClose}
      title="Exports"
      width={720}
      testId="exports-panel"
      description="Mixes saved to the session by the band, newest first. Pick an A and a B to compare them."
    >
      {a && b && <AbCompare key={`${a.id}/${b.id}`} a={a} b={b} sessionId={sessionId} token={token} />}
      {state.kind === "loading" && <p className={styles.empty}>Loading…</p>}
      {state.kind === "error" && (
        <p className={styles.error} role="alert">
          {state.message}
        </p>
      )}
      {state.kind === "ready" && exports.length === 0 && (
        <p className={styles.empty} data-testid="exports-empty">
          No exports saved yet. Export a mix (Alt+E) and press <strong>Save to session</strong>: it appears here for
          everyone.
        </p>
      )}
      <ul className={styles.list} data-testid="exports-list">
        {exports.map((view) => (
          <SavedExportCard
            key={view.id}
            view={view}
            sessionId={sessionId}
            token={token}
            actions={{
              canDelete: role === "owner" || (view.createdBy.memberId !== null && view.createdBy.memberId === userId),
              slot: picked.A === view.id ? "A" : picked.B === view.id ? "B" : null,
              onPick: (slot) => pick(slot, view.id),
              onDelete: () => void remove(view),
              onComment: comment ? comment(view) : null,
            }}
          />
        ))}
      </ul>
    </Modal>
  );
}
