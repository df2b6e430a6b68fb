import type * as Y from "yjs";
import { SONG_FIELDS, type TimeSignature } from "./fields";
import type { MusicalKey } from "./musical-key";
import { transactAs, type Origin } from "./origin";
import { setIfChanged, songMap } from "./roots";
import { validateKey, validateTempo, validateTimeSignature, validateTitle } from "./validate";

/** The song sheet: what a band writes at the top of a chart. */
export interface SongSheet {
  title: string;
  /** Beats per minute, 20..400, two decimals at most. */
  tempoBpm: number;
  timeSignature: TimeSignature;
  key: MusicalKey;
}

/** Always a valid sheet: unset fields read as their defaults, invalid stored values as the nearest valid one. */
export function readSong(doc: Y.Doc): SongSheet {
  const song = songMap(doc);
  return {
    title: SONG_FIELDS.title.coerce(song.get(SONG_FIELDS.title.key)),
    tempoBpm: SONG_FIELDS.tempoBpm.coerce(song.get(SONG_FIELDS.tempoBpm.key)),
    timeSignature: SONG_FIELDS.timeSignature.coerce(song.get(SONG_FIELDS.timeSignature.key)),
    key: SONG_FIELDS.key.coerce(song.get(SONG_FIELDS.key.key)),
  };
}

export function setSongTitle(doc: Y.Doc, title: string, origin: Origin): void {
  const value = validateTitle(title);
  transactAs(doc, origin, () => setIfChanged(songMap(doc), SONG_FIELDS.title.key, value));
}

export function setTempo(doc: Y.Doc, bpm: number, origin: Origin): void {
  const value = validateTempo(bpm);
  transactAs(doc, origin, () => setIfChanged(songMap(doc), SONG_FIELDS.tempoBpm.key, value));
}

export function setTimeSignature(doc: Y.Doc, numerator: number, denominator: number, origin: Origin): void {
  const value = validateTimeSignature(numerator, denominator);
  transactAs(doc, origin, () => setIfChanged(songMap(doc), SONG_FIELDS.timeSignature.key, value));
}

export function setKey(doc: Y.Doc, key: MusicalKey, origin: Origin): void {
  const value = validateKey(key);
  transactAs(doc, origin, () => setIfChanged(songMap(doc), SONG_FIELDS.key.key, value));
}
