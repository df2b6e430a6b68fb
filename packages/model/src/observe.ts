import * as Y from "yjs";
import { transactionOrigin, type Origin } from "./origin";
import { songMap, tracksMap } from "./roots";

/**
 * What one transaction changed in the song sheet and track list — a small diff so views and the audio
 * engine can follow edits without re-reading the whole document.
 */
export interface SongChange {
  /** The model origin of the transaction; null for updates applied by a provider that passes its own origin. */
  origin: Origin | null;
  /** True when the transaction was made on this replica (false for applied remote updates). */
  local: boolean;
  /** Some song-sheet field (title, tempo, time signature, key) changed. */
  song: boolean;
  tracksAdded: string[];
  tracksRemoved: string[];
  /** Tracks whose fields changed (name, colour, order …), excluding added and removed ones. */
  tracksUpdated: string[];
}

/**
 * Calls `onChange` once after every transaction that changed the song sheet or the tracks (local, remote,
 * repair or migration). Returns the unsubscribe function.
 */
export function observeSong(doc: Y.Doc, onChange: (change: SongChange) => void): () => void {
  const song = songMap(doc);
  const tracks = tracksMap(doc);
  // Yjs computes event details only inside observers; collect them per transaction and report once,
  // from afterTransaction, which Yjs emits after all observers of that transaction have run.
  const pending = new WeakMap<
    Y.Transaction,
    { song: boolean; added: Set<string>; removed: Set<string>; updated: Set<string> }
  >();
  const entry = (tr: Y.Transaction) => {
    let e = pending.get(tr);
    if (!e) pending.set(tr, (e = { song: false, added: new Set(), removed: new Set(), updated: new Set() }));
    return e;
  };

  const onSong = (event: Y.YMapEvent<unknown>) => {
    entry(event.transaction).song = true;
  };
  const onTracks = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
    const e = entry(tr);
    for (const event of events) {
      if (event.target === tracks) {
        event.changes.keys.forEach((change, id) => {
          if (change.action === "add") e.added.add(id);
          else if (change.action === "delete") e.removed.add(id);
          else e.updated.add(id); // an entry replaced under the same id
        });
      } else {
        const id = event.path[0];
        if (typeof id === "string") e.updated.add(id);
      }
    }
  };
  const onAfterTransaction = (tr: Y.Transaction) => {
    const e = pending.get(tr);
    if (!e) return;
    pending.delete(tr);
    onChange({
      origin: transactionOrigin(tr),
      local: tr.local,
      song: e.song,
      tracksAdded: [...e.added].sort(),
      tracksRemoved: [...e.removed].sort(),
      tracksUpdated: [...e.updated].filter((id) => !e.added.has(id) && !e.removed.has(id)).sort(),
    });
  };

  song.observe(onSong);
  tracks.observeDeep(onTracks);
  doc.on("afterTransaction", onAfterTransaction);
  return () => {
    song.unobserve(onSong);
    tracks.unobserveDeep(onTracks);
    doc.off("afterTransaction", onAfterTransaction);
  };
}
