import { createHash } from "node:crypto";
import { encodeFloatWavHeader } from "@bandspace/dsp";
import { parseRecords } from "./journal-records";
import { CACHED_SEGMENTS, S3Journal, SEGMENT_NAME, type Segment } from "./s3-journal";
import type { S3Objects } from "./s3-objects";
import {
  objectName,
  type JournalRecord,
  type MasterFile,
  type RecoveredJournal,
  type StoredObjectKey,
  type TakeFormat,
  type TakeKey,
  type TakeStore,
} from "./take-store";

/**
 * TakeStore on S3-compatible object storage, so every node reads and writes the same takes:
 *   takes/<sessionId>/<storageKey>/journal/format.json  — sample rate and channels, written first
 *   takes/<sessionId>/<storageKey>/journal/*.seg        — while recording: groups of journal records (one PUT each;
 *                                                          an ack means S3 has the segment)
 *   takes/<sessionId>/<storageKey>/take.wav             — the master, streamed at finalise (multipart when long)
 *   takes/<sessionId>/<storageKey>/peaks.f32            — its waveform peaks
 *   takes/<sessionId>/<storageKey>/peaks.bspp           — its peak pyramid (read by ranges)
 *   objects/<sessionId>/exports/<id>.<ext>              — saved exports (putObject / openObject)
 */

const KEY_PART = /^[a-z0-9]{16}$/;
/** Segments read at once while recovering a journal. */
const RECOVERY_READS = 8;

export class S3TakeStore implements TakeStore {
  readonly kind = "s3";

  constructor(private readonly s3: S3Objects) {}

  /** The only place a take's key prefix is built; both parts must be server-generated ids. */
  private prefix(key: TakeKey): string {
    if (!KEY_PART.test(key.sessionId) || !KEY_PART.test(key.storageKey))
      throw new Error(`invalid take storage key ${JSON.stringify(key)}`);
    return `takes/${key.sessionId}/${key.storageKey}/`;
  }

  async createJournal(key: TakeKey, format: TakeFormat) {
    const prefix = this.prefix(key) + "journal/";
    await this.s3.put(prefix + "format.json", Buffer.from(JSON.stringify(format)), "application/json");
    return new S3Journal(this.s3, prefix, [], 0, 0);
  }

  recoverJournal(key: TakeKey): Promise<RecoveredJournal | null> {
    return this.loadJournal(key, true);
  }

  readJournal(key: TakeKey): Promise<RecoveredJournal | null> {
    return this.loadJournal(key, false);
  }

  /** `owner`: this node will append (repairs damage once, writes the next generation); else a read-only view. */
  private async loadJournal(key: TakeKey, owner: boolean): Promise<RecoveredJournal | null> {
    const prefix = this.prefix(key) + "journal/";
    const listed = await this.s3.list(prefix);
    const header = await this.s3.get(prefix + "format.json");
    if (!header) return null;
    const format = parseFormat(header, prefix);
    const segs = listed
      .map((o) => ({ key: o.key, m: SEGMENT_NAME.exec(o.key.slice(prefix.length)) }))
      .filter((s): s is { key: string; m: RegExpExecArray } => s.m !== null);
    const bodies = await mapLimit(segs, RECOVERY_READS, (s) => this.s3.get(s.key));
    const records: JournalRecord[] = [];
    const segments: Segment[] = [];
    const warm: Array<{ key: string; body: Buffer }> = [];
    let size = 0;
    let truncatedBytes = 0;
    let generation = 0;
    for (let i = 0; i < segs.length; i++) {
      generation = Math.max(generation, Number(segs[i].m[1]) + 1);
      const body = bodies[i];
      if (!body) continue;
      const parsed = parseRecords(body, 0, size);
      if (parsed.end < body.length) {
        // S3 PUTs are atomic, so this is damage, not a torn write: keep what is intact, once, for every later reader.
        truncatedBytes += body.length - parsed.end;
        if (!owner) {
          // A reader leaves repairs to the owner.
        } else if (parsed.end === 0) await this.s3.deleteMany([segs[i].key]);
        else await this.s3.put(segs[i].key, body.subarray(0, parsed.end));
      }
      if (parsed.end === 0) continue;
      segments.push({ key: segs[i].key, start: size, length: parsed.end });
      // The service reads the records back at once (peaks, chunks past a gap): keep the newest bodies at hand.
      if (segs.length - i <= CACHED_SEGMENTS) warm.push({ key: segs[i].key, body: body.subarray(0, parsed.end) });
      records.push(...parsed.records);
      size += parsed.end;
    }
    const journal = new S3Journal(this.s3, prefix, segments, size, generation, warm, !owner);
    return { journal, format, records, truncatedBytes };
  }

  async writeMaster(
    key: TakeKey,
    format: TakeFormat,
    frames: number,
    pcm: AsyncIterable<Uint8Array>,
    peaks: Float32Array,
  ) {
    const prefix = this.prefix(key);
    const hash = createHash("sha256");
    const header = encodeFloatWavHeader(format, frames);
    let pcmBytes = 0;
    async function* body() {
      yield header;
      for await (const piece of pcm) {
        hash.update(piece);
        pcmBytes += piece.length;
        yield piece;
      }
      // Thrown before the upload completes, so no master appears.
      if (pcmBytes !== frames * format.channels * 4)
        throw new Error(`master size mismatch: ${pcmBytes} PCM bytes for ${frames} frames`);
    }
    // Peaks first: the master's existence is what marks the take's audio as written.
    await this.s3.put(prefix + "peaks.f32", new Uint8Array(peaks.buffer, peaks.byteOffset, peaks.byteLength));
    await this.s3.upload(prefix + "take.wav", body(), "audio/wav");
    return { sha256: hash.digest("hex"), bytes: header.length + pcmBytes };
  }

  async openMaster(key: TakeKey): Promise<MasterFile | null> {
    return this.open(this.prefix(key) + "take.wav");
  }

  async readPeaks(key: TakeKey): Promise<Float32Array | null> {
    const b = await this.s3.get(this.prefix(key) + "peaks.f32");
    if (!b) return null;
    const copy = new Uint8Array(b.length);
    copy.set(b);
    return new Float32Array(copy.buffer, 0, Math.floor(b.length / 4));
  }

  async writePeakPyramid(key: TakeKey, file: Uint8Array): Promise<void> {
    await this.s3.put(this.prefix(key) + "peaks.bspp", file);
  }

  async openPeakPyramid(key: TakeKey): Promise<MasterFile | null> {
    return this.open(this.prefix(key) + "peaks.bspp");
  }

  async deleteJournal(key: TakeKey): Promise<void> {
    await this.s3.deletePrefix(this.prefix(key) + "journal/");
  }

  async deleteTake(key: TakeKey): Promise<void> {
    await this.s3.deletePrefix(this.prefix(key));
  }

  async putObject(key: StoredObjectKey, body: AsyncIterable<Uint8Array>, contentType: string) {
    let bytes = 0;
    async function* counted() {
      for await (const piece of body) {
        bytes += piece.length;
        yield piece;
      }
    }
    await this.s3.upload(objectName(key), counted(), contentType);
    return { bytes };
  }

  async openObject(key: StoredObjectKey): Promise<MasterFile | null> {
    return this.open(objectName(key));
  }

  async deleteObject(key: StoredObjectKey): Promise<void> {
    await this.s3.deleteMany([objectName(key)]);
  }

  private async open(name: string): Promise<MasterFile | null> {
    const size = await this.s3.size(name);
    if (size === null) return null;
    return { size, stream: (start, end) => this.s3.getRange(name, start, end) };
  }

  close(): void {
    this.s3.close();
  }
}

function parseFormat(bytes: Buffer, where: string): TakeFormat {
  const f = JSON.parse(bytes.toString("utf8")) as Partial<TakeFormat>;
  if (!Number.isInteger(f.sampleRate) || !Number.isInteger(f.channels))
    throw new Error(`${where}format.json: not a take journal header`);
  return { sampleRate: f.sampleRate!, channels: f.channels! };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
