"use client";

import { memo, useEffect, useRef, useState, type CSSProperties, type DragEvent } from "react";
import { INSTRUMENTS, LIMITS, type InstrumentId, type Track } from "@bandspace/model";
import type { PresenceUser } from "../../lib/collab/SessionConnection";
import { Icon } from "../common/Icon";
import { ConfirmPopover } from "../common/ConfirmPopover";
import { InlineRename } from "../common/InlineRename";
import { ClipLane } from "../timeline/ClipLane";
import { ArmButton } from "../recording/ArmButton";
import { InputChannelsButton } from "../recording/InputChannelsButton";
import { TakeLanesToggle } from "../recording/TakeLanesToggle";
import { TrackMixControls } from "../mixer/TrackMixControls";
import { TrackColorPopover } from "./TrackColorPopover";
import styles from "./TrackRow.module.css";

export const TRACK_DRAG_TYPE = "application/x-bandspace-track";

export interface TrackRowActions {
  select: (id: string) => void;
  startRename: (id: string) => void;
  finishRename: (id: string, name: string | null) => void;
  move: (id: string, delta: -1 | 1) => void;
  requestDelete: (id: string | null) => void;
  remove: (id: string) => void;
  setColor: (id: string, color: string) => void;
  setInstrument: (id: string, instrument: InstrumentId) => void;
  dragStart: (id: string) => void;
  dragOver: (id: string, after: boolean) => void;
  drop: () => void;
  dragEnd: () => void;
}

export interface TrackRowProps {
  track: Track;
  index: number;
  selected: boolean;
  renaming: boolean;
  confirmingDelete: boolean;
  dropHint: "before" | "after" | null;
  dragging: boolean;
  remote: PresenceUser[];
  canEdit: boolean;
  actions: TrackRowActions;
}

/**
 * One track: a header (colour, name, kind, instrument, mute/solo/fader/pan, record-arm, delete) and its lane of
 * clips on the timeline. Reordering is by the grip or Alt+↑/↓.
 */
export const TrackRow = memo(function TrackRow({
  track,
  index,
  selected,
  renaming,
  confirmingDelete,
  dropHint,
  dragging,
  remote,
  canEdit,
  actions,
}: TrackRowProps) {
  const rowRef = useRef<HTMLDivElement>(null);
  const colorRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const [colorOpen, setColorOpen] = useState(false);
  const kindLabel = track.kind === "audio" ? "Audio" : "Instrument";

  // Keep keyboard focus on the selected row so arrows and shortcuts act where the user is looking.
  useEffect(() => {
    const row = rowRef.current;
    if (!selected || renaming || !row) return;
    if (!row.contains(document.activeElement)) {
      const active = document.activeElement;
      const focusIsFree = !active || active === document.body || active.closest("[data-track-row]");
      if (focusIsFree) row.focus({ preventScroll: true });
    }
    row.scrollIntoView({ block: "nearest" });
  }, [selected, renaming]);

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (!e.dataTransfer.types.includes(TRACK_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    const rect = e.currentTarget.getBoundingClientRect();
    actions.dragOver(track.id, e.clientY > rect.top + rect.height / 2);
  };

  const remoteStyle: CSSProperties | undefined =
    remote.length > 0 ? { ["--remote-color" as string]: remote[0].color } : undefined;

  return (
    <div
      ref={rowRef}
      className={[
        styles.row,
        selected ? styles.selected : "",
        dragging ? styles.dragging : "",
        remote.length > 0 ? styles.remoteSelected : "",
        dropHint === "before" ? styles.dropBefore : dropHint === "after" ? styles.dropAfter : "",
      ].join(" ")}
      style={{ ...remoteStyle, ["--track-color" as string]: track.color }}
      role="group"
      aria-label={`Track ${index + 1}: ${track.name}, ${kindLabel}${selected ? ", selected" : ""}`}
      tabIndex={selected ? 0 : -1}
      data-track-row
      data-testid="track-row"
      data-track-id={track.id}
      data-selected={selected ? "true" : "false"}
      data-kind={track.kind}
      data-color={track.color}
      onMouseDown={() => actions.select(track.id)}
      onFocus={(e) => {
        if (e.target === e.currentTarget) actions.select(track.id);
      }}
      onDragOver={onDragOver}
      onDrop={(e) => {
        if (!e.dataTransfer.types.includes(TRACK_DRAG_TYPE)) return;
        e.preventDefault();
        actions.drop();
      }}
    >
      <div className={styles.header}>
        <button
          ref={colorRef}
          type="button"
          className={styles.strip}
          aria-label={`Colour of ${track.name}`}
          title={canEdit ? "Change colour" : undefined}
          disabled={!canEdit}
          aria-expanded={colorOpen}
          data-testid="track-color"
          onClick={() => setColorOpen((v) => !v)}
        />
        <TrackColorPopover
          open={colorOpen}
          onClose={() => setColorOpen(false)}
          anchorRef={colorRef}
          current={track.color}
          onPick={(c) => actions.setColor(track.id, c)}
        />

        {canEdit ? (
          <span
            className={styles.grip}
            draggable
            title="Drag to reorder"
            aria-hidden="true"
            data-testid="track-drag-handle"
            onDragStart={(e) => {
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData(TRACK_DRAG_TYPE, track.id);
              e.dataTransfer.setData("text/plain", track.name);
              if (rowRef.current) e.dataTransfer.setDragImage(rowRef.current, 24, 20);
              actions.dragStart(track.id);
            }}
            onDragEnd={() => actions.dragEnd()}
          >
            <Icon name="grip" size={14} />
          </span>
        ) : (
          <span className={styles.gripSpacer} />
        )}

        <span className={styles.number}>{index + 1}</span>

        <span className={`${styles.kind} ${styles[track.kind]}`} title={`${kindLabel} track`} data-testid="track-kind">
          <Icon name={track.kind === "audio" ? "wave" : "instrument"} size={15} />
        </span>

        <div className={styles.nameBlock}>
          {renaming ? (
            <InlineRename
              initial={track.name}
              label="Track name"
              maxLength={LIMITS.trackNameMaxLength}
              className={`input ${styles.nameInput}`}
              testId="track-name-input"
              onDone={(name) => {
                actions.finishRename(track.id, name);
                // Back to the row for keyboard flow — unless the user has already moved on (e.g. clicked
                // the tempo field right after Enter): never steal focus from where they are typing.
                requestAnimationFrame(() => {
                  const active = document.activeElement;
                  const focusIsFree = !active || active === document.body || !!rowRef.current?.contains(active);
                  if (focusIsFree) rowRef.current?.focus({ preventScroll: true });
                });
              }}
            />
          ) : (
            <span
              className={styles.name}
              data-testid="track-name"
              title={canEdit ? `${track.name} — double-click to rename` : track.name}
              onDoubleClick={() => canEdit && actions.startRename(track.id)}
            >
              {track.name}
            </span>
          )}
          <span className={styles.meta}>
            {track.kind === "instrument" ? (
              <InstrumentPicker track={track} canEdit={canEdit} onPick={(i) => actions.setInstrument(track.id, i)} />
            ) : (
              <>
                {kindLabel}
                <TakeLanesToggle trackId={track.id} trackName={track.name} />
              </>
            )}
            {remote.length > 0 && (
              <span className={styles.remote} aria-label={`Selected by ${remote.map((u) => u.name).join(", ")}`}>
                {remote.slice(0, 3).map((u) => (
                  <span
                    key={u.userId}
                    className={styles.remoteDot}
                    style={{ background: u.color }}
                    title={`${u.name} is here`}
                  />
                ))}
                <span className={styles.remoteName}>{remote[0].name}</span>
              </span>
            )}
          </span>
        </div>

        <TrackMixControls
          track={track}
          extra={
            track.kind === "audio" ? (
              <>
                <InputChannelsButton
                  trackId={track.id}
                  trackName={track.name}
                  channels={track.inputChannels}
                  disabled={!canEdit}
                />
                <ArmButton trackId={track.id} trackName={track.name} disabled={!canEdit} />
              </>
            ) : null
          }
        />

        {canEdit && (
          <div className={styles.actions}>
            <button
              ref={deleteRef}
              type="button"
              className={`icon-btn icon-btn-sm ${styles.delete}`}
              aria-label={`Delete ${track.name}`}
              title="Delete track (Delete)"
              aria-expanded={confirmingDelete}
              data-testid="track-delete"
              onClick={() => actions.requestDelete(confirmingDelete ? null : track.id)}
            >
              <Icon name="trash" size={13} />
            </button>
            <ConfirmPopover
              open={confirmingDelete}
              onClose={() => actions.requestDelete(null)}
              onConfirm={() => actions.remove(track.id)}
              anchorRef={deleteRef}
              title={`Delete “${track.name}”?`}
              body="The track is removed for everyone in the session."
              confirmLabel="Delete track"
              placement="bottom-start"
              testId="track-delete-popover"
              confirmTestId="track-delete-confirm"
            />
          </div>
        )}
      </div>
      <ClipLane track={track} />
    </div>
  );
});

/** The instrument that plays an instrument track's clips (`setTrackInstrument`). */
function InstrumentPicker({
  track,
  canEdit,
  onPick,
}: {
  track: Track;
  canEdit: boolean;
  onPick: (id: InstrumentId) => void;
}) {
  const current = track.instrument ?? "piano";
  return (
    <select
      className={styles.instrumentPicker}
      value={current}
      disabled={!canEdit}
      aria-label={`Instrument of ${track.name}`}
      title={canEdit ? "Instrument" : undefined}
      data-testid="track-instrument"
      onMouseDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      onChange={(e) => onPick(e.target.value as InstrumentId)}
    >
      {INSTRUMENTS.map((i) => (
        <option key={i.id} value={i.id}>
          {i.name}
        </option>
      ))}
    </select>
  );
}
