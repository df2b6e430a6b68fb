import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addTrack, setStripVolume, type Origin } from "@bandspace/model";
import { mixStore } from "../../../../app/lib/mix/useMix";

const ORIGIN: Origin = { kind: "user", userId: "u1" };

describe("the mixer's shared mix store (useMix)", () => {
  it("is one store per document, re-read once per task, and tells React only after the transaction", async () => {
    const doc = new Y.Doc();
    const track = addTrack(doc, { name: "Bass" }, ORIGIN).id;
    const store = mixStore(doc);
    expect(mixStore(doc)).toBe(store); // every track row shares it
    const events: string[] = [];
    const offs = [1, 2, 3].map((n) => store.subscribe(() => events.push(`listener ${n}`)));
    // What the audio engine and y-websocket do inside a transaction: they must not wait for React's read.
    doc.on("afterTransaction", () => events.push("engine"));
    doc.on("update", () => events.push("sent"));

    const before = store.get();
    expect(store.get()).toBe(before); // stable between changes (useSyncExternalStore requires it)
    setStripVolume(doc, track, -6, ORIGIN);
    setStripVolume(doc, track, -7, ORIGIN);
    expect(events).toEqual(["engine", "sent", "engine", "sent"]); // nobody notified yet
    await Promise.resolve();
    // Two transactions in one task: each listener once, after both.
    expect(events.slice(4)).toEqual(["listener 1", "listener 2", "listener 3"]);
    const after = store.get();
    expect(after).not.toBe(before);
    expect(after.strips.find((s) => s.id === track)?.volumeDb).toBe(-7);
    expect(store.get()).toBe(after);

    for (const off of offs) off();
    setStripVolume(doc, track, -8, ORIGIN);
    await Promise.resolve();
    expect(events.filter((e) => e.startsWith("listener"))).toHaveLength(3); // unsubscribed: not followed
    // A new subscriber never starts from a stale snapshot.
    store.subscribe(() => {});
    expect(store.get().strips.find((s) => s.id === track)?.volumeDb).toBe(-8);
  });
});
