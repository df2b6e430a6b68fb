import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLIP_TAKE_ID_KEY,
  addMidiClip,
  addSection,
  addTrack,
  deleteTrack,
  docContent,
  getSectionText,
  renameTrack,
  setTempo,
} from "@bandspace/model";
import type { RestoreResult, VersionEvent, VersionList, VersionState, VersionView } from "@bandspace/protocol";
import { connectSocket } from "../../helpers/socket-client";
import { connectYClient, waitFor, type TestYClient } from "../../helpers/yjs-client";
import { api, createLink, createSession, startTestServer, type TestServer } from "../../helpers/server";

const USER = { kind: "user", userId: "test" } as const;

function stateDoc(base64: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(base64, "base64"));
  return doc;
}

describe("versions: save, list, preview, restore", () => {
  let server: TestServer;
  const clients: TestYClient[] = [];
  const client = (...args: Parameters<typeof connectYClient>) => {
    const c = connectYClient(...args);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    server = await startTestServer({ checkpointIntervalMs: 600 });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
  });

  it("restoring a version reproduces its song state exactly, live for everyone, and durably; comments are kept", async () => {
    const session = await createSession(server.url);
    const editLink = await createLink(server.url, session, "edit");
    const base = `/api/sessions/${session.sessionId}`;
    const owner = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    const editor = client({ baseUrl: server.url, sessionId: session.sessionId, token: editLink.token });
    const comments = client({
      baseUrl: server.url,
      sessionId: session.sessionId,
      token: editLink.token,
      doc: "comments",
    });
    await Promise.all([owner.synced(), editor.synced(), comments.synced()]);

    const keys = addTrack(owner.doc, { name: "Keys", kind: "instrument" }, USER);
    const bass = addTrack(owner.doc, { name: "Bass", instrument: "bass" }, USER);
    addMidiClip(
      owner.doc,
      {
        trackId: keys.id,
        startTick: 0,
        lengthTicks: 3840,
        notes: [{ pitch: 60, startTick: 0, durationTicks: 480, velocity: 100 }],
      },
      USER,
    );
    const verse = addSection(owner.doc, { name: "Verse", startTick: 0, lengthTicks: 7680 }, USER);
    getSectionText(owner.doc, verse.id, "lyrics").insert(0, "city lights");
    comments.doc.getMap("comments").set("c1", "first comment");
    await Promise.all([owner.acknowledged(), comments.acknowledged()]);
    await waitFor(() => editor.doc.getMap("tracks").size === 2, 5000, "editor sync");
    const expected = docContent(owner.doc);

    const saved = await api<VersionView>(server.url, "POST", `${base}/versions`, {
      token: session.ownerToken,
      body: { name: "Demo 1" },
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: "Demo 1", kind: "manual", createdBy: "Owner", takeIds: [] });

    // The editor changes many things after the version.
    setTempo(editor.doc, 140, USER);
    deleteTrack(editor.doc, bass.id, USER);
    renameTrack(editor.doc, keys.id, "Organ", USER);
    addTrack(editor.doc, { name: "Drums", instrument: "drums" }, USER);
    getSectionText(editor.doc, verse.id, "lyrics").delete(0, 4);
    comments.doc.getMap("comments").set("c2", "comment after the version");
    await Promise.all([editor.acknowledged(), comments.acknowledged()]);
    await waitFor(
      () => owner.doc.getMap("tracks").size === 2 && owner.doc.getMap("song").get("tempoBpm") === 140,
      5000,
      "owner sees edits",
    );
    expect(docContent(owner.doc)).not.toEqual(expected);

    // Preview: the stored state is the version's.
    const preview = await api<VersionState>(server.url, "GET", `${base}/versions/${saved.body.id}`, {
      token: editLink.token,
    });
    expect(preview.status).toBe(200);
    expect(docContent(stateDoc(preview.body.song))).toEqual(expected);
    expect(stateDoc(preview.body.comments).getMap("comments").toJSON()).toEqual({ c1: "first comment" });

    const restored = await api<RestoreResult>(server.url, "POST", `${base}/versions/${saved.body.id}/restore`, {
      token: editLink.token,
      body: {},
    });
    expect(restored.status).toBe(200);
    // Computed off the event loop, in the restore worker thread.
    expect(server.versions.reverts.lastRanIn).toBe("worker");
    expect(restored.body.restored.id).toBe(saved.body.id);
    expect(restored.body.backup).toMatchObject({
      kind: "backup",
      name: "Before restoring “Demo 1”",
      createdBy: "Can edit",
    });

    // Both live clients converge on exactly the version's content.
    await waitFor(() => JSON.stringify(docContent(owner.doc)) === JSON.stringify(expected), 5000, "owner restored");
    await waitFor(() => JSON.stringify(docContent(editor.doc)) === JSON.stringify(expected), 5000, "editor restored");
    // Comments made after the version are kept.
    expect(comments.doc.getMap("comments").toJSON()).toEqual({ c1: "first comment", c2: "comment after the version" });

    // The backup holds the state before the restore: restoring it undoes the restore.
    const undo = await api<RestoreResult>(server.url, "POST", `${base}/versions/${restored.body.backup.id}/restore`, {
      token: session.ownerToken,
      body: {},
    });
    expect(undo.status).toBe(200);
    await waitFor(() => owner.doc.getMap("song").get("tempoBpm") === 140, 5000, "undo restore");
    expect((owner.doc.getMap("tracks").toJSON() as Record<string, { name: string }>)[keys.id].name).toBe("Organ");
    await api(server.url, "POST", `${base}/versions/${saved.body.id}/restore`, { token: session.ownerToken, body: {} });
    await waitFor(() => JSON.stringify(docContent(owner.doc)) === JSON.stringify(expected), 5000, "restored again");

    // Durable: after the room unloads, a fresh client loads the restored state from the database.
    for (const c of [owner, editor, comments]) c.destroy();
    await waitFor(() => server.rooms.loadedRoom(`${session.sessionId}/song`) === undefined, 10_000, "room unloaded");
    const fresh = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    await fresh.synced();
    expect(docContent(fresh.doc)).toEqual(expected);

    const list = await api<VersionList>(server.url, "GET", `${base}/versions`, { token: editLink.token });
    expect(list.body.versions.filter((v) => v.kind !== "checkpoint").map((v) => v.name)).toEqual([
      "Before restoring “Demo 1”",
      "Before restoring “Before restoring “Demo 1””",
      "Before restoring “Demo 1”",
      "Demo 1",
    ]);
  }, 60_000);

  it("records the takes a version references, and answers which takes versions keep", async () => {
    const session = await createSession(server.url);
    const owner = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    await owner.synced();
    // An audio clip as the takes work will write it: a clip map with a takeId.
    owner.doc.transact(() => {
      const clip = new Y.Map<unknown>();
      clip.set(CLIP_TAKE_ID_KEY, "take-aaa");
      owner.doc.getMap("clips").set("clip1", clip);
    });
    await owner.acknowledged();
    const saved = await api<VersionView>(server.url, "POST", `/api/sessions/${session.sessionId}/versions`, {
      token: session.ownerToken,
      body: { name: "With audio" },
    });
    expect(saved.body.takeIds).toEqual(["take-aaa"]);
    expect([...(await server.db.versions.referencedTakes(["take-aaa", "take-bbb"]))]).toEqual(["take-aaa"]);
  });

  it("keeps only the newest autosave checkpoints; manual versions and backups are never pruned", async () => {
    const session = await createSession(server.url);
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    const make = (name: string, kind: "manual" | "checkpoint" | "backup") =>
      server.db.versions.create({
        sessionId: session.sessionId,
        name,
        kind,
        createdBy: null,
        songState: empty,
        commentsState: empty,
        takeIds: [`t-${name}`],
      });
    for (const [name, kind] of [
      ["m1", "manual"],
      ["c1", "checkpoint"],
      ["c2", "checkpoint"],
      ["b1", "backup"],
      ["c3", "checkpoint"],
      ["c4", "checkpoint"],
    ] as const) {
      await make(name, kind);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await server.db.versions.pruneCheckpoints(session.sessionId, 2)).toBe(2);
    expect((await server.db.versions.list(session.sessionId)).map((v) => v.name)).toEqual(["c4", "c3", "b1", "m1"]);
    // The pruned checkpoints' take references went with them.
    expect([...(await server.db.versions.referencedTakes(["t-c1", "t-c2", "t-c3", "t-m1"]))].sort()).toEqual([
      "t-c3",
      "t-m1",
    ]);
  });

  it("takes an autosave checkpoint after editing activity, and none while idle", async () => {
    const session = await createSession(server.url);
    const base = `/api/sessions/${session.sessionId}`;
    const owner = client({ baseUrl: server.url, sessionId: session.sessionId, token: session.ownerToken });
    await owner.synced();
    await new Promise((r) => setTimeout(r, 900));
    let list = await api<VersionList>(server.url, "GET", `${base}/versions`, { token: session.ownerToken });
    expect(list.body.versions).toEqual([]);

    setTempo(owner.doc, 101, USER);
    await owner.acknowledged();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      list = await api<VersionList>(server.url, "GET", `${base}/versions`, { token: session.ownerToken });
      if (list.body.versions.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(list.body.versions.map((v) => [v.kind, v.name, v.createdBy])).toEqual([["checkpoint", "Autosave", null]]);
    const state = await api<VersionState>(server.url, "GET", `${base}/versions/${list.body.versions[0].id}`, {
      token: session.ownerToken,
    });
    expect(stateDoc(state.body.song).getMap("song").get("tempoBpm")).toBe(101);
    // No edits since: no second checkpoint.
    await new Promise((r) => setTimeout(r, 1200));
    list = await api<VersionList>(server.url, "GET", `${base}/versions`, { token: session.ownerToken });
    expect(list.body.versions).toHaveLength(1);
  });

  it("tells everyone in the session over socket.io when a version is saved or restored", async () => {
    const session = await createSession(server.url);
    const viewLink = await createLink(server.url, session, "view");
    const viewer = connectSocket(server.url, session.sessionId, viewLink.token);
    await viewer.hello;
    const events: VersionEvent[] = [];
    viewer.socket.on("version", (e: VersionEvent) => events.push(e));
    const base = `/api/sessions/${session.sessionId}`;
    const saved = await api<VersionView>(server.url, "POST", `${base}/versions`, {
      token: session.ownerToken,
      body: { name: "Take 5" },
    });
    await api(server.url, "POST", `${base}/versions/${saved.body.id}/restore`, { token: session.ownerToken, body: {} });
    await waitFor(() => events.length === 3, 5000, "three version events");
    expect(events.map((e) => [e.action, e.version.kind, e.version.name, e.by])).toEqual([
      ["saved", "manual", "Take 5", "Owner"],
      ["saved", "backup", "Before restoring “Take 5”", "Owner"],
      ["restored", "manual", "Take 5", "Owner"],
    ]);
    viewer.socket.close();
  });

  it("refuses bad input with codes: unknown version, bad names, wrong session", async () => {
    const a = await createSession(server.url);
    const b = await createSession(server.url);
    const saved = await api<VersionView>(server.url, "POST", `/api/sessions/${a.sessionId}/versions`, {
      token: a.ownerToken,
      body: { name: "A" },
    });
    const cases: [string, string, unknown, number, string][] = [
      ["POST", `/api/sessions/${a.sessionId}/versions`, { name: "  " }, 400, "BAD_REQUEST"],
      ["POST", `/api/sessions/${a.sessionId}/versions`, { name: "x".repeat(81) }, 400, "BAD_REQUEST"],
      ["GET", `/api/sessions/${a.sessionId}/versions/zzzzzzzzzzzzzzzz`, undefined, 404, "NOT_FOUND"],
      ["GET", `/api/sessions/${a.sessionId}/versions/..%2F..`, undefined, 404, "NOT_FOUND"],
      ["POST", `/api/sessions/${a.sessionId}/versions/${saved.body.id}/restore`, { extra: 1 }, 400, "BAD_REQUEST"],
    ];
    for (const [method, path, body, status, code] of cases) {
      const r = await api<{ error: { code: string } }>(server.url, method, path, { token: a.ownerToken, body });
      expect([path, r.status, r.body.error.code]).toEqual([path, status, code]);
    }
    // Another session's owner cannot see or restore A's version through B.
    const cross = await api<{ error: { code: string } }>(
      server.url,
      "GET",
      `/api/sessions/${b.sessionId}/versions/${saved.body.id}`,
      { token: b.ownerToken },
    );
    expect(cross.status).toBe(404);
    const wrongToken = await api<{ error: { code: string } }>(
      server.url,
      "GET",
      `/api/sessions/${a.sessionId}/versions`,
      { token: b.ownerToken },
    );
    expect(wrongToken.body.error.code).toBe("INVALID_TOKEN");
  });
});
