"use client";

import { memo, useCallback, useMemo, useState, type CSSProperties } from "react";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import {
  KEY_MODES,
  PITCH_CLASS_NAMES,
  getSectionText,
  isModelError,
  listSections,
  observeArrangement,
  observeSong,
  parseChordLine,
  readSong,
  readTempoMap,
  setKey,
  type KeyMode,
  type MusicalKey,
  type Origin,
  type PitchClassName,
  type TimeSignature,
} from "@bandspace/model";
import { useToast } from "../common/Toast";
import { Icon } from "../common/Icon";
import { jsonSame, useDocStore } from "../pianoroll/docStore";
import { CollabField, type TextDecoration } from "./CollabField";
import { diatonicChords, prettyPitch } from "./theory";
import styles from "./SongSheetPanel.module.css";

interface SheetSection {
  id: string;
  name: string;
  color: string;
  startTick: number;
  lengthTicks: number;
  /** 1-based bar where it starts (fractional if it starts mid-bar), and its length in bars. */
  bar: number;
  bars: number;
  position: string;
}

interface SheetView {
  key: MusicalKey;
  tempoBpm: number;
  timeSignature: TimeSignature;
  sections: SheetSection[];
}

function readSheet(doc: Y.Doc): SheetView {
  const song = readSong(doc);
  const map = readTempoMap(doc);
  const sections = listSections(doc).map((s) => ({
    id: s.id,
    name: s.name,
    color: s.color,
    startTick: s.startTick,
    lengthTicks: s.lengthTicks,
    bar: map.ticksToBar(s.startTick),
    bars: s.lengthTicks / map.ticksPerBar,
    position: map.formatPosition(s.startTick),
  }));
  return { key: song.key, tempoBpm: song.tempoBpm, timeSignature: song.timeSignature, sections };
}

function watchSheet(doc: Y.Doc, notify: () => void): () => void {
  const offSong = observeSong(doc, (c) => {
    if (c.song) notify();
  });
  const offArrangement = observeArrangement(doc, (c) => {
    if (c.sections || c.tempo) notify();
  });
  return () => {
    offSong();
    offArrangement();
  };
}

/** Chord symbols as chips, unknown ones flagged — the decorations of a chords line. */
function decorateChords(text: string): TextDecoration[] {
  return parseChordLine(text).map((t) => ({
    start: t.start,
    end: t.end,
    kind: t.chord ? ("chip" as const) : ("invalid" as const),
    title: t.chord ? undefined : "Unknown chord",
  }));
}

function userIdOf(awareness: Awareness): string {
  const user = (awareness.getLocalState() ?? {}).user as { userId?: unknown } | undefined;
  return typeof user?.userId === "string" && user.userId ? user.userId : `client-${awareness.clientID}`;
}

/**
 * The song sheet: every section of the arrangement in timeline order, each with a chords line and a lyrics
 * block that the whole band types in at once (bandmates' carets shown in their colours), and the song's key.
 */
export function SongSheetPanel({
  doc,
  awareness,
  readOnly,
  origin: givenOrigin,
}: {
  doc: Y.Doc;
  awareness: Awareness;
  readOnly: boolean;
  /** The studio's origin object for this person, so their undo manager sees song-sheet edits too. */
  origin?: Origin;
}) {
  const sheet = useDocStore(doc, "song-sheet", readSheet, watchSheet, jsonSame);
  const toast = useToast();
  const userId = userIdOf(awareness);
  const ownOrigin = useMemo<Origin>(() => ({ kind: "user", userId }), [userId]);
  const origin = givenOrigin ?? ownOrigin;

  const changeKey = useCallback(
    (next: MusicalKey) => {
      if (readOnly) return;
      try {
        setKey(doc, next, origin);
      } catch (err) {
        toast.show(isModelError(err) ? err.message : "The key could not be changed.", "error");
      }
    },
    [doc, origin, readOnly, toast],
  );

  const palette = useMemo(() => diatonicChords(sheet.key), [sheet.key]);
  const totalBars = sheet.sections.reduce((n, s) => n + s.bars, 0);

  return (
    <section className={styles.panel} aria-label="Song sheet" data-testid="song-sheet-panel">
      <header className={styles.header}>
        <div className={styles.keyRow}>
          <KeySelector value={sheet.key} readOnly={readOnly} onChange={changeKey} />
          <span className={styles.meta} title="Tempo, meter and length">
            <span className={styles.tempo}>
              ♩ {sheet.tempoBpm} · {sheet.timeSignature.numerator}/{sheet.timeSignature.denominator}
            </span>
            {sheet.sections.length > 0 && (
              <>
                {" · "}
                {sheet.sections.length} {sheet.sections.length === 1 ? "section" : "sections"}, {formatBars(totalBars)}
              </>
            )}
          </span>
        </div>
        <div className={styles.palette} aria-label={`Chords in ${prettyPitch(sheet.key.tonic)} ${sheet.key.mode}`}>
          {palette.map((c) => (
            <span key={c.degree} className={styles.paletteChip} title={`${c.degree} — ${c.symbol}`}>
              <span className={styles.degree}>{c.degree}</span>
              {prettyPitch(c.symbol)}
            </span>
          ))}
        </div>
      </header>

      {sheet.sections.length === 0 ? (
        <div className={styles.empty} data-testid="song-sheet-empty">
          <div className={styles.emptyIcon}>
            <Icon name="pencil" size={20} />
          </div>
          <p className={styles.emptyTitle}>Add sections on the timeline to write lyrics and chords</p>
          <p className={styles.emptyHint}>
            Intro, verse, chorus… each section gets its own chords line and lyrics here.
          </p>
        </div>
      ) : (
        <ol className={styles.list}>
          {sheet.sections.map((s) => (
            <SectionCard key={s.id} doc={doc} awareness={awareness} section={s} origin={origin} readOnly={readOnly} />
          ))}
        </ol>
      )}
    </section>
  );
}

const SectionCard = memo(function SectionCard({
  doc,
  awareness,
  section,
  origin,
  readOnly,
}: {
  doc: Y.Doc;
  awareness: Awareness;
  section: SheetSection;
  origin: Origin;
  readOnly: boolean;
}) {
  const chords = useMemo(() => safeText(doc, section.id, "chords"), [doc, section.id]);
  const [chordLine, setChordLine] = useState("");
  const unknown = useMemo(() => parseChordLine(chordLine).filter((t) => !t.chord).length, [chordLine]);
  const lyrics = useMemo(() => safeText(doc, section.id, "lyrics"), [doc, section.id]);
  const wholeStart = Number.isInteger(section.bar);
  const first = Math.floor(section.bar);
  const last = Math.ceil(section.bar + section.bars) - 1;

  return (
    <li
      className={styles.card}
      style={{ "--section": section.color } as CSSProperties}
      data-testid="song-sheet-section"
      data-section-id={section.id}
      data-name={section.name}
    >
      <div className={styles.cardHeader}>
        <span className={styles.swatch} aria-hidden="true" />
        <h3 className={styles.sectionName} data-testid="song-sheet-section-name">
          {section.name}
        </h3>
        {unknown > 0 && (
          <span
            className="badge badge-danger"
            data-testid="song-sheet-unknown-chords"
            title="Chord symbols Bandspace can't read"
          >
            {unknown} unknown {unknown === 1 ? "chord" : "chords"}
          </span>
        )}
        <span className={styles.bars} data-testid="song-sheet-section-bars">
          {wholeStart ? (first === last ? `Bar ${first}` : `Bars ${first}–${last}`) : `At ${section.position}`}
          <span className={styles.barsCount}>{formatBars(section.bars)}</span>
        </span>
      </div>
      {chords && (
        <div className={styles.row}>
          <span className={styles.rowLabel}>Chords</span>
          <div className={styles.rowField}>
            <CollabField
              ytext={chords}
              awareness={awareness}
              sectionId={section.id}
              field="chords"
              origin={origin}
              readOnly={readOnly}
              variant="chords"
              label={`${section.name} chords`}
              placeholder="C   G/B   Am7   F"
              emptyText="No chords yet"
              decorate={decorateChords}
              onText={setChordLine}
              testId="section-chords"
            />
          </div>
        </div>
      )}
      {lyrics && (
        <div className={styles.row}>
          <span className={styles.rowLabel}>Lyrics</span>
          <div className={styles.rowField}>
            <CollabField
              ytext={lyrics}
              awareness={awareness}
              sectionId={section.id}
              field="lyrics"
              origin={origin}
              readOnly={readOnly}
              variant="lyrics"
              label={`${section.name} lyrics`}
              placeholder="Write lyrics…"
              emptyText="No lyrics yet"
              testId="section-lyrics"
            />
          </div>
        </div>
      )}
    </li>
  );
});

function safeText(doc: Y.Doc, id: string, field: "lyrics" | "chords"): Y.Text | null {
  try {
    return getSectionText(doc, id, field);
  } catch {
    return null;
  }
}

function formatBars(bars: number): string {
  const n = Math.round(bars * 100) / 100;
  return `${n} ${n === 1 ? "bar" : "bars"}`;
}

function KeySelector({
  value,
  readOnly,
  onChange,
}: {
  value: MusicalKey;
  readOnly: boolean;
  onChange: (key: MusicalKey) => void;
}) {
  return (
    <div
      className={styles.key}
      role="group"
      aria-label="Key"
      data-testid="song-sheet-key"
      data-value={`${value.tonic} ${value.mode}`}
    >
      <span className={styles.keyLabel}>Key</span>
      {readOnly ? (
        <span className={styles.keyValue}>
          {prettyPitch(value.tonic)} {value.mode}
        </span>
      ) : (
        <>
          <select
            className={`select ${styles.keySelect}`}
            value={value.tonic}
            aria-label="Key tonic"
            data-testid="song-sheet-key-tonic"
            onChange={(e) => onChange({ tonic: e.target.value as PitchClassName, mode: value.mode })}
          >
            {PITCH_CLASS_NAMES.map((t) => (
              <option key={t} value={t}>
                {prettyPitch(t)}
              </option>
            ))}
          </select>
          <select
            className={`select ${styles.keySelect}`}
            value={value.mode}
            aria-label="Key mode"
            data-testid="song-sheet-key-mode"
            onChange={(e) => onChange({ tonic: value.tonic, mode: e.target.value as KeyMode })}
          >
            {KEY_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
