import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  SCHEMA_VERSION,
  SONG_MIGRATIONS,
  addTrack,
  checkSongInvariants,
  initSongDoc,
  listTracks,
  readSchemaVersion,
  readSong,
  setSongTitle,
} from "@bandspace/model";
import { USER, expectRejected, spyDoc } from "./helpers/doc-spy";

describe("initSongDoc", () => {
  it("records the schema version with a migration origin and writes no song defaults", () => {
    const doc = new Y.Doc();
    const spy = spyDoc(doc);
    initSongDoc(doc);
    spy.stop();
    expect(SCHEMA_VERSION).toBe(3);
    expect(spy.origins).toEqual([{ kind: "migration" }]);
    expect(doc.getMap("meta").get("schemaVersion")).toBe(SCHEMA_VERSION);
    expect(doc.getMap("song").size).toBe(0);
    expect(readSong(doc).title).toBe("Untitled song");
  });

  it("is idempotent: a second call makes no transaction and no update", () => {
    const doc = new Y.Doc();
    initSongDoc(doc, { kind: "server" });
    const before = Y.encodeStateAsUpdate(doc);
    const spy = spyDoc(doc);
    initSongDoc(doc);
    initSongDoc(doc, USER);
    spy.stop();
    expect(spy.origins).toEqual([]);
    expect(spy.updates).toEqual([]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it("never overwrites existing content", () => {
    const doc = new Y.Doc();
    setSongTitle(doc, "Kept", USER);
    addTrack(doc, { name: "Kept too" }, USER);
    initSongDoc(doc);
    expect(readSong(doc).title).toBe("Kept");
    expect(listTracks(doc).map((t) => t.name)).toEqual(["Kept too"]);
  });

  it("refuses a doc from a newer schema without changing it", () => {
    const doc = new Y.Doc();
    doc.getMap("meta").set("schemaVersion", SCHEMA_VERSION + 1);
    expectRejected(doc, "SCHEMA_TOO_NEW", () => initSongDoc(doc));
  });
});

describe("migrations", () => {
  it("form one contiguous chain from 0 to SCHEMA_VERSION with unique names", () => {
    let version = 0;
    for (const step of SONG_MIGRATIONS) {
      expect(step.from).toBe(version);
      expect(step.to).toBe(version + 1);
      version = step.to;
    }
    expect(version).toBe(SCHEMA_VERSION);
    expect(new Set(SONG_MIGRATIONS.map((m) => m.name)).size).toBe(SONG_MIGRATIONS.length);
  });

  it("v0 → v1 gives pre-versioning tracks order keys (oldest first), colours, kinds and valid song values", () => {
    // A v0 doc: no schemaVersion, tracks written without order/colour/kind, one with a key, an odd tempo.
    const doc = new Y.Doc();
    const tracks = doc.getMap<unknown>("tracks");
    const legacy = (id: string, fields: Record<string, unknown>) => {
      const m = new Y.Map<unknown>();
      tracks.set(id, m);
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
    };
    legacy("legacytrack03", { name: "Third", createdAt: 3000 });
    legacy("legacytrack01", { name: "First", createdAt: 1000 });
    legacy("legacytrack02", { name: "Second", createdAt: 2000, kind: "instrument" });
    legacy("orderedtrack0", { name: "Ordered", order: "V", color: "#123456", kind: "audio", createdAt: 5000 });
    doc.getMap("song").set("tempoBpm", 87.123);
    expect(readSchemaVersion(doc)).toBe(0);

    const spy = spyDoc(doc);
    initSongDoc(doc);
    spy.stop();
    expect(spy.origins).toEqual([{ kind: "migration" }]);

    expect(readSchemaVersion(doc)).toBe(3);
    expect(listTracks(doc).map((t) => t.name)).toEqual(["Ordered", "First", "Second", "Third"]);
    expect(listTracks(doc).map((t) => t.kind)).toEqual(["audio", "audio", "instrument", "audio"]);
    expect(readSong(doc).tempoBpm).toBe(87.123);
    expect(checkSongInvariants(doc)).toEqual([]);

    // Running the step again (e.g. a peer migrating concurrently) changes nothing.
    const before = Y.encodeStateAsUpdate(doc);
    doc.transact(() => SONG_MIGRATIONS[0].up(doc));
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
