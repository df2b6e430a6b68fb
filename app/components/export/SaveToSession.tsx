"use client";

import { useEffect, useRef, useState } from "react";
import type { LoudnessReport } from "@bandspace/dsp";
import type { SaveExportMeta, SavedExportFormat } from "@bandspace/protocol";
import { uploadExport, type UploadProgress } from "../../lib/exports/uploadExport";
import { Icon } from "../common/Icon";
import { FormNote } from "../common/FormGrid";
import { useStudio } from "../studio/StudioContext";
import job from "../common/JobProgress.module.css";
import styles from "./Export.module.css";

export interface FinishedExport {
  file: File;
  name: string;
  format: SavedExportFormat;
  sampleRate: number;
  channels: number;
  report: LoudnessReport;
}

type State =
  | { kind: "idle" }
  | { kind: "uploading"; progress: UploadProgress | null }
  | { kind: "saved"; name: string }
  | { kind: "error"; message: string };

/** "Save to session" under a finished export: uploads the file with a progress bar and Cancel (edit/owner only). */
export function SaveToSession({ done }: { done: FinishedExport }) {
  const { sessionId, token, role } = useStudio();
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  if (role !== "edit" && role !== "owner") return null;

  const save = async () => {
    abort.current = new AbortController();
    setState({ kind: "uploading", progress: null });
    const r = done.report;
    const meta: SaveExportMeta = {
      name: done.name,
      format: done.format,
      durationSeconds: r.durationSeconds,
      sampleRate: done.sampleRate,
      channels: done.channels,
      report: {
        integrated: r.integrated,
        lra: r.lra,
        truePeakDbtp: r.truePeakDbtp,
        samplePeakDbfs: r.samplePeakDbfs,
        durationSeconds: r.durationSeconds,
      },
    };
    try {
      const saved = await uploadExport(sessionId, token, done.file, meta, {
        signal: abort.current.signal,
        onProgress: (progress) => setState({ kind: "uploading", progress }),
      });
      setState({ kind: "saved", name: saved.name });
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") setState({ kind: "idle" });
      else setState({ kind: "error", message: (err as Error).message });
    }
  };

  const fraction = state.kind === "uploading" && state.progress ? state.progress.sent / state.progress.total : 0;
  return (
    <div className={styles.save} data-testid="export-save">
      {state.kind === "uploading" ? (
        <>
          <div className={job.label}>
            <span>Saving to the session…</span>
            <span data-testid="export-save-percent">{Math.round(fraction * 100)} %</span>
          </div>
          <div className={styles.saveRow}>
            <div
              className={`${job.bar} ${styles.saveBar}`}
              role="progressbar"
              aria-label="Upload to the session"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(fraction * 100)}
              data-testid="export-save-progress"
            >
              <div className={job.fill} style={{ width: `${fraction * 100}%` }} />
            </div>
            <button
              type="button"
              className="btn btn-sm btn-danger"
              onClick={() => abort.current?.abort()}
              data-testid="export-save-cancel"
            >
              Cancel
            </button>
          </div>
        </>
      ) : state.kind === "saved" ? (
        <p className={styles.hint} data-testid="export-saved">
          <Icon name="cloudCheck" size={14} /> Saved to the session as “{state.name}”: everyone finds it under Exports
          (Alt+X).
        </p>
      ) : (
        <div className={styles.saveRow}>
          <button type="button" className="btn" onClick={() => void save()} data-testid="export-save-button">
            <Icon name="share" size={14} /> Save to session
          </button>
          <span className={styles.hint}>Bandmates can play, compare and comment on it.</span>
        </div>
      )}
      {state.kind === "error" && (
        <FormNote kind="error" testId="export-save-error">
          {state.message}
        </FormNote>
      )}
    </div>
  );
}
