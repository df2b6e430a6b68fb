import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SavedExportList, SavedExportView, VersionList } from "@bandspace/protocol";
import { useTestServer } from "../../helpers/test-server-fixture";
import { api } from "../../helpers/server";
import { connectSocket } from "../../helpers/socket-client";
import { sha256, uploadExport, wavExport } from "../../helpers/export-client";

// Small enough that a second of 16-bit stereo 48 kHz (192 kB) fits and three seconds do not.
const MAX = 400_000;
const t = useTestServer({ exportMaxBytes: MAX });

const list = async (sessionId: string, token: string) =>
  (await api<SavedExportList>(t.server.url, "GET", `/api/sessions/${sessionId}/exports`, { token })).body.exports;
const storedFiles = async (sessionId: string) =>
  fs.readdir(path.join(t.database.dataDir, "exports", sessionId)).catch(() => [] as string[]);

describe("saved exports over HTTP", () => {
  it("an editor saves an export; every member lists it (live too), plays any range and downloads the same bytes", async () => {
    const session = await t.session();
    const ana = await t.person(session, "edit", "Ana");
    const viewer = await t.person(session, "view", "Vic");
    const listener = connectSocket(t.server.url, session.sessionId, viewer.token, viewer.secret);
    await listener.hello;
    const pushed = new Promise<SavedExportView>((resolve) => listener.socket.once("export-saved", resolve));

    const { bytes, meta } = wavExport(1, "First mix — “loud”");
    const saved = await uploadExport(t.server.url, session.sessionId, ana, meta, bytes);
    expect(saved.status).toBe(201);
    const view = saved.view!;
    expect(view).toMatchObject({
      name: "First mix — “loud”",
      format: "wav",
      mime: "audio/wav",
      bytes: bytes.length,
      sha256: sha256(bytes),
      report: meta.report,
      createdBy: { memberId: ana.memberId, name: "Ana" },
      version: { name: "Export: First mix — “loud”" },
    });
    expect((await pushed).id).toBe(view.id);
    listener.socket.disconnect();

    // Listed for a viewer, with the version it was made from in History.
    expect(await list(session.sessionId, viewer.token)).toEqual([view]);
    const versions = await api<VersionList>(t.server.url, "GET", `/api/sessions/${session.sessionId}/versions`, {
      token: viewer.token,
    });
    expect(versions.body.versions.map((v) => v.id)).toContain(view.version.id);

    // Audio: ?token= like an <audio> element, whole, a range, ETag revalidation, and a named download.
    const audio = `${t.server.url}/api/sessions/${session.sessionId}/exports/${view.id}/audio?token=${viewer.token}`;
    const whole = await fetch(audio);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(bytes));
    const part = await fetch(audio, { headers: { range: "bytes=44-1043" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 44-1043/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(44, 1044))).toBe(true);
    const etag = whole.headers.get("etag")!;
    expect((await fetch(audio, { headers: { "if-none-match": etag } })).status).toBe(304);
    const download = await fetch(`${audio}&download=1`);
    expect(download.headers.get("content-disposition")).toContain("filename*=UTF-8''First%20mix");
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(bytes));
  });

  it("only edit and owner roles may save; members only may list or listen", async () => {
    const session = await t.session();
    const other = await t.session();
    const viewer = await t.person(session, "view", "Vic");
    const commenter = await t.person(session, "comment", "Cam");
    const { bytes, meta } = wavExport(0.5);
    for (const who of [viewer, commenter]) {
      const r = await uploadExport(t.server.url, session.sessionId, who, meta, bytes);
      expect(r.status).toBe(403);
      expect(r.error!.code).toBe("ROLE_FORBIDDEN");
    }
    const owner = { token: session.ownerToken };
    const saved = (await uploadExport(t.server.url, session.sessionId, owner, meta, bytes)).view!;
    // Another session's token, or none, sees nothing of this one.
    const res = await fetch(`${t.server.url}/api/sessions/${session.sessionId}/exports`, {
      headers: { authorization: `Bearer ${other.ownerToken}` },
    });
    expect(res.status).toBeGreaterThanOrEqual(401);
    const audio = `/api/sessions/${session.sessionId}/exports/${saved.id}/audio`;
    expect((await fetch(t.server.url + audio)).status).toBe(401);
    expect((await fetch(`${t.server.url}${audio}?token=${other.ownerToken}`)).status).toBeGreaterThanOrEqual(401);
    // An id of another session's export is not found here.
    const theirs = (await uploadExport(t.server.url, other.sessionId, { token: other.ownerToken }, meta, bytes)).view!;
    const cross = await fetch(
      `${t.server.url}/api/sessions/${session.sessionId}/exports/${theirs.id}/audio?token=${session.ownerToken}`,
    );
    expect(cross.status).toBe(404);
  });

  it("refuses bytes that are not the claimed format, bad details and oversized files, keeping nothing", async () => {
    const session = await t.session();
    const ana = await t.person(session, "edit", "Ana");
    const { bytes, meta } = wavExport(0.5);

    const asMp3 = await uploadExport(t.server.url, session.sessionId, ana, { ...meta, format: "mp3" }, bytes);
    expect(asMp3.status).toBe(415);
    expect(asMp3.error!.message).toMatch(/WAV, not MP3/);
    const text = await uploadExport(t.server.url, session.sessionId, ana, meta, Buffer.from("<html>not audio</html>"));
    expect(text.status).toBe(415);
    const empty = await uploadExport(t.server.url, session.sessionId, ana, meta, new Uint8Array(0));
    expect(empty.status).toBe(400);

    for (const bad of [
      { ...meta, name: "" },
      { ...meta, format: "aiff" },
      { ...meta, sampleRate: 1 },
      { ...meta, report: { ...meta.report, integrated: "loud" } },
      { ...meta, storageKey: "../../../etc/passwd" },
    ]) {
      const r = await uploadExport(t.server.url, session.sessionId, ana, bad, bytes);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }

    // Declared too large: refused before reading. Streamed without a length: counted, refused half way.
    const big = wavExport(3);
    expect((await uploadExport(t.server.url, session.sessionId, ana, big.meta, big.bytes)).status).toBe(413);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= big.bytes.length) return controller.close();
        controller.enqueue(big.bytes.subarray(sent, sent + 32_768));
        sent += 32_768;
      },
    });
    const streamed = await uploadExport(t.server.url, session.sessionId, ana, big.meta, stream);
    expect(streamed.status).toBe(413);

    expect(await list(session.sessionId, ana.token)).toEqual([]);
    expect(await storedFiles(session.sessionId)).toEqual([]);
  });

  it("an upload the client abandons half way (Cancel) leaves no export and no file", async () => {
    const session = await t.session();
    const ana = await t.person(session, "edit", "Ana");
    const { bytes, meta } = wavExport(1);
    const abort = new AbortController();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= bytes.length / 2) {
          // Half sent: wait until the server has the first part on disk, then cancel like the Save button's Cancel.
          await new Promise((r) => setTimeout(r, 300));
          abort.abort();
          return;
        }
        controller.enqueue(bytes.subarray(sent, sent + 16_384));
        sent += 16_384;
      },
    });
    const upload = fetch(`${t.server.url}/api/sessions/${session.sessionId}/exports`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${ana.token}`,
        "x-bandspace-member": ana.secret,
        "x-bandspace-export": Buffer.from(JSON.stringify(meta)).toString("base64url"),
      },
      body: stream,
      duplex: "half",
      signal: abort.signal,
    } as RequestInit);
    await expect(upload).rejects.toThrow();
    // The server notices the broken request and removes its temp file.
    await expect.poll(() => storedFiles(session.sessionId), { timeout: 10_000 }).toEqual([]);
    expect(await list(session.sessionId, ana.token)).toEqual([]);
  });

  it("its maker or the owner may delete an export; then it is gone from the list, the audio route and the store", async () => {
    const session = await t.session();
    const ana = await t.person(session, "edit", "Ana");
    const ben = await t.person(session, "edit", "Ben");
    const viewer = await t.person(session, "view", "Vic");
    const { bytes, meta } = wavExport(0.5);
    const mine = (await uploadExport(t.server.url, session.sessionId, ana, meta, bytes)).view!;
    const bens = (await uploadExport(t.server.url, session.sessionId, ben, { ...meta, name: "B" }, bytes)).view!;
    expect(await storedFiles(session.sessionId)).toHaveLength(2);

    const del = (who: { token: string; secret?: string }, id: string) =>
      api(t.server.url, "DELETE", `/api/sessions/${session.sessionId}/exports/${id}`, {
        token: who.token,
        member: who.secret,
      });
    expect((await del(viewer, mine.id)).status).toBe(403);
    expect((await del(ben, mine.id)).status).toBe(403);
    expect((await del(ana, mine.id)).status).toBe(200);
    expect((await del({ token: session.ownerToken }, bens.id)).status).toBe(200);
    expect((await del(ana, mine.id)).status).toBe(404);

    expect(await list(session.sessionId, viewer.token)).toEqual([]);
    const audio = `${t.server.url}/api/sessions/${session.sessionId}/exports/${mine.id}/audio?token=${viewer.token}`;
    expect((await fetch(audio)).status).toBe(404);
    expect(await storedFiles(session.sessionId)).toEqual([]);
  });

  it("keeps the version an export was made from: checkpoint pruning skips one an export references", async () => {
    const session = await t.session();
    const { bytes, meta } = wavExport(0.5);
    const saved = (await uploadExport(t.server.url, session.sessionId, { token: session.ownerToken }, meta, bytes))
      .view!;
    const { db } = t.server;
    const checkpoint = (name: string) =>
      db.versions.create({
        sessionId: session.sessionId,
        name,
        kind: "checkpoint",
        createdBy: null,
        songState: new Uint8Array(),
        commentsState: new Uint8Array(),
        takeIds: [],
      });
    const referenced = await checkpoint("made from");
    const unreferenced = await checkpoint("nobody's");
    const row = (await db.exports.find(session.sessionId, saved.id))!;
    const { versionName: _name, createdAt: _at, ...fields } = row;
    await db.exports.create({
      ...fields,
      id: "0000000000000001",
      storageKey: "0000000000000001",
      versionId: referenced.id,
    });

    await db.versions.pruneCheckpoints(session.sessionId, 0);
    const left = (await db.versions.list(session.sessionId)).map((v) => v.id);
    expect(left).toContain(referenced.id);
    expect(left).toContain(saved.version.id);
    expect(left).not.toContain(unreferenced.id);
  });
});
