import { describe, expect, it, vi } from "vitest";

// Loaded CI machines: a server process (tsx start-up 5–10 s) and the lapse of a dead node's counts.
vi.setConfig({ testTimeout: 240_000 });
import { TAKE_MAX_OPEN_PER_LINK } from "@bandspace/protocol";
import { OPEN_TAKE_TTL_MS } from "../../../server/takes/redis-open-takes";
import { createSession } from "../../helpers/server";
import { useScaleOutCluster } from "../../helpers/scale-out-fixture";
import { chunkAudio, generateAudio, newTakeId, request, type TakeSocket } from "../../helpers/take-client";
import { sleep } from "../../helpers/yjs-client";
import { scaleOutUnavailable } from "../../helpers/scale-out-services";

/**
 * The limit on takes one link records at once counts across nodes (issue #21): node A is a process (so it can be
 * killed with kill -9), node B runs in this process with its orphan sweep off (so it does not adopt A's takes
 * and count them again while the test watches A's counts lapse). One PostgreSQL database, Redis, s3rver.
 */
const RATE = 48000;
const HALF = TAKE_MAX_OPEN_PER_LINK / 2;

const unavailable = await scaleOutUnavailable();

describe.skipIf(unavailable !== null)("open takes per link across nodes", () => {
  const cluster = useScaleOutCluster("open");

  it("one link's limit holds across two nodes, frees when a take ends, and frees a dead node's takes", async () => {
    const a = await cluster.spawnNode("open-a");
    const b = await cluster.startNode("open-b", { takeOrphanSweepMs: 3_600_000 });
    const session = await createSession(b.url);
    const connect = (url: string) => cluster.takeSocket(url, session.sessionId, session.ownerToken);
    const onA = await connect(a.url);
    const onB = await connect(b.url);
    const start = async (socket: TakeSocket) => {
      const takeId = newTakeId();
      const reply = await request(socket, "take:start", {
        takeId,
        trackId: "vox",
        sampleRate: RATE,
        channels: 1,
        startTick: 0,
        latencyMs: 0,
      });
      return { takeId, ok: reply.ok === true, code: reply.error?.code };
    };

    // Half the limit on each node: the link is full, whichever node its next take:start reaches.
    const takesOnB: string[] = [];
    for (let i = 0; i < HALF; i++) expect((await start(onA)).ok).toBe(true);
    for (let i = 0; i < HALF; i++) {
      const t = await start(onB);
      expect(t.ok).toBe(true);
      takesOnB.push(t.takeId);
    }
    expect((await start(onA)).code).toBe("TAKE_TOO_MANY");
    expect((await start(onB)).code).toBe("TAKE_TOO_MANY");

    // A take on B ends: its place is free at once, for a take:start on A.
    const [chunk] = chunkAudio(generateAudio(RATE / 10, 1, RATE, 3), 1, RATE / 10);
    expect((await request(onB, "take:chunk", { takeId: takesOnB[0], ...chunk })).ok).toBe(true);
    const ended = await request(onB, "take:end", { takeId: takesOnB[0], chunkCount: 1, totalFrames: chunk.frames });
    expect(ended.ok).toBe(true);
    expect((await start(onA)).ok).toBe(true);
    expect((await start(onB)).code).toBe("TAKE_TOO_MANY");
    // A discarded take frees its place too.
    expect((await request(onB, "take:abort", { takeId: takesOnB[1] })).ok).toBe(true);
    expect((await start(onB)).ok).toBe(true);
    expect((await start(onA)).code).toBe("TAKE_TOO_MANY");

    // Node A dies with HALF + 1 takes open: nobody frees them, they lapse. Until then the link stays full.
    await a.kill9();
    const killedAt = Date.now();
    let freedAfter = -1;
    while (Date.now() - killedAt < OPEN_TAKE_TTL_MS + 10_000) {
      const t = await start(onB);
      if (t.ok) {
        freedAfter = Date.now() - killedAt;
        break;
      }
      expect(t.code).toBe("TAKE_TOO_MANY");
      await sleep(250);
    }
    expect(freedAfter).toBeGreaterThanOrEqual(0);
    // Not before its entries could lapse (renewed every TTL/3, so at least 2/3 of the TTL after the last renewal).
    expect(freedAfter).toBeGreaterThan((OPEN_TAKE_TTL_MS * 2) / 3 - 500);
    // A's entries lapse one by one, each a TTL after its own last renewal or start (a take started after A's last
    // renewal round lapses later): once a whole TTL has passed since the kill, every one of them is gone.
    await sleep(Math.max(0, killedAt + OPEN_TAKE_TTL_MS + 500 - Date.now()));
    // B holds HALF − 1 (one ended, one discarded, one more started) + the one just started; the rest is free again.
    let more = 0;
    while ((await start(onB)).ok) more++;
    expect(HALF + more).toBe(TAKE_MAX_OPEN_PER_LINK);
  });
});
