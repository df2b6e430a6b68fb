import { FLOAT_WAV_HEADER_BYTES, encodeFloatWavHeader, peaksByChannel } from "@bandspace/dsp";
import { BandspaceError, TAKE_SAMPLES_PER_PEAK, TakeId, type TakeList, type TakePeaks } from "@bandspace/protocol";
import { TakePeakPyramids } from "../takes/take-peak-pyramid";
import type { TakeService } from "../takes/take-service";
import { selectRanges, sendBytes, type RangeSelection } from "./byte-ranges";
import { sendJson } from "./json";
import { servePeakBins } from "./peak-routes";
import type { Route, SessionRouteContext } from "./router";

/** Said for every way a take can be missing: a malformed id, another session's take, an unknown one. */
const NO_SUCH_TAKE = "There is no such take in this session.";

/**
 *   GET /api/sessions/:id/takes                 → TakeList
 *   GET /api/sessions/:id/takes/:takeId/audio   → float WAV (Range, ETag; immutable once complete)
 *   GET /api/sessions/:id/takes/:takeId/peaks   → TakePeaks
 *   GET /api/sessions/:id/takes/:takeId/peaks/bins?level=&from=&to= → Int16 bins of one pyramid level (peak-routes.ts)
 * Any member of the session (every role may listen); the token comes from `Authorization: Bearer` or
 * `?token=` (an <audio> element cannot set headers). HEAD is answered like GET, without the body.
 */
export function takeRoutes(takes: TakeService): Route[] {
  const methods = ["GET", "HEAD"] as const;
  const pyramids = new TakePeakPyramids(takes.store);
  return [
    {
      methods,
      path: "/api/sessions/:sessionId/takes",
      access: "listener",
      handle: async ({ res, sessionId }) => {
        const out: TakeList = { takes: await takes.list(sessionId) };
        sendJson(res, 200, out);
      },
    },
    {
      methods,
      path: "/api/sessions/:sessionId/takes/:takeId/peaks",
      access: "listener",
      handle: async (ctx) => servePeaks(ctx, takes, await findTake(ctx, takes)),
    },
    {
      methods,
      path: "/api/sessions/:sessionId/takes/:takeId/peaks/bins",
      access: "listener",
      handle: async (ctx) => servePeakBins(ctx, pyramids, await findTake(ctx, takes)),
    },
    {
      methods,
      path: "/api/sessions/:sessionId/takes/:takeId/audio",
      access: "listener",
      handle: async (ctx) => serveAudio(ctx, takes, await findTake(ctx, takes)),
    },
  ];
}

type FoundTake = NonNullable<Awaited<ReturnType<TakeService["get"]>>>;

async function findTake({ sessionId, params }: SessionRouteContext, takes: TakeService): Promise<FoundTake> {
  const takeId = TakeId.safeParse(params.takeId);
  if (!takeId.success) throw new BandspaceError("NOT_FOUND", NO_SUCH_TAKE);
  const found = await takes.get(sessionId, takeId.data);
  if (!found) throw new BandspaceError("NOT_FOUND", NO_SUCH_TAKE);
  return found;
}

async function servePeaks(
  { req, res, method, sessionId }: SessionRouteContext,
  takes: TakeService,
  found: FoundTake,
): Promise<void> {
  const source = found.live
    ? takes.livePeaks(found.live)
    : { frames: found.row.frames, peaks: await takes.store.readPeaks({ sessionId, storageKey: found.row.storageKey }) };
  if (!source.peaks) throw new BandspaceError("NOT_FOUND", "The waveform of this take is not available.");
  const out: TakePeaks = {
    takeId: found.row.takeId,
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
  res.end(method === "HEAD" ? undefined : text);
}

async function serveAudio(
  { req, res, method, sessionId }: SessionRouteContext,
  takes: TakeService,
  found: FoundTake,
): Promise<void> {
  const { sampleRate, channels } = found.row;
  if (found.live) {
    // Recording: the durable contiguous part, assembled from the journal (no caching: it grows).
    const live = takes.livePcmPieces(found.live);
    const header = Buffer.from(encodeFloatWavHeader({ sampleRate, channels }, live.frames));
    const size = FLOAT_WAV_HEADER_BYTES + live.frames * channels * 4;
    return sendBytes(
      res,
      method,
      {
        size,
        contentType: "audio/wav",
        read: (start, end) => virtualRead(header, live.pieces, live.read, start, end),
        headers: { "cache-control": "no-store" },
      },
      selectRanges(req.headers.range, size),
    );
  }
  const master = await takes.store.openMaster({ sessionId, storageKey: found.row.storageKey });
  if (!master) throw new BandspaceError("NOT_FOUND", "The audio of this take is not available.");
  const etag = `"${found.row.sha256}"`;
  const headers = { etag, "cache-control": "private, max-age=31536000, immutable" };
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  // If-Range with another validator: the ranges were of another version, so send the whole file.
  const ifRange = req.headers["if-range"];
  const selection: RangeSelection =
    ifRange && ifRange !== etag ? { kind: "whole" } : selectRanges(req.headers.range, master.size);
  return sendBytes(
    res,
    method,
    { size: master.size, contentType: "audio/wav", read: (start, end) => master.stream(start, end), headers },
    selection,
  );
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
