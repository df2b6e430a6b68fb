import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import rangeParser from "range-parser";

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

/** What a Range header asks of a body of `size` bytes. */
export type RangeSelection = { kind: "whole" } | { kind: "ranges"; ranges: ByteRange[] } | { kind: "unsatisfiable" };

/**
 * More ranges than this (after overlapping and adjacent ones are merged) get the whole body instead, which RFC 9110
 * allows: hundreds of tiny ranges would cost more in part headers than they save, and are a known way to make a
 * server work for nothing.
 */
export const MAX_RANGES = 16;

/**
 * Reads a Range header with range-parser. No header, a malformed one or another unit means the whole body (RFC 9110
 * §14.2: a server ignores a Range it does not understand); none of the ranges inside the body means 416.
 */
export function selectRanges(header: string | undefined, size: number): RangeSelection {
  if (!header) return { kind: "whole" };
  // range-parser drops a suffix range longer than the body; RFC 9110 §14.1.3 says it means the whole body.
  const clamped = header.replace(/(=|,)\s*-(\d+)\s*(?=,|$)/g, (m, lead: string, n: string) =>
    Number(n) > size ? `${lead}0-` : m,
  );
  const parsed = rangeParser(size, clamped, { combine: true });
  if (parsed === -2) return { kind: "whole" };
  if (parsed === -1) return { kind: "unsatisfiable" };
  if (parsed.type !== "bytes" || parsed.length > MAX_RANGES) return { kind: "whole" };
  return { kind: "ranges", ranges: parsed.map(({ start, end }) => ({ start, end })) };
}

/** Reads bytes [start, end] inclusive of the body being served. */
export type ReadBytes = (start: number, end: number) => AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export interface BodyToSend {
  size: number;
  contentType: string;
  read: ReadBytes;
  /** Sent with every answer but the 416 (cache-control, etag…). */
  headers: Record<string, string>;
}

/**
 * Answers a GET or HEAD of a byte body with what the Range header selects: 200 with the whole body, 206 with one
 * range (Content-Range), 206 multipart/byteranges with several, or 416 with `Content-Range: bytes *\/size`.
 */
export function sendBytes(
  res: ServerResponse,
  method: string,
  body: BodyToSend,
  selection: RangeSelection,
): Promise<void> {
  const { size, contentType } = body;
  const common = { "accept-ranges": "bytes", "x-content-type-options": "nosniff", vary: "Authorization" };
  if (selection.kind === "unsatisfiable") {
    res.writeHead(416, { "content-range": `bytes */${size}`, "content-type": "application/json; charset=utf-8" });
    res.end(
      JSON.stringify({ error: { code: "BAD_REQUEST", message: "The requested range is outside the take's audio." } }),
    );
    return Promise.resolve();
  }
  if (selection.kind === "whole" || selection.ranges.length === 1) {
    const range = selection.kind === "whole" ? null : selection.ranges[0];
    const [start, end] = range ? [range.start, range.end] : [0, size - 1];
    res.writeHead(range ? 206 : 200, {
      "content-type": contentType,
      ...common,
      "content-length": size === 0 ? 0 : end - start + 1,
      ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
      ...body.headers,
    });
    if (method === "HEAD" || size === 0) return endResponse(res);
    return pipe(Readable.from(body.read(start, end)), res);
  }
  const multipart = multipartBody(selection.ranges, body);
  res.writeHead(206, {
    "content-type": `multipart/byteranges; boundary=${multipart.boundary}`,
    ...common,
    "content-length": multipart.length,
    ...body.headers,
  });
  if (method === "HEAD") return endResponse(res);
  return pipe(Readable.from(multipart.stream()), res);
}

/** RFC 9110 §14.6: each range as a part with its own Content-Type and Content-Range, then a closing delimiter. */
function multipartBody(ranges: ByteRange[], body: BodyToSend) {
  const boundary = `bandspace-${randomBytes(12).toString("hex")}`;
  const heads = ranges.map((r, i) =>
    Buffer.from(
      `${i === 0 ? "" : "\r\n"}--${boundary}\r\n` +
        `content-type: ${body.contentType}\r\ncontent-range: bytes ${r.start}-${r.end}/${body.size}\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = heads.reduce((n, h, i) => n + h.length + ranges[i].end - ranges[i].start + 1, tail.length);
  async function* stream() {
    for (let i = 0; i < ranges.length; i++) {
      yield heads[i];
      for await (const chunk of body.read(ranges[i].start, ranges[i].end)) yield chunk as Uint8Array;
    }
    yield tail;
  }
  return { boundary, length, stream };
}

function endResponse(res: ServerResponse): Promise<void> {
  res.end();
  return Promise.resolve();
}

function pipe(stream: Readable, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    stream.on("error", () => res.destroy());
    res.on("close", () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
