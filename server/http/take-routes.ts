import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { FLOAT_WAV_HEADER_BYTES, encodeFloatWavHeader, peaksByChannel } from "@bandspace/dsp";
import { BandspaceError, TAKE_SAMPLES_PER_PEAK, TakeId, type TakeList, type TakePeaks } from "@bandspace/protocol";
import { authenticateToken, type AuthDeps } from "../auth/authenticate";
import type { TakeService } from "../takes/take-service";
import { bearerToken, sendJson } from "./json";

export interface TakeRouteDeps {
  auth: AuthDeps;
  takes: TakeService;
}

/**
 *   GET /api/sessions/:id/takes                 → TakeList
 *   GET /api/sessions/:id/takes/:takeId/audio   → float WAV (Range, ETag; immutable once complete)
 *   GET /api/sessions/:id/takes/:takeId/peaks   → TakePeaks
 * Any member of the session (every role may listen); the token comes from `Authorization: Bearer` or
 * `?token=` (an <audio> element cannot set headers).
 */
export async function handleTakeRoutes(
  method: string,
  sessionId: string,
  rest: string[],
  req: IncomingMessage,
  res: ServerResponse,
  deps: TakeRouteDeps,
): Promise<void> {
  if (method !== "GET" && method !== "HEAD")
    throw new BandspaceError("BAD_REQUEST", `${method} is not supported here.`);
  const url = new URL(req.url ?? "/", "http://localhost");
  const token = bearerToken(req) ?? url.searchParams.get("token") ?? undefined;
  if (!token) throw new BandspaceError("INVALID_TOKEN", "Open this session through its share link.");
  await authenticateToken(deps.auth, token, sessionId);

  if (rest.length === 0) {
    const out: TakeList = { takes: await deps.takes.list(sessionId) };
    return sendJson(res, 200, out);
  }
  const [rawTakeId, what] = rest;
  const takeId = TakeId.safeParse(rawTakeId);
  if (!takeId.success || rest.length !== 2 || (what !== "audio" && what !== "peaks")) {
    throw new BandspaceError("NOT_FOUND", "There is no such take in this session.");
  }
  const found = await deps.takes.get(sessionId, takeId.data);
  if (!found) throw new BandspaceError("NOT_FOUND", "There is no such take in this session.");

  if (what === "peaks") {
    const source = found.live
      ? deps.takes.livePeaks(found.live)
      : {
          frames: found.row.frames,
          peaks: await deps.takes.store.readPeaks({ sessionId, storageKey: found.row.storageKey }),
        };
    if (!source.peaks) throw new BandspaceError("NOT_FOUND", "The waveform of this take is not available.");
    const out: TakePeaks = {
      takeId: takeId.data,
      sampleRate: found.row.sampleRate,
      channels: found.row.channels,
      samplesPerPeak: TAKE_SAMPLES_PER_PEAK,
      frames: source.frames,
      peaks: peaksByChannel(source.peaks, found.row.channels),
    };
    if (found.live) return sendJson(res, 200, out);
    const text = JSON.stringify(out);
    const etag = `"peaks-${found.row.sha256}"`;
    res.setHeader("etag", etag);
    res.setHeader("cache-control", "private, max-age=31536000, immutable");
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304).end();
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
      "x-content-type-options": "nosniff",
    });
    return void res.end(method === "HEAD" ? undefined : text);
  }

  // audio
  if (found.live) {
    // Recording: the durable contiguous part, assembled from the journal (no caching: it grows).
    const live = deps.takes.livePcmPieces(found.live);
    const header = Buffer.from(
      encodeFloatWavHeader({ sampleRate: found.row.sampleRate, channels: found.row.channels }, live.frames),
    );
    const size = FLOAT_WAV_HEADER_BYTES + live.frames * found.row.channels * 4;
    const range = parseRange(req.headers.range, size);
    const headers = { "cache-control": "no-store" };
    if (range === "unsatisfiable") return unsatisfiable(res, size);
    const [start, end] = range ?? [0, size - 1];
    writeHead(res, range ? 206 : 200, start, end, size, headers);
    if (method === "HEAD" || size === 0) return void res.end();
    return pipe(Readable.from(virtualRead(header, live.pieces, live.read, start, end)), res);
  }
  const master = await deps.takes.store.openMaster({ sessionId, storageKey: found.row.storageKey });
  if (!master) throw new BandspaceError("NOT_FOUND", "The audio of this take is not available.");
  const etag = `"${found.row.sha256}"`;
  const headers = { etag, "cache-control": "private, max-age=31536000, immutable" };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  // If-Range with another validator: send the whole file.
  const ifRange = req.headers["if-range"];
  const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, master.size);
  if (range === "unsatisfiable") return unsatisfiable(res, master.size);
  const [start, end] = range ?? [0, master.size - 1];
  writeHead(res, range ? 206 : 200, start, end, master.size, headers);
  if (method === "HEAD") return void res.end();
  return pipe(master.stream(start, end) as Readable, res);
}

function writeHead(
  res: ServerResponse,
  status: number,
  start: number,
  end: number,
  size: number,
  extra: Record<string, string>,
): void {
  res.writeHead(status, {
    "content-type": "audio/wav",
    "accept-ranges": "bytes",
    "content-length": size === 0 ? 0 : end - start + 1,
    ...(status === 206 ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
    "x-content-type-options": "nosniff",
    vary: "Authorization",
    ...extra,
  });
}

function unsatisfiable(res: ServerResponse, size: number): void {
  res.writeHead(416, { "content-range": `bytes */${size}`, "content-type": "application/json; charset=utf-8" });
  res.end(
    JSON.stringify({ error: { code: "BAD_REQUEST", message: "The requested range is outside the take's audio." } }),
  );
}

/**
 * One `bytes=` range (start-end, start-, -suffix). Multiple ranges are answered with the whole body
 * (allowed by RFC 9110); a malformed header is ignored the same way.
 */
export function parseRange(header: string | undefined, size: number): [number, number] | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return [start, end];
}

async function* virtualRead(
  header: Buffer,
  pieces: Array<{ offset: number; length: number }>,
  read: (o: number, l: number) => Promise<Buffer>,
  start: number,
  end: number,
) {
  let pos = 0;
  const parts: Array<{ length: number; get: (o: number, l: number) => Promise<Buffer> | Buffer }> = [
    { length: header.length, get: (o, l) => header.subarray(o, o + l) },
    ...pieces.map((p) => ({ length: p.length, get: (o: number, l: number) => read(p.offset + o, l) })),
  ];
  for (const part of parts) {
    const from = Math.max(start, pos);
    const to = Math.min(end + 1, pos + part.length);
    if (from < to) yield await part.get(from - pos, to - from);
    pos += part.length;
    if (pos > end) break;
  }
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
