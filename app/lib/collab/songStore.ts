import type * as Y from "yjs";
import { listTracks, observeSong, readSong, type SongSheet, type Track } from "@bandspace/model";
import { ValueStore, jsonEqual } from "./store";

export type { SongSheet, Track };

export interface SongView {
  /** Always a valid sheet (the model reads unset fields as defaults). */
  song: SongSheet;
  tracks: Track[];
}

export interface SongStore {
  get: () => SongView;
  subscribe: (listener: () => void) => () => void;
  destroy: () => void;
}

function read(doc: Y.Doc): SongView {
  return { song: readSong(doc), tracks: listTracks(doc) };
}

/**
 * React's view of the song doc: an immutable snapshot re-read through the model whenever `observeSong`
 * reports a change. Components never read Y types; they read this snapshot and call model functions.
 */
export function createSongStore(doc: Y.Doc): SongStore {
  const store = new ValueStore<SongView>(read(doc), (a, b) => a === b);
  const unobserve = observeSong(doc, () => store.set(shareUnchanged(store.get(), read(doc))));
  return {
    get: store.get,
    subscribe: store.subscribe,
    destroy: unobserve,
  };
}

/** Keeps the previous objects where nothing changed, so memoised rows skip re-rendering. */
function shareUnchanged(prev: SongView, next: SongView): SongView {
  const song = jsonEqual(prev.song, next.song) ? prev.song : next.song;
  const byId = new Map(prev.tracks.map((t) => [t.id, t]));
  const tracks = next.tracks.map((t) => {
    const old = byId.get(t.id);
    return old && jsonEqual(old, t) ? old : t;
  });
  const sameTracks = tracks.length === prev.tracks.length && tracks.every((t, i) => t === prev.tracks[i]);
  if (song === prev.song && sameTracks) return prev;
  return { song, tracks: sameTracks ? prev.tracks : tracks };
}
