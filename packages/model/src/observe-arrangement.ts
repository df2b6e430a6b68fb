import type * as Y from "yjs";
import { CLIP_NOTES_KEY } from "./arrangement-fields";
import { SONG_FIELDS } from "./fields";
import { transactionOrigin, type Origin } from "./origin";
import { clipsMap, sectionsMap, songMap, tempoChangesMap, tracksMap, transportMap } from "./roots";

/**
 * What one transaction changed in the arrangement — small tagged diffs so the audio engine and views follow
 * edits without re-reading the document. Computed from the Yjs events' paths and keys only (never a walk of
 * the document).
 */
export interface ArrangementChange {
  origin: Origin | null;
  local: boolean;
  /** Song tempo, meter or tempo changes changed → rebuild the TempoMap. */
  tempo: boolean;
  /** Track ids added, removed or updated (any field, incl. instrument and order). */
  tracks: string[];
  clipsAdded: string[];
  clipsRemoved: string[];
  /** Moved, resized, renamed or moved to another track (not added or removed in the same transaction). */
  clipsUpdated: string[];
  /** Clips whose notes were added, removed or changed (not clips added or removed in the same transaction). */
  notesChanged: string[];
  /** A section was added, removed or changed — including its lyrics or chords text. */
  sections: boolean;
  loop: boolean;
}

interface Pending {
  tempo: boolean;
  tracks: Set<string>;
  added: Set<string>;
  removed: Set<string>;
  updated: Set<string>;
  notes: Set<string>;
  sections: boolean;
  loop: boolean;
}

type DeepEvents = Array<Y.YEvent<Y.AbstractType<unknown>>>;

/** Calls `onChange` once after every transaction that changed the arrangement. Returns the unsubscribe function. */
export function observeArrangement(doc: Y.Doc, onChange: (change: ArrangementChange) => void): () => void {
  const song = songMap(doc);
  const tempoChanges = tempoChangesMap(doc);
  const tracks = tracksMap(doc);
  const sections = sectionsMap(doc);
  const clips = clipsMap(doc);
  const transport = transportMap(doc);
  const pending = new WeakMap<Y.Transaction, Pending>();
  const entry = (tr: Y.Transaction): Pending => {
    let e = pending.get(tr);
    if (!e) {
      e = {
        tempo: false,
        tracks: new Set(),
        added: new Set(),
        removed: new Set(),
        updated: new Set(),
        notes: new Set(),
        sections: false,
        loop: false,
      };
      pending.set(tr, e);
    }
    return e;
  };

  const onSong = (event: Y.YMapEvent<unknown>) => {
    if (event.keysChanged.has(SONG_FIELDS.tempoBpm.key) || event.keysChanged.has(SONG_FIELDS.timeSignature.key)) {
      entry(event.transaction).tempo = true;
    }
  };
  const onTempoChanges = (_event: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
    entry(tr).tempo = true;
  };
  const onTracks = (events: DeepEvents, tr: Y.Transaction) => {
    const e = entry(tr);
    for (const event of events) {
      if (event.target === tracks) event.changes.keys.forEach((_change, id) => e.tracks.add(id));
      else if (typeof event.path[0] === "string") e.tracks.add(event.path[0]);
    }
  };
  const onSections = (_events: DeepEvents, tr: Y.Transaction) => {
    entry(tr).sections = true;
  };
  const onClips = (events: DeepEvents, tr: Y.Transaction) => {
    const e = entry(tr);
    for (const event of events) {
      if (event.target === clips) {
        event.changes.keys.forEach((change, id) => {
          if (change.action === "add") e.added.add(id);
          else if (change.action === "delete") e.removed.add(id);
          else e.updated.add(id); // replaced under the same id
        });
        continue;
      }
      const id = event.path[0];
      if (typeof id !== "string") continue;
      if (event.path.length === 1) {
        // The clip map itself: its fields (or its notes map replaced).
        const keys = (event as Y.YMapEvent<unknown>).keysChanged;
        if (keys.has(CLIP_NOTES_KEY)) e.notes.add(id);
        if ([...keys].some((k) => k !== CLIP_NOTES_KEY)) e.updated.add(id);
      } else if (event.path[1] === CLIP_NOTES_KEY) {
        e.notes.add(id);
      }
    }
  };
  const onTransport = (_event: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
    entry(tr).loop = true;
  };

  const onAfterTransaction = (tr: Y.Transaction) => {
    const e = pending.get(tr);
    if (!e) return;
    pending.delete(tr);
    const live = (id: string) => !e.added.has(id) && !e.removed.has(id);
    const change: ArrangementChange = {
      origin: transactionOrigin(tr),
      local: tr.local,
      tempo: e.tempo,
      tracks: [...e.tracks].sort(),
      clipsAdded: [...e.added].filter((id) => !e.removed.has(id)).sort(),
      clipsRemoved: [...e.removed].filter((id) => !e.added.has(id)).sort(),
      clipsUpdated: [...e.updated].filter(live).sort(),
      notesChanged: [...e.notes].filter(live).sort(),
      sections: e.sections,
      loop: e.loop,
    };
    const any =
      change.tempo ||
      change.sections ||
      change.loop ||
      change.tracks.length > 0 ||
      change.clipsAdded.length > 0 ||
      change.clipsRemoved.length > 0 ||
      change.clipsUpdated.length > 0 ||
      change.notesChanged.length > 0;
    if (any) onChange(change);
  };

  song.observe(onSong);
  tempoChanges.observe(onTempoChanges);
  tracks.observeDeep(onTracks);
  sections.observeDeep(onSections);
  clips.observeDeep(onClips);
  transport.observe(onTransport);
  doc.on("afterTransaction", onAfterTransaction);
  return () => {
    song.unobserve(onSong);
    tempoChanges.unobserve(onTempoChanges);
    tracks.unobserveDeep(onTracks);
    sections.unobserveDeep(onSections);
    clips.unobserveDeep(onClips);
    transport.unobserve(onTransport);
    doc.off("afterTransaction", onAfterTransaction);
  };
}
