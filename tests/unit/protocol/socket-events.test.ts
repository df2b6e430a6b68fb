import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CLIENT_EVENTS,
  CLIENT_EVENT_NAMES,
  GREETING_EVENT,
  PROTOCOL_VERSION,
  SERVER_EVENTS,
  clientEventSpec,
  isClientEvent,
  parseClientEvent,
} from "@bandspace/protocol";

const sessionId = "a".repeat(16);
const token = "T".repeat(32);
const takeId = "t".repeat(16);

/** One well-formed payload per client event: the table must accept each. */
const valid: Record<keyof typeof CLIENT_EVENTS, unknown> = {
  hello: { protocolVersion: PROTOCOL_VERSION, sessionId, token },
  "take:start": { takeId, trackId: "track-1", sampleRate: 48000, channels: 2, startTick: 0, latencyMs: 12 },
  "take:chunk": { takeId, seq: 0, frames: 2, pcm: new Uint8Array(16) },
  "take:end": { takeId, chunkCount: 1, totalFrames: 2 },
  "take:abort": { takeId },
};

describe("the socket.io event table", () => {
  it("declares a zod schema for every client event, and for every server event", () => {
    expect(CLIENT_EVENT_NAMES).toEqual(Object.keys(valid));
    for (const event of CLIENT_EVENT_NAMES) {
      const spec = clientEventSpec(event);
      expect(spec.payload, event).toBeInstanceOf(z.ZodType);
      if (spec.reply) expect(spec.reply, event).toBeInstanceOf(z.ZodType);
    }
    for (const [event, schema] of Object.entries(SERVER_EVENTS)) expect(schema, event).toBeInstanceOf(z.ZodType);
  });

  it("has one greeting, hello, which is answered by events rather than an ack", () => {
    expect(GREETING_EVENT).toBe("hello");
    expect(CLIENT_EVENT_NAMES.filter((e) => clientEventSpec(e).greeting)).toEqual(["hello"]);
    expect(clientEventSpec("hello").reply).toBeUndefined();
    for (const e of CLIENT_EVENT_NAMES.filter((e) => e.startsWith("take:"))) {
      expect(clientEventSpec(e).reply, e).toBeDefined();
    }
  });

  it("lets a refusal travel in every acknowledged event's reply", () => {
    const refusal = { ok: false, error: { code: "MALFORMED_MESSAGE", message: "Invalid take:chunk: seq: too small" } };
    for (const event of CLIENT_EVENT_NAMES) {
      const reply = clientEventSpec(event).reply;
      if (reply) expect(reply.safeParse(refusal).success, event).toBe(true);
    }
    expect(clientEventSpec("take:start").reply!.safeParse({ ok: false, error: { code: "NOPE" } }).success).toBe(false);
  });

  it("knows its own event names and nothing else", () => {
    expect(isClientEvent("take:start")).toBe(true);
    expect(isClientEvent("take:started")).toBe(false); // a server event
    expect(isClientEvent("toString")).toBe(false); // not fooled by the prototype
  });
});

describe("parseClientEvent", () => {
  it("accepts each event's well-formed payload", () => {
    for (const event of CLIENT_EVENT_NAMES) {
      const parsed = parseClientEvent(event, valid[event]);
      expect(parsed.ok, event).toBe(true);
    }
  });

  it("refuses a malformed payload of every event with MALFORMED_MESSAGE naming the event and the field", () => {
    for (const event of CLIENT_EVENT_NAMES) {
      for (const garbage of ["garbage", null, 42, {}]) {
        const parsed = parseClientEvent(event, garbage);
        expect(parsed.ok, `${event} ${JSON.stringify(garbage)}`).toBe(false);
        if (parsed.ok) continue;
        expect(parsed.error.code).toBe("MALFORMED_MESSAGE");
        expect(parsed.error.message.startsWith(`Invalid ${event}: `)).toBe(true);
      }
    }
    const chunk = parseClientEvent("take:chunk", { takeId, seq: -1, frames: 2, pcm: "not binary" });
    expect(chunk.ok).toBe(false);
    if (!chunk.ok) {
      expect(chunk.error.code).toBe("MALFORMED_MESSAGE");
      expect(chunk.error.message).toMatch(/seq: /);
      expect(chunk.error.message).toMatch(/pcm: pcm must be binary/);
    }
  });

  it("names at most three faults, so a message stays readable", () => {
    const parsed = parseClientEvent("take:start", {
      takeId: 1,
      trackId: 2,
      sampleRate: "x",
      channels: 9,
      startTick: -1,
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message.split("; ")).toHaveLength(3);
  });

  it("refuses a hello from another protocol version before its shape, saying which side to update", () => {
    const older = parseClientEvent("hello", { protocolVersion: PROTOCOL_VERSION - 1 });
    expect(older).toEqual({
      ok: false,
      error: { code: "PROTOCOL_VERSION_MISMATCH", message: "This page is older than the server: reload the page." },
    });
    const newer = parseClientEvent("hello", { ...(valid.hello as object), protocolVersion: PROTOCOL_VERSION + 1 });
    expect(newer).toEqual({
      ok: false,
      error: {
        code: "PROTOCOL_VERSION_MISMATCH",
        message: "The server is older than this page: ask the host to update Bandspace.",
      },
    });
    // A version that is not a number is a malformed hello, not a version mismatch.
    const bad = parseClientEvent("hello", { ...(valid.hello as object), protocolVersion: "2" });
    expect(bad.ok || bad.error.code).toBe("MALFORMED_MESSAGE");
  });
});
