import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { flagTake, listTakeFlags, type Origin } from "@bandspace/model";

const REVIEWER: Origin = { kind: "user", userId: "rev" };
const TAKE = "take000000000001";

describe("take flags (stars) in the comments doc", () => {
  it("a reviewer flags and unflags a take; bandmates see it after sync; bad ids are refused", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    flagTake(a, TAKE, true, { userId: "rev", name: "Rita" }, REVIEWER);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listTakeFlags(b).get(TAKE)).toMatchObject({ takeId: TAKE, byId: "rev", byName: "Rita" });
    expect(a.getMap("comments").size).toBe(0);
    flagTake(b, TAKE, false, { userId: "ana", name: "Ana" }, { kind: "user", userId: "ana" });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(listTakeFlags(a).size).toBe(0);
    expect(() => flagTake(a, "Not A Take", true, { userId: "rev", name: "Rita" }, REVIEWER)).toThrow(/not valid/);
  });

  it("two people flagging the same take at once end on one flag on both", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    flagTake(a, TAKE, true, { userId: "rev", name: "Rita" }, REVIEWER);
    flagTake(b, TAKE, true, { userId: "ana", name: "Ana" }, { kind: "user", userId: "ana" });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect([...listTakeFlags(a).values()]).toEqual([...listTakeFlags(b).values()]);
    expect(listTakeFlags(a).size).toBe(1);
  });
});
