"use client";

import { useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { LIMITS, setTempo } from "@bandspace/model";
import { useSong } from "../../lib/collab/useSong";
import { useStudio } from "../studio/StudioContext";
import { Icon } from "../common/Icon";
import sheet from "./SongSheet.module.css";
import styles from "./TempoControl.module.css";

export function formatTempo(bpm: number): string {
  return Number.isInteger(bpm) ? String(bpm) : String(Math.round(bpm * 100) / 100);
}

const clamp = (v: number) => Math.min(LIMITS.tempoMaxBpm, Math.max(LIMITS.tempoMinBpm, v));
const PX_PER_BPM = 3;

/**
 * Tempo in BPM: type a value (Enter/leaving the field saves, Esc cancels), ↑/↓ to nudge (Shift ×10),
 * the arrow buttons, or drag the BPM label up/down.
 */
export function TempoControl() {
  const { connection, canEditSong, edit } = useStudio();
  const { song } = useSong(connection);
  const [draft, setDraft] = useState<string | null>(null);
  const drag = useRef<{ startY: number; start: number; last: number } | null>(null);

  const commit = (bpm: number) => {
    if (bpm === song.tempoBpm) return;
    edit((doc, origin) => setTempo(doc, bpm, origin));
  };

  const skipBlur = useRef(false);

  function commitDraft() {
    if (skipBlur.current) {
      skipBlur.current = false;
      return;
    }
    if (draft === null) return;
    const text = draft.trim();
    setDraft(null);
    if (text === "" || text === formatTempo(song.tempoBpm)) return;
    commit(Number(text.replace(",", ".")));
  }

  function nudge(delta: number) {
    const base = draft !== null && Number.isFinite(Number(draft)) ? Number(draft) : song.tempoBpm;
    const next = clamp(Math.round((base + delta) * 100) / 100);
    commit(next);
    if (draft !== null) setDraft(formatTempo(next));
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter") {
      e.preventDefault();
      commitDraft();
      skipBlur.current = true;
      e.currentTarget.blur();
    } else if (e.key === "Escape") {
      e.preventDefault();
      setDraft(null);
      skipBlur.current = true;
      e.currentTarget.blur();
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      e.preventDefault();
      nudge((e.key === "ArrowUp" ? 1 : -1) * (e.shiftKey ? 10 : 1));
    }
  }

  function onPointerDown(e: PointerEvent<HTMLSpanElement>) {
    if (!canEditSong || e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { startY: e.clientY, start: song.tempoBpm, last: song.tempoBpm };
  }
  function onPointerMove(e: PointerEvent<HTMLSpanElement>) {
    const d = drag.current;
    if (!d) return;
    const next = clamp(Math.round(d.start + (d.startY - e.clientY) / PX_PER_BPM));
    if (next !== d.last) {
      d.last = next;
      commit(next);
    }
  }
  function onPointerUp(e: PointerEvent<HTMLSpanElement>) {
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  }

  return (
    <div className={`${sheet.cell} ${styles.tempo}`}>
      <input
        className={`${sheet.value} ${styles.input}`}
        value={draft ?? formatTempo(song.tempoBpm)}
        inputMode="decimal"
        aria-label="Tempo in beats per minute"
        data-testid="tempo-input"
        disabled={!canEditSong}
        onFocus={(e) => {
          skipBlur.current = false;
          setDraft(formatTempo(song.tempoBpm));
          e.currentTarget.select();
        }}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commitDraft}
        onKeyDown={onKeyDown}
      />
      <span
        className={`${sheet.label} ${styles.handle} ${canEditSong ? styles.draggable : ""}`}
        title={canEditSong ? "Drag up or down to change the tempo" : undefined}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        BPM
      </span>
      {canEditSong && (
        <span className={styles.stepper}>
          <button
            type="button"
            tabIndex={-1}
            aria-label="Increase tempo"
            disabled={song.tempoBpm >= LIMITS.tempoMaxBpm}
            onClick={(e) => nudge(e.shiftKey ? 10 : 1)}
          >
            <Icon name="chevronUp" size={10} />
          </button>
          <button
            type="button"
            tabIndex={-1}
            aria-label="Decrease tempo"
            disabled={song.tempoBpm <= LIMITS.tempoMinBpm}
            onClick={(e) => nudge(e.shiftKey ? -10 : -1)}
          >
            <Icon name="chevronDown" size={10} />
          </button>
        </span>
      )}
    </div>
  );
}
