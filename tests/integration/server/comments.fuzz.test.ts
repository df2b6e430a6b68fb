import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  COMMENTS_SCHEMA_VERSION,
  addComment,
  addReply,
  deleteComment,
  deleteReply,
  editCommentText,
  initCommentsDoc,
  listComments,
  setCommentResolved,
  toggleCommentReaction,
  type CommentAuthor,
  type CommentThread,
} from "@bandspace/model";
import { makeRng, type Rng } from "../../unit/model/helpers/doc-spy";
import { connectRawYClient, updateFrom, type RawYClient } from "../../helpers/raw-yjs-client";
import { useTestServer, type Person } from "../../helpers/test-server-fixture";
import { waitFor } from "../../helpers/yjs-client";

/**
 * Seeded fuzz against the real server: an editor, a commenter and a viewer send random comment operations
 * through hand-written clients — valid ones in their own name, and invalid ones (someone else's name,
 * someone else's words, the meta). Afterwards every comment and reply on the server was written by the
 * member its author id names, every reaction and resolve is its member's own, and the meta is untouched.
 *
 * A failure names its seed: reproduce with FUZZ_SEED=<seed>.
 */
const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [1, 2, 3];
const STEPS = Number(process.env.FUZZ_STEPS ?? 60);
const anyTarget = { track: () => true, clip: () => null } as never;

interface Actor {
  person: Person;
  client: RawYClient;
  canWrite: boolean;
}

describe("comment operations fuzzed from three roles", () => {
  const t = useTestServer();

  for (const seed of SEEDS) {
    it(`seed ${seed}: every comment's author is its sender and every rule holds`, async () => {
      const rng = makeRng(seed);
      const session = await t.session();
      const people = [
        { role: "edit" as const, name: "Ed" },
        { role: "comment" as const, name: "Mia" },
        { role: "view" as const, name: "Vi" },
      ];
      const actors: Actor[] = [];
      for (const p of people) {
        const person = await t.person(session, p.role, p.name);
        const client = connectRawYClient({
          baseUrl: t.server.url,
          sessionId: session.sessionId,
          token: person.token,
          member: person.secret,
          doc: "comments",
        });
        await client.synced();
        actors.push({ person, client, canWrite: p.role !== "view" });
      }
      // Who really sent each message id (thread or reply), and what each member may legitimately claim.
      const sentBy = new Map<string, string>();
      const log: string[] = [];
      try {
        await send(actors[0], (d) => initCommentsDoc(d), "init");
        for (let step = 0; step < STEPS; step++) {
          const actor = rng.pick(actors);
          const victim = rng.pick(actors.filter((a) => a !== actor));
          const { label, change } = randomOperation(rng, actor, victim, sentBy);
          log.push(`${step}: ${actor.person.name} ${label}`);
          await send(actor, change, label);
        }
        // Settle: everyone has everything the server accepted.
        const room = await t.server.rooms.acquire(`${session.sessionId}/comments`);
        try {
          await room.flush();
          const server = listComments(room.doc);
          // The run exercised both sides: some writes landed, some were refused.
          expect(server.length + sentBy.size).toBeGreaterThan(0);
          expect(actors.reduce((n, a) => n + a.client.refused.length, 0)).toBeGreaterThan(0);
          const ids = new Set(actors.map((a) => a.person.memberId));
          for (const thread of server) {
            expect(sentBy.get(thread.id), `thread ${thread.id}`).toBe(thread.authorId);
            for (const reply of thread.replies) expect(sentBy.get(reply.id), `reply ${reply.id}`).toBe(reply.authorId);
            for (const m of [thread, ...thread.replies])
              for (const r of m.reactions) for (const p of r.people) expect(ids.has(p.userId)).toBe(true);
            if (thread.resolved) expect(ids.has(thread.resolved.byId)).toBe(true);
          }
          // The viewer never wrote anything; the meta holds only the version the editor migrated to.
          const viewer = actors[2].person.memberId;
          expect(server.some((c) => c.authorId === viewer || c.replies.some((r) => r.authorId === viewer))).toBe(false);
          expect(room.doc.getMap("meta").toJSON()).toEqual({ schemaVersion: COMMENTS_SCHEMA_VERSION });
          // Every client ends with the server's comments.
          for (const a of actors) {
            await waitFor(
              () => JSON.stringify(listComments(a.client.doc)) === JSON.stringify(server),
              5000,
              `${a.person.name} converged`,
            );
          }
        } finally {
          t.server.rooms.release(room);
        }
      } catch (err) {
        console.error(`comments fuzz failed — reproduce with FUZZ_SEED=${seed}\n${log.slice(-15).join("\n")}`);
        throw err;
      } finally {
        for (const a of actors) a.client.close();
      }
    }, 120_000);
  }

  /** Sends one change as `actor`; applies it to the actor's replica once the server accepted it. */
  async function send(actor: Actor, change: (doc: Y.Doc) => void, label: string): Promise<void> {
    let update: Uint8Array;
    try {
      update = updateFrom(actor.client.doc, change);
    } catch {
      return; // the model refused the call itself (e.g. the comment was deleted meanwhile)
    }
    if (update.byteLength <= 2) return;
    const refusals = actor.client.refused.length;
    actor.client.sendUpdate(update);
    if (!actor.canWrite) return;
    await waitFor(() => actor.client.persistedWrites() >= actor.client.writesSent(), 5000, `settled: ${label}`);
    if (actor.client.refused.length === refusals) Y.applyUpdate(actor.client.doc, update);
  }
});

function randomOperation(
  rng: Rng,
  actor: Actor,
  victim: Actor,
  sentBy: Map<string, string>,
): { label: string; change: (doc: Y.Doc) => void } {
  const me: CommentAuthor = { userId: actor.person.memberId, name: actor.person.name };
  const them: CommentAuthor = { userId: victim.person.memberId, name: victim.person.name };
  const origin = { kind: "user" as const, userId: me.userId };
  const threads = listComments(actor.client.doc);
  const thread: CommentThread | undefined = threads.length > 0 ? rng.pick(threads) : undefined;
  const roll = rng.int(100);
  const claimed = rng.chance(0.3) ? them : me; // 30 % of creations are forged
  if (roll < 25 || !thread) {
    return {
      label: `adds a thread as ${claimed.name}`,
      change: (d) => {
        const c = addComment(
          d,
          { author: claimed, text: `t${roll}`, anchor: { startTick: roll * 10 } },
          anyTarget,
          origin,
        );
        sentBy.set(c.id, me.userId);
      },
    };
  }
  if (roll < 45) {
    return {
      label: `replies as ${claimed.name}`,
      change: (d) => {
        const r = addReply(d, thread.id, { author: claimed, text: `r${roll}` }, origin);
        sentBy.set(r.id, me.userId);
      },
    };
  }
  if (roll < 58)
    return {
      label: `edits ${thread.authorName}'s thread`,
      change: (d) => editCommentText(d, { threadId: thread.id }, `e${roll}`, [], origin),
    };
  if (roll < 66)
    return { label: `deletes ${thread.authorName}'s thread`, change: (d) => deleteComment(d, thread.id, origin) };
  if (roll < 72 && thread.replies.length > 0) {
    const reply = rng.pick(thread.replies);
    return { label: `deletes ${reply.authorName}'s reply`, change: (d) => deleteReply(d, thread.id, reply.id, origin) };
  }
  if (roll < 84) {
    const as = rng.chance(0.3) ? them : me;
    return {
      label: `reacts as ${as.name}`,
      change: (d) => void toggleCommentReaction(d, { threadId: thread.id }, "fire", as, origin),
    };
  }
  if (roll < 94) {
    const as = rng.chance(0.3) ? them : me;
    return {
      label: `resolves as ${as.name}`,
      change: (d) => setCommentResolved(d, thread.id, thread.resolved === null, as, origin),
    };
  }
  return {
    label: "writes the meta",
    change: (d) => d.getMap("meta").set("schemaVersion", rng.chance(0.5) ? 99 : 0),
  };
}
