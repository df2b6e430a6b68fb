import {
  FLOAT_WAV_HEADER_BYTES,
  PEAK_PYRAMID_HEADER_BYTES,
  PeakPyramid,
  WAVE_FORMAT_IEEE_FLOAT,
  parseWavHeader,
  encodePeakPyramid,
  int16ToBytesLE,
  parsePeakPyramidHeader,
  peakBinByteRange,
  type PeakPyramidHeader,
} from "@bandspace/dsp";
import type { TakeRecord } from "../db/types";
import { log } from "../log";
import type { LiveTake } from "./live-take";
import type { MasterFile, TakeKey, TakeStore } from "./take-store";

/** Bins of one level of a take's pyramid, as the HTTP route sends them. */
export interface PeakBins {
  /** Little-endian Int16, bin-major, channel, [min, max]. */
  bytes: Uint8Array;
  /** The range returned: the request's, clipped to the bins that exist. */
  from: number;
  to: number;
  /** Bins of this level so far. */
  levelBins: number;
  frames: number;
  channels: number;
}

/** Stored pyramids' headers kept in memory (32 bytes each, never change once the take is complete). */
const HEADER_CACHE = 512;

/**
 * Reads a take's peak pyramid by level and bin range: a recording take from its in-memory pyramid (what exists so
 * far), a complete one with one ranged read of its stored file. A take stored before pyramids existed (or whose
 * pyramid write was skipped) gets one built on first request by streaming its master once — bounded memory: the
 * pyramid of a 30-minute stereo take is about 14 MB — then stored; concurrent first requests share that build.
 */
export class TakePeakPyramids {
  private readonly headers = new Map<string, Promise<PeakPyramidHeader>>();

  constructor(private readonly store: TakeStore) {}

  live(take: LiveTake, level: number, from: number, to: number): PeakBins {
    const p = take.pyramid;
    const levelBins = p.binCount(level);
    const a = Math.min(from, levelBins);
    const b = Math.max(a, Math.min(to, levelBins));
    return {
      bytes: int16ToBytesLE(p.readBins(level, a, b)),
      from: a,
      to: b,
      levelBins,
      frames: p.frames,
      channels: p.channels,
    };
  }

  /** The stored pyramid's layout (building and storing it first when the take has none). */
  header(row: TakeRecord): Promise<PeakPyramidHeader> {
    const id = `${row.sessionId}/${row.storageKey}`;
    let h = this.headers.get(id);
    if (h) {
      // Most recently used last: the oldest entry is evicted first.
      this.headers.delete(id);
      this.headers.set(id, h);
      return h;
    }
    h = this.loadHeader(keyOf(row));
    this.headers.set(id, h);
    h.catch(() => this.headers.delete(id));
    if (this.headers.size > HEADER_CACHE) this.headers.delete(this.headers.keys().next().value!);
    return h;
  }

  async stored(row: TakeRecord, level: number, from: number, to: number): Promise<PeakBins> {
    const header = await this.header(row);
    const levelBins = header.levels[level].bins;
    const a = Math.min(from, levelBins);
    const b = Math.max(a, Math.min(to, levelBins));
    let bytes: Uint8Array = new Uint8Array(0);
    if (b > a) {
      const file = await this.store.openPeakPyramid(keyOf(row));
      if (!file) throw new Error(`peak pyramid of take ${row.takeId} vanished`);
      const { start, end } = peakBinByteRange(header, level, a, b);
      bytes = await readAll(file, start, end - 1);
    }
    return { bytes, from: a, to: b, levelBins, frames: header.frames, channels: header.channels };
  }

  private async loadHeader(key: TakeKey): Promise<PeakPyramidHeader> {
    const file = await this.store.openPeakPyramid(key);
    if (file) return parsePeakPyramidHeader(await readAll(file, 0, PEAK_PYRAMID_HEADER_BYTES - 1));
    const master = await this.store.openMaster(key);
    if (!master) throw new Error("the take's audio is not available");
    const started = Date.now();
    const pyramid = await pyramidFromMaster(master);
    const encoded = encodePeakPyramid(pyramid);
    await this.store.writePeakPyramid(key, encoded);
    log.info("built a take's peak pyramid from its master", {
      storageKey: key.storageKey,
      frames: pyramid.frames,
      ms: Date.now() - started,
    });
    return parsePeakPyramidHeader(encoded.subarray(0, PEAK_PYRAMID_HEADER_BYTES));
  }
}

function keyOf(row: TakeRecord): TakeKey {
  return { sessionId: row.sessionId, storageKey: row.storageKey };
}

/** Streams a float WAV master through a pyramid (the stream's pieces need not hold whole frames). */
export async function pyramidFromMaster(master: MasterFile): Promise<PeakPyramid> {
  const head = await readAll(master, 0, Math.min(master.size, FLOAT_WAV_HEADER_BYTES) - 1);
  const format = parseWavHeader(head, master.size);
  if (format.formatTag !== WAVE_FORMAT_IEEE_FLOAT || format.bitsPerSample !== 32)
    throw new Error("a take's master is not a 32-bit float WAV");
  const pyramid = new PeakPyramid(format.channels);
  const frameBytes = format.channels * 4;
  const end = format.dataOffset + format.frames * frameBytes;
  if (end <= format.dataOffset) return pyramid;
  let carry = new Uint8Array(0);
  for await (const piece of master.stream(format.dataOffset, end - 1) as AsyncIterable<Uint8Array>) {
    const bytes = carry.length ? concat(carry, piece) : piece;
    const whole = bytes.length - (bytes.length % frameBytes);
    if (whole > 0) pyramid.pushBytes(bytes.subarray(0, whole));
    carry = bytes.slice(whole);
  }
  return pyramid;
}

async function readAll(file: MasterFile, start: number, end: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const piece of file.stream(start, end) as AsyncIterable<Uint8Array>) parts.push(piece);
  return parts.length === 1 ? parts[0] : concat(...parts);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
