"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { listAudioClips, listClips, listTracks } from "@bandspace/model";
import { Modal } from "../common/Modal";
import { Icon } from "../common/Icon";
import { useStudio } from "../studio/StudioContext";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { BounceCancelled, bounceInPlace, type BounceProgress } from "../../lib/export/bounce";
import { bounceRange, type BounceRangeKind } from "../../lib/export/bounce-range";
import { httpTakeReader } from "../../lib/export/take-frames";
import { useStoreSelector } from "../../lib/collab/useStoreSelector";
import { JobActions, JobProgress } from "../common/JobProgress";
import { FormGrid, FormNote, FormRow, SelectRow } from "../common/FormGrid";
import styles from "./Bounce.module.css";

type Phase =
  | { kind: "idle" }
  | { kind: "working"; progress: BounceProgress | null }
  | { kind: "done"; trackName: string }
  | { kind: "error"; message: string };

/** The track the selected clips are on, if they are all on one. */
function selectedClipsTrack(trackOfClip: Map<string, string>, ids: readonly string[]): string | null {
  const tracks = new Set(ids.map((id) => trackOfClip.get(id)).filter(Boolean));
  return tracks.size === 1 ? [...tracks][0]! : null;
}

/**
 * Bounce in place: a track (or its selected clips) rendered through its strip to a new audio track that everyone
 * receives like a recorded take. Progress with Cancel; Cancel leaves no track and no take behind.
 */
export function BounceDialog({ onClose }: { onClose: () => void }) {
  const { connection, sessionId, token, origin, canEditSong } = useStudio();
  const { recording } = useArrangementContext();
  const doc = connection.songDoc;
  const selection = useUI((s) => s.selection);
  // Re-read the tracks when the document changes (a bandmate adds or renames one while this is open).
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    doc.on("update", bump);
    return () => doc.off("update", bump);
  }, [doc]);
  const tracks = useMemo(() => (version >= 0 ? listTracks(doc) : []), [doc, version]);
  const trackOfClip = useMemo(
    () =>
      new Map<string, string>(
        version >= 0 ? [...listClips(doc), ...listAudioClips(doc)].map((c) => [c.id, c.trackId]) : [],
      ),
    [doc, version],
  );
  const fromSelection = selection?.kind === "clip" ? selectedClipsTrack(trackOfClip, selection.ids) : null;
  const [trackId, setTrackId] = useState<string>(() => fromSelection ?? tracks[0]?.id ?? "");
  const [rangeKind, setRangeKind] = useState<BounceRangeKind>(fromSelection ? "selection" : "track");
  const [withInserts, setWithInserts] = useState(true);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  const uploadState = useStoreSelector(recording.uploadStatus, (s) => s.online);
  const track = tracks.find((t) => t.id === trackId) ?? null;
  const range = track ? bounceRange(doc, track.id, rangeKind, selection) : null;
  const busy = phase.kind === "working";

  useEffect(() => () => abort.current?.abort(), []);

  const start = async () => {
    const uploader = recording.uploader;
    if (!track || !range || !uploader) return;
    abort.current = new AbortController();
    setPhase({ kind: "working", progress: null });
    try {
      await bounceInPlace(
        {
          doc,
          trackId: track.id,
          range,
          withInserts,
          sampleRate: 48000,
          uploader,
          origin,
          displayName: connection.displayName,
          readTake: httpTakeReader(doc, sessionId, token, abort.current.signal),
        },
        { signal: abort.current.signal, onProgress: (progress) => setPhase({ kind: "working", progress }) },
      );
      setPhase({ kind: "done", trackName: `${track.name} (bounce)` });
    } catch (err) {
      setPhase(
        err instanceof BounceCancelled ? { kind: "idle" } : { kind: "error", message: String((err as Error).message) },
      );
    }
  };

  const empty = !canEditSong
    ? "Bouncing adds a track: ask the session's owner for edit access."
    : tracks.length === 0
      ? "Nothing to bounce yet: add a track with clips first."
      : !range
        ? rangeKind === "selection"
          ? "Select clips on this track first (or bounce the whole track)."
          : "This track has no clips to bounce."
        : !uploadState
          ? "Waiting for the connection to the server…"
          : null;

  return (
    <Modal
      open
      onClose={busy ? undefined : onClose}
      title="Bounce in place"
      width={520}
      testId="bounce-dialog"
      description="Render a track through its strip to a new audio track everyone receives like a recorded take."
    >
      {empty && (
        <FormNote kind="empty" testId="bounce-empty">
          {empty}
        </FormNote>
      )}
      <FormGrid busy={busy}>
        <SelectRow id="bounce-track" label="Track" value={trackId} disabled={busy} onChange={setTrackId}>
          {tracks.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectRow>
        <SelectRow
          id="bounce-range"
          label="Range"
          value={rangeKind}
          disabled={busy}
          onChange={(v) => setRangeKind(v as BounceRangeKind)}
        >
          <option value="track">Whole track (with tails)</option>
          <option value="selection">Selected clips on this track</option>
        </SelectRow>
        <FormRow label="Effects">
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={withInserts}
              disabled={busy}
              onChange={(e) => setWithInserts(e.target.checked)}
              data-testid="bounce-inserts"
            />
            Through the track&apos;s insert effects
          </label>
        </FormRow>
      </FormGrid>
      {phase.kind === "working" && (
        <JobProgress
          testId="bounce-progress"
          label={phase.progress?.label ?? "Starting…"}
          fraction={phase.progress?.fraction ?? 0}
          aside={<span>{Math.round((phase.progress?.fraction ?? 0) * 100)} %</span>}
        />
      )}
      {phase.kind === "error" && (
        <FormNote kind="error" testId="bounce-error">
          {phase.message}
        </FormNote>
      )}
      {phase.kind === "done" && (
        <p className={styles.done} data-testid="bounce-done">
          <Icon name="check" size={14} /> Bounced to the new track “{phase.trackName}”.
        </p>
      )}
      <JobActions busy={busy} onCancel={() => abort.current?.abort()} onClose={onClose} cancelTestId="bounce-cancel">
        <button
          type="button"
          className="btn btn-primary"
          disabled={empty !== null}
          onClick={() => void start()}
          data-testid="bounce-start"
        >
          <Icon name="wave" size={14} /> Bounce
        </button>
      </JobActions>
    </Modal>
  );
}
