import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readByteranges } from "../../helpers/byteranges";
import { MAX_RANGES, selectRanges, sendBytes, type RangeSelection } from "../../../server/http/byte-ranges";

describe("selectRanges", () => {
  it("reads single ranges: closed, open-ended, suffix, clipped at the end", () => {
    expect(selectRanges(undefined, 100)).toEqual({ kind: "whole" });
    expect(selectRanges("bytes=0-9", 100)).toEqual({ kind: "ranges", ranges: [{ start: 0, end: 9 }] });
    expect(selectRanges("bytes=90-", 100)).toEqual({ kind: "ranges", ranges: [{ start: 90, end: 99 }] });
    expect(selectRanges("bytes=-10", 100)).toEqual({ kind: "ranges", ranges: [{ start: 90, end: 99 }] });
    expect(selectRanges("bytes=50-500", 100)).toEqual({ kind: "ranges", ranges: [{ start: 50, end: 99 }] });
  });

  it("serves the whole body for a suffix longer than the body (RFC 9110 §14.1.3)", () => {
    expect(selectRanges("bytes=-500", 100)).toEqual({ kind: "ranges", ranges: [{ start: 0, end: 99 }] });
    expect(selectRanges("bytes=0-1, -500", 100)).toEqual({ kind: "ranges", ranges: [{ start: 0, end: 99 }] });
  });

  it("flags ranges outside the body as unsatisfiable", () => {
    expect(selectRanges("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(selectRanges("bytes=5-2", 100)).toEqual({ kind: "unsatisfiable" });
    expect(selectRanges("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
    expect(selectRanges("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(selectRanges("bytes=-5", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("keeps several ranges in the order asked, merging overlapping and adjacent ones", () => {
    expect(selectRanges("bytes=50-59,0-9", 100)).toEqual({
      kind: "ranges",
      ranges: [
        { start: 50, end: 59 },
        { start: 0, end: 9 },
      ],
    });
    expect(selectRanges("bytes=0-9,10-19,15-30", 100)).toEqual({ kind: "ranges", ranges: [{ start: 0, end: 30 }] });
    // One satisfiable range among unsatisfiable ones is served.
    expect(selectRanges("bytes=500-600,0-4", 100)).toEqual({ kind: "ranges", ranges: [{ start: 0, end: 4 }] });
  });

  it("ignores what it does not understand, and too many ranges, by serving the whole body", () => {
    expect(selectRanges("items=0-1", 100)).toEqual({ kind: "whole" });
    expect(selectRanges("bytes=a-b", 100)).toEqual({ kind: "whole" });
    expect(selectRanges("garbage", 100)).toEqual({ kind: "whole" });
    const many = Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i * 3}-${i * 3}`).join(",");
    expect(selectRanges(`bytes=${many}`, 1000)).toEqual({ kind: "whole" });
    const enough = Array.from({ length: MAX_RANGES }, (_, i) => `${i * 3}-${i * 3}`).join(",");
    expect((selectRanges(`bytes=${enough}`, 1000) as { ranges: unknown[] }).ranges).toHaveLength(MAX_RANGES);
  });
});

describe("sendBytes over real HTTP", () => {
  const body = Buffer.from(Array.from({ length: 200 }, (_, i) => i));
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const selection: RangeSelection = selectRanges(req.headers.range, body.length);
      void sendBytes(
        res,
        req.method ?? "GET",
        {
          size: body.length,
          contentType: "audio/wav",
          read: (start, end) => Readable.from([body.subarray(start, end + 1)]),
          headers: { etag: '"x"' },
        },
        selection,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers one range with 206 and Content-Range", async () => {
    const r = await fetch(url, { headers: { range: "bytes=10-19" } });
    expect(r.status).toBe(206);
    expect(r.headers.get("content-range")).toBe("bytes 10-19/200");
    expect(r.headers.get("content-length")).toBe("10");
    expect(r.headers.get("etag")).toBe('"x"');
    expect(Buffer.from(await r.arrayBuffer()).equals(body.subarray(10, 20))).toBe(true);
  });

  it("answers several ranges with multipart/byteranges, each part with its own Content-Range", async () => {
    const r = await fetch(url, { headers: { range: "bytes=150-159,0-4" } });
    expect(r.status).toBe(206);
    const parts = await readByteranges(r);
    expect(parts).toHaveLength(2);
    expect(parts[0].contentRange).toBe("bytes 150-159/200");
    expect(parts[0].bytes.equals(body.subarray(150, 160))).toBe(true);
    expect(parts[1].contentRange).toBe("bytes 0-4/200");
    expect(parts[1].bytes.equals(body.subarray(0, 5))).toBe(true);
  });

  it("answers a HEAD of several ranges with the same length and no body", async () => {
    const get = await fetch(url, { headers: { range: "bytes=0-0,100-101" } });
    const length = (await get.arrayBuffer()).byteLength;
    const head = await fetch(url, { method: "HEAD", headers: { range: "bytes=0-0,100-101" } });
    expect(head.status).toBe(206);
    expect(head.headers.get("content-length")).toBe(String(length));
  });

  it("answers an unsatisfiable range with 416 and Content-Range: bytes */size", async () => {
    const r = await fetch(url, { headers: { range: "bytes=200-" } });
    expect(r.status).toBe(416);
    expect(r.headers.get("content-range")).toBe("bytes */200");
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  });

  it("answers no range, or one it ignores, with 200 and the whole body", async () => {
    for (const range of [undefined, "lines=1-2"]) {
      const r = await fetch(url, { headers: range ? { range } : {} });
      expect(r.status).toBe(200);
      expect(r.headers.get("accept-ranges")).toBe("bytes");
      expect(Buffer.from(await r.arrayBuffer()).equals(body)).toBe(true);
    }
  });
});
