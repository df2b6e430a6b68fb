import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addSection, getSectionText } from "@bandspace/model";
import { MAX_YJS_MESSAGE_BYTES, MAX_YJS_WRITER_MESSAGE_BYTES, YCloseCode, YMessageType } from "@bandspace/protocol";
import { startTestServer } from "../../helpers/server";
import { connectRawYClient } from "../../helpers/raw-yjs-client";
import { useTestServer } from "../../helpers/test-server-fixture";
import { connectYClient, sleep } from "../../helpers/yjs-client";

/**
 * Issue #16: more than 2 MB of offline edits used to be refused with 1009 and retried twice a second,
 * forever. A writer's whole offline state (here 20 MB, made in 2,000 small transactions like a large
 * import) is now stored whole after it reconnects, on SQLite and PostgreSQL (DATABASE_URL picks the
 * backend); a message over a limit gets the terminal 4413 instead of a reconnect loop.
 */
const OFFLINE_BYTES = 20 * 1024 * 1024;
const CHUNK = 10 * 1024;

describe("large resyncs are saved", () => {
  const t = useTestServer();

  it("ends a message over the writer limit, or a reader's over its limit, with the terminal 4413", async () => {
    const session = await t.session();
    const owner = await t.person(session, "owner", "Olive");
    const viewer = await t.person(session, "view", "Vi");
    const big = (bytes: number) => {
      const message = new Uint8Array(bytes);
      message[0] = YMessageType.sync;
      message[1] = 2;
      return message;
    };
    const writer = connectRawYClient({ baseUrl: t.server.url, sessionId: session.sessionId, token: owner.token });
    await writer.synced();
    writer.sendRaw(big(MAX_YJS_WRITER_MESSAGE_BYTES + 1));
    const w = await writer.closed;
    expect(w.code).toBe(YCloseCode.tooLarge);
    expect(w.reason).toMatch(/larger than the server accepts/);

    const reader = connectRawYClient({ baseUrl: t.server.url, sessionId: session.sessionId, token: viewer.token });
    await reader.synced();
    reader.sendRaw(big(MAX_YJS_MESSAGE_BYTES + 1));
    expect((await reader.closed).code).toBe(YCloseCode.tooLarge);
  }, 60_000);

  it("stores a 20 MB offline edit whole after reconnect, durably across a restart", async () => {
    const session = await t.session();
    const owner = await t.person(session, "owner", "Olive");
    const a = t.client({ sessionId: session.sessionId, token: owner.token, member: owner.secret });
    await a.synced();
    const section = addSection(
      a.doc,
      { name: "Import", startTick: 0, lengthTicks: 3840 },
      { kind: "user", userId: owner.memberId },
    );
    await a.acknowledged();

    a.provider.disconnect();
    const line = "x".repeat(CHUNK - 1) + "\n";
    for (let i = 0; i < OFFLINE_BYTES / CHUNK; i++) {
      a.doc.transact(() => getSectionText(a.doc, section.id, "lyrics").insert(0, line), {
        kind: "user",
        userId: owner.memberId,
      });
    }
    const offlineState = Y.encodeStateAsUpdate(a.doc);
    expect(offlineState.byteLength).toBeGreaterThan(OFFLINE_BYTES);
    expect(offlineState.byteLength).toBeLessThan(MAX_YJS_WRITER_MESSAGE_BYTES);

    let closes = 0;
    a.provider.on("connection-close", () => (closes += 1));
    a.provider.connect();
    await a.acknowledged(60_000);
    expect(closes).toBe(0);

    const b = t.client({ sessionId: session.sessionId, token: owner.token });
    await b.synced();
    expect(getSectionText(b.doc, section.id, "lyrics").length).toBe(OFFLINE_BYTES);

    for (const c of [a, b]) c.destroy();
    await sleep(300); // the room unloads (idleUnloadMs 200) and compacts
    await t.server.stop();
    const restarted = await startTestServer({}, t.database);
    try {
      const c = connectYClient({ baseUrl: restarted.url, sessionId: session.sessionId, token: owner.token });
      await c.synced();
      expect(getSectionText(c.doc, section.id, "lyrics").toString()).toBe(line.repeat(OFFLINE_BYTES / CHUNK));
      c.destroy();
    } finally {
      await restarted.close();
    }
  }, 180_000);
});
