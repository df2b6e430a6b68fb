import { PassThrough } from "node:stream";
import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { SocketIoStickiness } from "../../../scripts/cluster/sticky-sessions";

describe("socket.io stickiness in the demo balancer", () => {
  const sticky = new SocketIoStickiness();
  afterEach(() => sticky.close());

  it("a polling request without sid is a handshake; anything else is not", () => {
    expect(sticky.isHandshake("/socket.io/?EIO=4&transport=polling&t=abc")).toBe(true);
    expect(sticky.isHandshake("/socket.io/?EIO=4&transport=polling&sid=x")).toBe(false);
    expect(sticky.isHandshake("/socket.io/?EIO=4&transport=websocket")).toBe(false);
    expect(sticky.isHandshake("/api/sessions?transport=polling")).toBe(false);
  });

  it("learns the sid from the handshake answer as it streams, and routes that session's requests to its node", async () => {
    const body = new PassThrough();
    sticky.learn(body as unknown as IncomingMessage, "http://127.0.0.1:4001");
    // The open packet may arrive split across chunks.
    body.write('0{"sid":"lv_VI97');
    body.write('HAXpY6yYAAAC","upgrades":["websocket"],"pingInterval":25000}');
    body.end();
    await new Promise((r) => setImmediate(r));
    expect(sticky.backendFor("/socket.io/?EIO=4&transport=polling&sid=lv_VI97HAXpY6yYAAAC")).toBe(
      "http://127.0.0.1:4001",
    );
    expect(sticky.backendFor("/socket.io/?EIO=4&transport=websocket&sid=lv_VI97HAXpY6yYAAAC")).toBe(
      "http://127.0.0.1:4001",
    );
    expect(sticky.backendFor("/socket.io/?EIO=4&transport=polling&sid=unknown")).toBeUndefined();
    // Only socket.io paths are pinned: a ?sid= elsewhere means nothing.
    expect(sticky.backendFor("/api/x?sid=lv_VI97HAXpY6yYAAAC")).toBeUndefined();
  });
});
