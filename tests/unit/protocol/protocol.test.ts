import { describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  CreateLinkBody,
  CreateSessionBody,
  HelloRequest,
  PROTOCOL_VERSION,
  canManageLinks,
  canWriteDoc,
  isYjsWriteMessage,
  parseYjsPath,
  yjsRoomName,
} from "@bandspace/protocol";

describe("role rules", () => {
  it("lets each role write exactly what it may", () => {
    const matrix = (["owner", "edit", "comment", "view"] as const).map((r) => [
      r,
      canWriteDoc(r, "song"),
      canWriteDoc(r, "comments"),
    ]);
    expect(matrix).toEqual([
      ["owner", true, true],
      ["edit", true, true],
      ["comment", false, true],
      ["view", false, false],
    ]);
    expect(canManageLinks("owner")).toBe(true);
    expect(canManageLinks("edit")).toBe(false);
  });
});

describe("Yjs addresses", () => {
  it("round-trips room names and refuses anything else", () => {
    const id = "abcdefghij012345";
    expect(parseYjsPath(`/yjs/${yjsRoomName(id, "song")}`)).toEqual({ sessionId: id, doc: "song" });
    expect(parseYjsPath(`/yjs/${id}/comments`)).toEqual({ sessionId: id, doc: "comments" });
    for (const bad of [
      `/yjs/${id}`,
      `/yjs/${id}/mixer`,
      `/yjs/ABCDEFGHIJ012345/song`,
      `/yjs/${id}/song/x`,
      `/yjs/../../etc/song`,
      "/",
    ]) {
      expect(parseYjsPath(bad), bad).toBeNull();
    }
  });

  it("recognises write messages (sync step 2, update) and nothing else", () => {
    const doc = new Y.Doc();
    doc.getMap("m").set("k", 1);
    const msg = (write: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      write(e);
      return encoding.toUint8Array(e);
    };
    expect(isYjsWriteMessage(msg((e) => syncProtocol.writeSyncStep1(e, doc)))).toBe(false);
    expect(isYjsWriteMessage(msg((e) => syncProtocol.writeSyncStep2(e, doc)))).toBe(true);
    expect(isYjsWriteMessage(msg((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc))))).toBe(true);
    expect(isYjsWriteMessage(new Uint8Array([1, 2, 3]))).toBe(false); // awareness
    expect(isYjsWriteMessage(new Uint8Array([0]))).toBe(false);
  });
});

describe("payload schemas", () => {
  it("validate hello, sessions and links with messages a person can act on", () => {
    expect(
      HelloRequest.safeParse({
        protocolVersion: PROTOCOL_VERSION,
        sessionId: "abcdefghij012345",
        token: "A".repeat(32),
      }).success,
    ).toBe(true);
    const badToken = HelloRequest.safeParse({
      protocolVersion: PROTOCOL_VERSION,
      sessionId: "abcdefghij012345",
      token: "nope",
    });
    expect(badToken.success).toBe(false);
    expect(badToken.error?.issues[0]?.message).toMatch(/share link/);
    expect(CreateSessionBody.safeParse({ name: "  Demo  " }).data).toEqual({ name: "Demo" });
    expect(CreateSessionBody.safeParse({ name: "" }).error?.issues[0]?.message).toMatch(/name/);
    expect(CreateLinkBody.safeParse({ role: "owner" }).success).toBe(false);
    expect(CreateLinkBody.safeParse({ role: "comment", label: "Producer" }).success).toBe(true);
  });
});
