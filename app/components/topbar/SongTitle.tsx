"use client";

import { useRef, useState } from "react";
import { LIMITS, setSongTitle } from "@bandspace/model";
import { useSong } from "../../lib/collab/useSong";
import { useStudio } from "../studio/StudioContext";
import styles from "./SongTitle.module.css";

/** The song title: click to edit, Enter or leaving the field saves, Esc cancels. */
export function SongTitle() {
  const { connection, canEditSong, edit } = useStudio();
  const { song } = useSong(connection);
  const [draft, setDraft] = useState<string | null>(null);
  const done = useRef(false);

  function start() {
    done.current = false;
    setDraft(song.title);
  }

  function finish(save: boolean) {
    if (done.current || draft === null) return;
    done.current = true;
    if (save && draft.trim() !== song.title) edit((doc, origin) => setSongTitle(doc, draft, origin));
    setDraft(null);
  }

  if (draft !== null) {
    return (
      <input
        className={`input ${styles.input}`}
        value={draft}
        maxLength={LIMITS.titleMaxLength}
        aria-label="Song title"
        data-testid="song-title-input"
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => finish(true)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            finish(true);
          } else if (e.key === "Escape") {
            e.preventDefault();
            finish(false);
          }
        }}
      />
    );
  }

  if (!canEditSong) {
    return (
      <h1 className={`${styles.title} ${styles.static}`} data-testid="song-title" title={song.title}>
        {song.title}
      </h1>
    );
  }

  return (
    <h1 className={styles.heading}>
      <button
        type="button"
        className={styles.title}
        onClick={start}
        title="Click to rename the song"
        data-testid="song-title"
      >
        {song.title}
      </button>
    </h1>
  );
}
