import type * as Y from "yjs";
import { validateTick } from "../arrangement-validate";
import { insertClip, insertNote, notesMapOf } from "../clip-store";
import { SONG_FIELDS, TRACK_COLORS } from "../fields";
import { randomId } from "../ids";
import { transactAs, type Origin } from "../origin";
import { clipsMap, entityAt, setIfChanged, songMap } from "../roots";
import { readTempoMap, replaceTempoMap } from "../tempo-changes";
import { insertTrack, listTracks } from "../tracks";
import { planMidiImport, type MidiImportReport, type PlannedNote } from "./plan-import";

export {
  DRUM_CHANNEL,
  MAX_IMPORT_NOTES,
  MidiDamageError,
  describeImportReport,
  type MidiImportReport,
} from "./plan-import";

export interface ImportMidiOptions {
  /** Where the file's start goes on the timeline (ticks, default 0). */
  atTick?: number;
  /**
   * Replace the song's tempo, tempo and meter changes and key with the file's. Default: true when importing at
   * tick 0, false otherwise (dropping a part into a song must not change the song's tempo).
   */
  tempoMap?: boolean;
  /**
   * Import a damaged file (truncated, or with chunk lengths that do not match its contents) anyway. Without it
   * such a file is refused with MIDI_FILE_DAMAGED (a MidiDamageError listing what is missing), so the studio can
   * ask the user first.
   */
  acceptDamage?: boolean;
  origin: Origin;
}

/**
 * A note costs ~115 bytes in a Yjs update; 4,000 notes ≈ 460 kB, well inside the sync server's 2 MB message
 * limit (MAX_YJS_MESSAGE_BYTES) even with the tracks and clips of the first transaction.
 */
export const NOTES_PER_TRANSACTION = 4000;

/**
 * Imports a Standard MIDI File (see planMidiImport for what is kept and how): one instrument track per MIDI
 * track (channel 10 → drums, else by GM program family; split only where a track's channels are different
 * instruments), one clip per track spanning its notes rounded out to whole bars, every note paired per
 * channel and pitch, the sustain pedal, track names; with the tempo map, the file's tempo changes at their
 * exact ticks, its meter changes and key signature. Garbage → INVALID_MIDI_FILE and a damaged file not
 * accepted → MIDI_FILE_DAMAGED, with nothing written.
 *
 * Tracks, clips, tempo map and the first NOTES_PER_TRANSACTION notes are one transaction; the remaining notes
 * of a large file follow in transactions of that size, so no single update outgrows the server's message limit.
 */
export function importMidiFile(
  doc: Y.Doc,
  bytes: Uint8Array,
  opts: ImportMidiOptions,
): { trackIds: string[]; clipIds: string[]; report: MidiImportReport } {
  const atTick = opts?.atTick === undefined ? 0 : validateTick(opts.atTick, "The import position");
  const useFileTempo = opts?.tempoMap ?? atTick === 0;
  const plan = planMidiImport(bytes, {
    atTick,
    useFileTempo,
    songMap: readTempoMap(doc),
    acceptDamage: opts?.acceptDamage === true,
  });

  let budget = NOTES_PER_TRANSACTION;
  const rest: { clipId: string; note: PlannedNote }[] = [];
  const existing = listTracks(doc).length;
  const trackIds: string[] = [];
  const clipIds: string[] = [];
  const createdAt = Date.now();
  transactAs(doc, opts.origin, () => {
    if (plan.tempoMap) {
      replaceTempoMap(doc, plan.tempoMap, opts.origin);
      if (plan.key) setIfChanged(songMap(doc), SONG_FIELDS.key.key, { ...plan.key });
    }
    plan.tracks.forEach((t, i) => {
      const id = randomId();
      const color = TRACK_COLORS[(existing + i) % TRACK_COLORS.length];
      insertTrack(
        doc,
        id,
        { name: t.name, color, kind: "instrument", createdAt, instrument: t.instrument },
        existing + i,
      );
      trackIds.push(id);
      const now = t.notes.slice(0, Math.max(0, budget));
      budget -= now.length;
      const clipId = insertClip(
        doc,
        {
          trackId: id,
          name: t.name,
          startTick: t.clip.startTick,
          lengthTicks: t.clip.lengthTicks,
          pedal: t.clip.pedal,
        },
        now,
      );
      clipIds.push(clipId);
      for (let n = now.length; n < t.notes.length; n++) rest.push({ clipId, note: t.notes[n] });
    });
  });
  for (let from = 0; from < rest.length; from += NOTES_PER_TRANSACTION) {
    const batch = rest.slice(from, from + NOTES_PER_TRANSACTION);
    transactAs(doc, opts.origin, () => {
      for (const { clipId, note } of batch) {
        const clip = entityAt(clipsMap(doc), clipId);
        const notesMap = clip ? notesMapOf(clip) : null;
        if (notesMap) insertNote(notesMap, note);
      }
    });
  }
  return { trackIds, clipIds, report: plan.report };
}
