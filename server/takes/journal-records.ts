import { crc32 } from "node:zlib";
import type { JournalRecord } from "./take-store";

/**
 * The record format of a take journal, shared by the stores that keep one as bytes (the S3 store's segments):
 * [magic u32, seq u32, frames u32, length u32, crc32 u32, payload]. A record is trusted only when complete and
 * its CRC matches, so damage costs only what follows it.
 */
export const RECORD_MAGIC = 0x314b4843; // "CHK1"
export const RECORD_HEADER_BYTES = 20;

export interface PendingRecord {
  seq: number;
  frames: number;
  pcm: Uint8Array;
}

/**
 * Encodes records one after another; `base` is the offset of the first byte, so records know where they lie;
 * `end` is the offset after the last one.
 */
export function encodeRecords(
  batch: PendingRecord[],
  base: number,
): { buffers: Uint8Array[]; records: JournalRecord[]; end: number } {
  const buffers: Uint8Array[] = [];
  const records: JournalRecord[] = [];
  let offset = base;
  for (const p of batch) {
    const h = Buffer.alloc(RECORD_HEADER_BYTES);
    h.writeUInt32LE(RECORD_MAGIC, 0);
    h.writeUInt32LE(p.seq, 4);
    h.writeUInt32LE(p.frames, 8);
    h.writeUInt32LE(p.pcm.length, 12);
    h.writeUInt32LE(crc32(p.pcm), 16);
    buffers.push(h, p.pcm);
    records.push({ seq: p.seq, frames: p.frames, offset: offset + RECORD_HEADER_BYTES, length: p.pcm.length });
    offset += RECORD_HEADER_BYTES + p.pcm.length;
  }
  return { buffers, records, end: offset };
}

/**
 * Reads the intact records of `bytes` (starting at `from`); stops at the first incomplete or damaged one.
 * Offsets are relative to `bytes` plus `base`. `end` is where the intact part stops.
 */
export function parseRecords(bytes: Buffer, from = 0, base = 0): { records: JournalRecord[]; end: number } {
  const records: JournalRecord[] = [];
  let offset = from;
  while (offset + RECORD_HEADER_BYTES <= bytes.length) {
    if (bytes.readUInt32LE(offset) !== RECORD_MAGIC) break;
    const seq = bytes.readUInt32LE(offset + 4);
    const frames = bytes.readUInt32LE(offset + 8);
    const length = bytes.readUInt32LE(offset + 12);
    const crc = bytes.readUInt32LE(offset + 16);
    const start = offset + RECORD_HEADER_BYTES;
    if (start + length > bytes.length) break;
    if (crc32(bytes.subarray(start, start + length)) !== crc) break;
    records.push({ seq, frames, offset: base + start, length });
    offset = start + length;
  }
  return { records, end: offset };
}
