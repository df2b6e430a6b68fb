import {
  PEAK_BASE_FRAMES,
  PEAK_LEVEL_COUNT,
  PEAK_LEVEL_FACTOR,
  PEAK_LEVEL_FRAMES,
  peakBinCount,
  type PeakPyramid,
} from "./peaks-pyramid";

/**
 * A peak pyramid as one stored file, so the server reads one level's bin range with one ranged read:
 *
 *   offset  size  field (little-endian)
 *   0       4     magic "BSPP"
 *   4       2     version (1)
 *   6       2     channels
 *   8       8     frames (float64: exact up to 2^53)
 *   16      4     frames per peak of level 0 (64)
 *   20      2     factor between levels (4)
 *   22      2     number of levels (5)
 *   24      8     reserved (0)
 *   32      …     level 0's bins, then level 1's, … each ceil(frames / framesPerPeak) bins of
 *                 channels × [min, max] Int16 (the bin layout of ./peaks-pyramid.ts)
 *
 * Everything after the header is derived from its fields, so a reader needs the first 32 bytes only.
 */
export const PEAK_PYRAMID_HEADER_BYTES = 32;
const MAGIC = 0x50505342; // "BSPP" little-endian
const VERSION = 1;

export interface PeakPyramidLevelInfo {
  framesPerPeak: number;
  bins: number;
  /** Where the level's first bin starts in the file. */
  byteOffset: number;
}

export interface PeakPyramidHeader {
  channels: number;
  frames: number;
  levels: PeakPyramidLevelInfo[];
  /** The whole file's size in bytes. */
  bytes: number;
}

/** The layout of a pyramid of `frames` frames and `channels` channels. */
export function peakPyramidLayout(channels: number, frames: number): PeakPyramidHeader {
  let offset = PEAK_PYRAMID_HEADER_BYTES;
  const levels: PeakPyramidLevelInfo[] = [];
  for (let k = 0; k < PEAK_LEVEL_COUNT; k++) {
    const bins = peakBinCount(frames, k);
    levels.push({ framesPerPeak: PEAK_LEVEL_FRAMES[k], bins, byteOffset: offset });
    offset += bins * channels * 4;
  }
  return { channels, frames, levels, bytes: offset };
}

/** The file for a pyramid (its partial last bins included). */
export function encodePeakPyramid(pyramid: PeakPyramid): Uint8Array {
  const layout = peakPyramidLayout(pyramid.channels, pyramid.frames);
  const out = new Uint8Array(layout.bytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, pyramid.channels, true);
  view.setFloat64(8, pyramid.frames, true);
  view.setUint32(16, PEAK_BASE_FRAMES, true);
  view.setUint16(20, PEAK_LEVEL_FACTOR, true);
  view.setUint16(22, PEAK_LEVEL_COUNT, true);
  layout.levels.forEach((level, k) => {
    out.set(int16ToBytesLE(pyramid.readBins(k, 0, level.bins)), level.byteOffset);
  });
  return out;
}

/** Reads and checks the header (the first PEAK_PYRAMID_HEADER_BYTES bytes of the file). */
export function parsePeakPyramidHeader(bytes: Uint8Array): PeakPyramidHeader {
  if (bytes.length < PEAK_PYRAMID_HEADER_BYTES) throw new Error("peak pyramid: header too short");
  const view = new DataView(bytes.buffer, bytes.byteOffset, PEAK_PYRAMID_HEADER_BYTES);
  if (view.getUint32(0, true) !== MAGIC) throw new Error("peak pyramid: bad magic");
  if (view.getUint16(4, true) !== VERSION) throw new Error(`peak pyramid: unknown version ${view.getUint16(4, true)}`);
  const channels = view.getUint16(6, true);
  const frames = view.getFloat64(8, true);
  if (
    view.getUint32(16, true) !== PEAK_BASE_FRAMES ||
    view.getUint16(20, true) !== PEAK_LEVEL_FACTOR ||
    view.getUint16(22, true) !== PEAK_LEVEL_COUNT
  )
    throw new Error("peak pyramid: levels differ from this version's");
  if (channels < 1 || !Number.isInteger(frames) || frames < 0) throw new Error("peak pyramid: bad header fields");
  return peakPyramidLayout(channels, frames);
}

/** Bytes [start, end) of bins [from, to) of `level` (the caller has clipped the range to the level's bins). */
export function peakBinByteRange(
  header: PeakPyramidHeader,
  level: number,
  from: number,
  to: number,
): { start: number; end: number } {
  const info = header.levels[level];
  const binBytes = header.channels * 4;
  return { start: info.byteOffset + from * binBytes, end: info.byteOffset + to * binBytes };
}

/** Asked when needed rather than at load, so bundles that do not use this file carry none of it. */
function littleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Int16 values as little-endian bytes (the wire and file order). */
export function int16ToBytesLE(values: Int16Array): Uint8Array {
  if (littleEndianHost()) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setInt16(i * 2, v, true));
  return out;
}

/** Little-endian bytes as Int16 values (copied: the bytes may be unaligned). */
export function bytesToInt16LE(bytes: Uint8Array): Int16Array {
  const n = Math.floor(bytes.length / 2);
  if (littleEndianHost()) {
    const copy = new Uint8Array(n * 2);
    copy.set(bytes.subarray(0, n * 2));
    return new Int16Array(copy.buffer);
  }
  const out = new Int16Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}
