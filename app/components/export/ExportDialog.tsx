"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { readSong } from "@bandspace/model";
import type { LoudnessReport, LoudnessTargetChoice } from "@bandspace/dsp";
import { Modal } from "../common/Modal";
import { Icon } from "../common/Icon";
import { useStudio } from "../studio/StudioContext";
import { ExportCancelled, matchTarget, runExport, type ExportProgress } from "../../lib/export/runExport";
import { exportRange, selectionSpan, type RangeKind } from "../../lib/export/range";
import { httpTakeReader } from "../../lib/export/take-frames";
import { useUI } from "../studio/ArrangementContext";
import { setLoudnessTarget, useLoudnessTarget } from "../../lib/loudnessTarget";
import { codecPeakMarginDb, ratesFor } from "../../lib/export/protocol";
import {
  FORMAT_CHOICES,
  RATE_CHOICES,
  TARGET_CHOICES,
  formatDb,
  formatTimeLeft,
  type ExportRate,
} from "./exportOptions";
import { SaveToSession, type FinishedExport } from "./SaveToSession";
import { JobActions, JobProgress } from "../common/JobProgress";
import { FormGrid, FormNote, FormRow, SelectRow, TextRow } from "../common/FormGrid";
import styles from "./Export.module.css";

type Phase =
  | { kind: "idle" }
  | { kind: "working"; what: "match" | "export"; progress: ExportProgress | null }
  | {
      kind: "done";
      fileName: string;
      url: string;
      report: LoudnessReport;
      stems: number;
      /** A mix (not stems) that can be saved to the session. */
      saveable: FinishedExport | null;
    }
  | { kind: "error"; message: string };

/** Export the mix or stems: format, rate, range, loudness target with Match target, progress with Cancel, report. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const { connection, sessionName, sessionId, token } = useStudio();
  const doc = connection.songDoc;
  const song = useMemo(() => readSong(doc), [doc]);
  const [what, setWhat] = useState<"mix" | "stems">("mix");
  const [rangeKind, setRangeKind] = useState<RangeKind>("song");
  const [formatId, setFormatId] = useState("wav24");
  const [rate, setRate] = useState<ExportRate>(48000);
  // The target is shared with the master view (its meter draws it): one choice per person.
  const { choice: targetChoice, target: sharedTarget } = useLoudnessTarget();
  const targetId = targetChoice.id;
  const [gainDb, setGainDb] = useState(0);
  const [matched, setMatched] = useState<{ targetKey: string; raw: number } | null>(null);
  const [title, setTitle] = useState(song.title || "Untitled");
  const [artist, setArtist] = useState(sessionName);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  const format = FORMAT_CHOICES.find((f) => f.id === formatId)!.format;
  const allowedRates = ratesFor(format);
  const effectiveRate = allowedRates.includes(rate) ? rate : 48000;
  const target = sharedTarget && { lufs: sharedTarget.lufs, ceilingDb: sharedTarget.ceilingDbtp };
  // The limiter's ceiling, lowered for lossy codecs whose decoding overshoots a little.
  const ceilingDb = target ? target.ceilingDb - codecPeakMarginDb(format) : -1;
  // The selection range is the span of the selected clips or sections on the timeline.
  const selection = useUI((s) => s.selection);
  const range = exportRange(doc, rangeKind, selectionSpan(doc, selection));
  // A match holds for one target, rate and stretch of the song (a new selection needs a new match).
  const rangeKey = range ? `${range.fromTick}-${range.toTick}` : "none";
  const targetKey = target ? `${target.lufs}/${ceilingDb}/${rangeKey}/${effectiveRate}` : "";
  const busy = phase.kind === "working";

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (phase.kind === "done") return () => URL.revokeObjectURL(phase.url);
  }, [phase]);

  const onProgress = (what: "match" | "export") => (p: ExportProgress) =>
    setPhase({ kind: "working", what, progress: p });

  const doMatch = async () => {
    if (!range || !target) return;
    abort.current = new AbortController();
    setPhase({ kind: "working", what: "match", progress: null });
    try {
      const r = await matchTarget(
        doc,
        range,
        effectiveRate,
        { lufs: target.lufs, ceilingDb },
        {
          signal: abort.current.signal,
          onProgress: onProgress("match"),
          readTake: httpTakeReader(doc, sessionId, token, abort.current.signal),
        },
      );
      if (!r) throw new Error("The range is silent: there is nothing to bring to a loudness target.");
      setGainDb(Math.round(r.gainDb * 100) / 100);
      setMatched({ targetKey, raw: r.rawIntegrated });
      setPhase({ kind: "idle" });
    } catch (err) {
      setPhase(
        err instanceof ExportCancelled ? { kind: "idle" } : { kind: "error", message: String((err as Error).message) },
      );
    }
  };

  const doExport = async () => {
    if (!range) return;
    abort.current = new AbortController();
    setPhase({ kind: "working", what: "export", progress: null });
    try {
      const outcome = await runExport(
        {
          doc,
          range,
          sampleRate: effectiveRate,
          format,
          what,
          master: { gainDb: what === "mix" ? gainDb : 0, ceilingDb: what === "mix" && target ? ceilingDb : null },
          tags: { title, artist },
          fileBase: title,
        },
        {
          signal: abort.current.signal,
          onProgress: onProgress("export"),
          readTake: httpTakeReader(doc, sessionId, token, abort.current.signal),
        },
      );
      const url = URL.createObjectURL(outcome.file);
      const a = document.createElement("a");
      a.href = url;
      a.download = outcome.file.name;
      a.click();
      const saveable: FinishedExport | null =
        what === "mix"
          ? {
              file: outcome.file,
              name: title.trim() || "Untitled",
              format: format.codec,
              // Opus is always 48 kHz in Ogg (ratesFor allows nothing else).
              sampleRate: effectiveRate,
              channels: 2,
              report: outcome.report,
            }
          : null;
      setPhase({
        kind: "done",
        fileName: outcome.file.name,
        url,
        report: outcome.report,
        stems: outcome.stems.length,
        saveable,
      });
    } catch (err) {
      setPhase(
        err instanceof ExportCancelled ? { kind: "idle" } : { kind: "error", message: String((err as Error).message) },
      );
    }
  };

  const needsMatch = what === "mix" && target !== null && matched?.targetKey !== targetKey;

  return (
    <Modal
      open
      onClose={busy ? undefined : onClose}
      title="Export"
      width={560}
      testId="export-dialog"
      description="Render the song to a file: the whole mix, or one stem per track."
    >
      {!range ? (
        <FormNote kind="empty" testId="export-empty">
          {rangeKind === "song"
            ? "Nothing to export yet: add a clip or record a take first."
            : rangeKind === "loop"
              ? "Set a loop range first."
              : "Select clips or sections on the timeline first: the selection range is their span."}
        </FormNote>
      ) : null}
      <FormGrid busy={busy}>
        <SelectRow
          id="export-what"
          label="Export"
          value={what}
          disabled={busy}
          onChange={(v) => setWhat(v as "mix" | "stems")}
        >
          <option value="mix">Mix (master chain, one file)</option>
          <option value="stems">Stems (one file per track, zipped)</option>
        </SelectRow>
        <SelectRow
          id="export-range"
          label="Range"
          value={rangeKind}
          disabled={busy}
          onChange={(v) => setRangeKind(v as RangeKind)}
        >
          <option value="song">Whole song (with tails)</option>
          <option value="loop">Loop range</option>
          <option value="selection">Selection (selected clips or sections)</option>
        </SelectRow>
        <SelectRow id="export-format" label="Format" value={formatId} disabled={busy} onChange={setFormatId}>
          {FORMAT_CHOICES.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </SelectRow>
        <SelectRow
          id="export-rate"
          label="Sample rate"
          value={effectiveRate}
          disabled={busy}
          onChange={(v) => setRate(Number(v) as ExportRate)}
        >
          {RATE_CHOICES.map((r) => (
            <option key={r} value={r} disabled={!allowedRates.includes(r)}>
              {(r / 1000).toFixed(1)} kHz
            </option>
          ))}
        </SelectRow>
        {what === "mix" && (
          <>
            <SelectRow
              id="export-target"
              label="Loudness target"
              value={targetId}
              disabled={busy}
              onChange={(v) => setLoudnessTarget({ id: v as LoudnessTargetChoice["id"] })}
            >
              {TARGET_CHOICES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
              <option value="custom">Custom…</option>
            </SelectRow>
            {targetId === "custom" && (
              <FormRow label="Custom target">
                <div className={styles.row}>
                  <input
                    aria-label="Target loudness (LUFS)"
                    className="input"
                    type="number"
                    step={0.5}
                    value={targetChoice.customLufs}
                    onChange={(e) => setLoudnessTarget({ customLufs: Number(e.target.value) })}
                  />{" "}
                  LUFS
                  <input
                    aria-label="True-peak ceiling (dBTP)"
                    className="input"
                    type="number"
                    step={0.1}
                    max={0}
                    value={targetChoice.customCeilingDbtp}
                    onChange={(e) => setLoudnessTarget({ customCeilingDbtp: Math.min(0, Number(e.target.value)) })}
                  />{" "}
                  dBTP
                </div>
              </FormRow>
            )}
            <FormRow label="Master gain" htmlFor="export-gain">
              <div className={styles.row}>
                <input
                  id="export-gain"
                  className="input"
                  type="number"
                  step={0.1}
                  value={gainDb}
                  disabled={busy}
                  onChange={(e) => {
                    setGainDb(Number(e.target.value));
                    setMatched(null);
                  }}
                />{" "}
                dB
                {target && (
                  <button
                    type="button"
                    className="btn"
                    disabled={busy || !range}
                    onClick={() => void doMatch()}
                    data-testid="export-match"
                  >
                    Match target
                  </button>
                )}
                {matched && matched.targetKey === targetKey && (
                  <span className={styles.hint} data-testid="export-matched">
                    mix measured {matched.raw.toFixed(1)} LUFS → gain {formatDb(gainDb, "dB")}, limiter at{" "}
                    {ceilingDb.toFixed(1)} dBTP
                  </span>
                )}
              </div>
            </FormRow>
          </>
        )}
        <TextRow id="export-title" label="Title" value={title} disabled={busy} onChange={setTitle} />
        <TextRow id="export-artist" label="Artist" value={artist} disabled={busy} onChange={setArtist} />
      </FormGrid>

      {phase.kind === "working" && (
        <JobProgress
          testId="export-progress"
          label={phase.progress?.label ?? (phase.what === "match" ? "Analysing…" : "Starting…")}
          fraction={phase.progress?.fraction ?? 0}
          aside={<span data-testid="export-time-left">{formatTimeLeft(phase.progress?.secondsLeft ?? null)}</span>}
        />
      )}
      {phase.kind === "error" && (
        <FormNote kind="error" testId="export-error">
          {phase.message}
        </FormNote>
      )}
      {phase.kind === "done" && (
        <div className={styles.report} data-testid="export-report">
          <p>
            <Icon name="check" size={14} /> {phase.fileName} {phase.stems > 0 ? `(${phase.stems} stems)` : ""} —{" "}
            <a href={phase.url} download={phase.fileName}>
              download again
            </a>
          </p>
          {phase.stems === 0 && (
            <dl className={styles.stats}>
              <dt>Integrated</dt>
              <dd data-testid="report-integrated">{formatDb(phase.report.integrated, "LUFS")}</dd>
              <dt>Loudness range</dt>
              <dd>{formatDb(phase.report.lra, "LU")}</dd>
              <dt>True peak</dt>
              <dd data-testid="report-true-peak">{formatDb(phase.report.truePeakDbtp, "dBTP")}</dd>
              <dt>Sample peak</dt>
              <dd>{formatDb(phase.report.samplePeakDbfs, "dBFS")}</dd>
              <dt>Duration</dt>
              <dd>{phase.report.durationSeconds.toFixed(2)} s</dd>
            </dl>
          )}
          {phase.saveable && <SaveToSession done={phase.saveable} />}
        </div>
      )}

      <JobActions busy={busy} onCancel={() => abort.current?.abort()} onClose={onClose} cancelTestId="export-cancel">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!range || needsMatch}
          onClick={() => void doExport()}
          title={needsMatch ? "Press Match target first (or choose no target)" : undefined}
          data-testid="export-start"
        >
          <Icon name="download" size={14} /> Export
        </button>
      </JobActions>
    </Modal>
  );
}
