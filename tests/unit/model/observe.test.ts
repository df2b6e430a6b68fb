import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addTrack,
  deleteTrack,
  initSongDoc,
  moveTrack,
  observeSong,
  renameTrack,
  setTempo,
  type SongChange,
} from "@bandspace/model";
import { USER } from "./helpers/doc-spy";

describe("observeSong", () => {
  it("fires once per transaction with a small diff, and stops after unsubscribe", () => {
    const doc = new Y.Doc();
    const changes: SongChange[] = [];
    const stop = observeSong(doc, (c) => changes.push(c));

    const a = addTrack(doc, { name: "A" }, USER);
    const b = addTrack(doc, { name: "B" }, USER);
    renameTrack(doc, a.id, "A2", USER);
    moveTrack(doc, b.id, 0, USER);
    setTempo(doc, 90, USER);
    deleteTrack(doc, a.id, USER);

    expect(changes).toEqual([
      { origin: USER, local: true, song: false, tracksAdded: [a.id], tracksRemoved: [], tracksUpdated: [] },
      { origin: USER, local: true, song: false, tracksAdded: [b.id], tracksRemoved: [], tracksUpdated: [] },
      { origin: USER, local: true, song: false, tracksAdded: [], tracksRemoved: [], tracksUpdated: [a.id] },
      { origin: USER, local: true, song: false, tracksAdded: [], tracksRemoved: [], tracksUpdated: [b.id] },
      { origin: USER, local: true, song: true, tracksAdded: [], tracksRemoved: [], tracksUpdated: [] },
      { origin: USER, local: true, song: false, tracksAdded: [], tracksRemoved: [a.id], tracksUpdated: [] },
    ]);

    stop();
    setTempo(doc, 100, USER);
    expect(changes).toHaveLength(6);
  });

  it("reports remote updates with the applying origin and ignores unrelated transactions", () => {
    const source = new Y.Doc();
    const doc = new Y.Doc();
    const changes: SongChange[] = [];
    observeSong(doc, (c) => changes.push(c));

    initSongDoc(doc); // meta only: not a song change
    doc.transact(() => {}, USER); // empty
    expect(changes).toEqual([]);
    setTempo(doc, 120, USER); // the default, but unset until now: written
    setTempo(doc, 120, USER); // unchanged: nothing written, no change reported
    expect(changes.map((c) => c.song)).toEqual([true]);
    changes.length = 0;

    const t = addTrack(source, {}, USER);
    setTempo(source, 99, USER);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), { kind: "remote" });
    expect(changes).toEqual([
      {
        origin: { kind: "remote" },
        local: false,
        song: true,
        tracksAdded: [t.id],
        tracksRemoved: [],
        tracksUpdated: [],
      },
    ]);

    Y.applyUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()), "some-provider");
    expect(changes).toHaveLength(1);
  });
});
