"use client";

import type { SavedExportView } from "@bandspace/protocol";
import { savedExportUrl } from "../../lib/api";
import { Icon } from "../common/Icon";
import { fmtBytes, fmtDb, fmtDuration } from "./format";
import styles from "./Exports.module.css";

export interface CardActions {
  canDelete: boolean;
  slot: "A" | "B" | null;
  onPick: (slot: "A" | "B") => void;
  onDelete: () => void;
  onComment: (() => void) | null;
}

/** One saved export: who made it from which version, its loudness report, a player, download and actions. */
export function SavedExportCard({
  view,
  sessionId,
  token,
  actions,
}: {
  view: SavedExportView;
  sessionId: string;
  token: string;
  actions: CardActions;
}) {
  const r = view.report;
  const when = new Date(view.createdAt).toLocaleString();
  return (
    <li className={styles.card} data-testid="saved-export" data-export-id={view.id}>
      <div className={styles.head}>
        <span className={styles.name} data-testid="saved-export-name">
          {view.name}
        </span>
        <span className={styles.badge}>
          {view.format.toUpperCase()} · {(view.sampleRate / 1000).toFixed(1)} kHz · {fmtBytes(view.bytes)}
        </span>
      </div>
      <p className={styles.meta} data-testid="saved-export-by">
        by {view.createdBy.name} · from version “{view.version.name}” · {when}
      </p>
      <dl className={styles.stats} data-testid="saved-export-report">
        <dt>Integrated</dt>
        <dd data-testid="saved-export-integrated">{fmtDb(r.integrated, "LUFS")}</dd>
        <dt>LRA</dt>
        <dd>{fmtDb(r.lra, "LU")}</dd>
        <dt>True peak</dt>
        <dd data-testid="saved-export-true-peak">{fmtDb(r.truePeakDbtp, "dBTP")}</dd>
        <dt>Sample peak</dt>
        <dd>{fmtDb(r.samplePeakDbfs, "dBFS")}</dd>
        <dt>Duration</dt>
        <dd data-testid="saved-export-duration">{fmtDuration(r.durationSeconds)}</dd>
      </dl>
      <audio
        className={styles.player}
        controls
        preload="metadata"
        src={savedExportUrl(sessionId, token, view.id)}
        data-testid="saved-export-audio"
      />
      <div className={styles.actions}>
        <a
          className="btn btn-sm"
          href={savedExportUrl(sessionId, token, view.id, true)}
          download
          data-testid="saved-export-download"
        >
          <Icon name="download" size={12} /> Download
        </a>
        {(["A", "B"] as const).map((slot) => (
          <button
            key={slot}
            type="button"
            className={`btn btn-sm ${actions.slot === slot ? "btn-primary" : ""}`}
            aria-pressed={actions.slot === slot}
            onClick={() => actions.onPick(slot)}
            title={`Compare: use this export as ${slot}`}
            data-testid={`saved-export-pick-${slot}`}
          >
            {slot}
          </button>
        ))}
        {actions.onComment && (
          <button type="button" className="btn btn-sm" onClick={actions.onComment} data-testid="saved-export-comment">
            <Icon name="comment" size={12} /> Comment
          </button>
        )}
        {actions.canDelete && (
          <button
            type="button"
            className="btn btn-sm btn-danger"
            onClick={actions.onDelete}
            data-testid="saved-export-delete"
          >
            <Icon name="trash" size={12} /> Delete
          </button>
        )}
      </div>
    </li>
  );
}
