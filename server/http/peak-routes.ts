import { PEAK_LEVEL_COUNT, PEAK_LEVEL_FRAMES } from "@bandspace/dsp";
import { BandspaceError, TAKE_PEAK_BINS_MAX } from "@bandspace/protocol";
import type { TakeRecord } from "../db/types";
import type { LiveTake } from "../takes/live-take";
import type { PeakBins, TakePeakPyramids } from "../takes/take-peak-pyramid";
import type { SessionRouteContext } from "./router";

/** A non-negative decimal integer of at most 9 digits (no sign, exponent, fraction or spaces). */
const INTEGER = /^\d{1,9}$/;

export interface PeakBinsQuery {
  level: number;
  from: number;
  to: number;
}

/** Validates `?level=&from=&to=`; every refusal names the parameter and what would be accepted. */
export function parsePeakBinsQuery(url: URL): PeakBinsQuery {
  const int = (name: string): number => {
    const raw = url.searchParams.get(name);
    if (raw === null) throw new BandspaceError("BAD_REQUEST", `The "${name}" parameter is missing.`);
    if (!INTEGER.test(raw))
      throw new BandspaceError("BAD_REQUEST", `"${name}" must be a non-negative whole number; got "${raw}".`);
    return Number(raw);
  };
  const level = int("level");
  if (level >= PEAK_LEVEL_COUNT)
    throw new BandspaceError(
      "BAD_REQUEST",
      `There is no peak level ${level}: levels are 0…${PEAK_LEVEL_COUNT - 1} (${PEAK_LEVEL_FRAMES.join(", ")} frames per peak).`,
    );
  const from = int("from");
  const to = int("to");
  if (to <= from) throw new BandspaceError("BAD_REQUEST", `"to" (${to}) must be greater than "from" (${from}).`);
  if (to - from > TAKE_PEAK_BINS_MAX)
    throw new BandspaceError(
      "BAD_REQUEST",
      `At most ${TAKE_PEAK_BINS_MAX} bins per request; asked for ${to - from}. Ask for the rest in another request.`,
    );
  return { level, from, to };
}

/**
 * `GET …/takes/:takeId/peaks/bins?level=&from=&to=`: one level of the take's peak pyramid over a bin range, as
 * little-endian Int16 (bin-major, channel, [min, max]). A complete take's answer never changes (ETag from the
 * take's hash, immutable); a recording take answers what exists so far and is not cached. Past the end of a
 * complete take is a 400 naming the level's bin count; `to` past it is clipped (the last tile is short).
 */
export async function servePeakBins(
  { req, res, method, url }: SessionRouteContext,
  pyramids: TakePeakPyramids,
  found: { row: TakeRecord; live: LiveTake | null },
): Promise<void> {
  const q = parsePeakBinsQuery(url);
  const complete = !found.live;
  if (complete && found.row.sha256) {
    const etag = `"pk-${found.row.sha256}-${q.level}-${q.from}-${q.to}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag, "cache-control": "private, max-age=31536000, immutable" });
      return void res.end();
    }
  }
  let bins: PeakBins;
  try {
    bins = found.live
      ? pyramids.live(found.live, q.level, q.from, q.to)
      : await pyramids.stored(found.row, q.level, q.from, q.to);
  } catch (err) {
    if (err instanceof BandspaceError) throw err;
    throw new BandspaceError("NOT_FOUND", "The waveform of this take is not available.");
  }
  if (complete && q.from >= bins.levelBins && bins.levelBins > 0)
    throw new BandspaceError(
      "BAD_REQUEST",
      `"from" (${q.from}) is past the end of level ${q.level}, which has ${bins.levelBins} bins.`,
    );
  const headers: Record<string, string | number> = {
    "content-type": "application/octet-stream",
    "content-length": bins.bytes.length,
    "x-content-type-options": "nosniff",
    "x-peak-level": q.level,
    "x-peak-frames-per-peak": PEAK_LEVEL_FRAMES[q.level],
    "x-peak-from": bins.from,
    "x-peak-to": bins.to,
    "x-peak-level-bins": bins.levelBins,
    "x-peak-channels": bins.channels,
    "x-take-frames": bins.frames,
    "x-take-state": complete ? "complete" : "recording",
    "cache-control": complete ? "private, max-age=31536000, immutable" : "no-store",
  };
  if (complete && found.row.sha256) headers.etag = `"pk-${found.row.sha256}-${q.level}-${q.from}-${q.to}"`;
  res.writeHead(200, headers);
  res.end(method === "HEAD" ? undefined : bins.bytes);
}
