import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs, { type FileHandle } from "node:fs/promises";
import path from "node:path";
import { encodeFloatWavHeader } from "@bandspace/dsp";
import { encodeRecords, parseRecords } from "./journal-records";
import {
  objectName,
  type JournalRecord,
  type MasterFile,
  type RecoveredJournal,
  type StoredObjectKey,
  type TakeFormat,
  type TakeJournal,
  type TakeKey,
  type TakeStore,
  type TakeSyncMode,
} from "./take-store";

/**
 * TakeStore on the local file system: `<dataDir>/takes/<sessionId>/<storageKey>/`
 *   journal.bin — while recording: a 16-byte header (magic, version, channels, sample rate) then records
 *                 [magic u32, seq u32, frames u32, length u32, crc32 u32, payload]. A record is only
 *                 trusted when complete and its CRC matches, so a crash mid-write loses only the unacked tail.
 *   take.wav    — the master (float WAV), written to a temp file, fsync'd and renamed.
 *   peaks.f32   — waveform peaks (Float32, little-endian, PeakAccumulator layout).
 *   peaks.bspp  — the peak pyramid (packages/dsp/src/peaks-pyramid-format.ts), written like the master.
 * Saved exports: `<dataDir>/objects/<sessionId>/exports/<id>.<ext>` (putObject), written like the master.
 */

const JOURNAL_MAGIC = 0x4a545342; // "BSTJ" little-endian
const JOURNAL_VERSION = 1;
const JOURNAL_HEADER_BYTES = 16;
const KEY_PART = /^[a-z0-9]{16}$/;

export class LocalTakeStore implements TakeStore {
  readonly kind = "local";
  private readonly root: string;
  private readonly objectsRoot: string;

  constructor(
    dataDir: string,
    private readonly sync: TakeSyncMode = "fsync",
  ) {
    this.root = path.join(path.resolve(dataDir), "takes");
    this.objectsRoot = path.join(path.resolve(dataDir), "objects");
  }

  /** The only place a path is built; both parts must be server-generated ids. */
  private dir(key: TakeKey): string {
    if (!KEY_PART.test(key.sessionId) || !KEY_PART.test(key.storageKey))
      throw new Error(`invalid take storage key ${JSON.stringify(key)}`);
    return path.join(this.root, key.sessionId, key.storageKey);
  }

  async createJournal(key: TakeKey, format: TakeFormat): Promise<TakeJournal> {
    const dir = this.dir(key);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, "journal.bin");
    const fh = await fs.open(file, "wx+");
    const header = Buffer.alloc(JOURNAL_HEADER_BYTES);
    header.writeUInt32LE(JOURNAL_MAGIC, 0);
    header.writeUInt16LE(JOURNAL_VERSION, 4);
    header.writeUInt16LE(format.channels, 6);
    header.writeUInt32LE(format.sampleRate, 8);
    await fh.write(header, 0, header.length, 0);
    await fh.sync();
    await syncDir(dir);
    await syncDir(path.dirname(dir));
    return new LocalJournal(fh, JOURNAL_HEADER_BYTES, this.sync);
  }

  async recoverJournal(key: TakeKey): Promise<RecoveredJournal | null> {
    const file = path.join(this.dir(key), "journal.bin");
    let fh: FileHandle;
    try {
      fh = await fs.open(file, "r+");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    try {
      const bytes = await fh.readFile();
      if (bytes.length < JOURNAL_HEADER_BYTES || bytes.readUInt32LE(0) !== JOURNAL_MAGIC)
        throw new Error(`${file}: not a take journal`);
      const format = { channels: bytes.readUInt16LE(6), sampleRate: bytes.readUInt32LE(8) };
      const { records, end: offset } = parseRecords(bytes, JOURNAL_HEADER_BYTES);
      const truncatedBytes = bytes.length - offset;
      if (truncatedBytes > 0) {
        await fh.truncate(offset);
        await fh.sync();
      }
      return { journal: new LocalJournal(fh, offset, this.sync), format, records, truncatedBytes };
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async writeMaster(
    key: TakeKey,
    format: TakeFormat,
    frames: number,
    pcm: AsyncIterable<Uint8Array>,
    peaks: Float32Array,
  ) {
    const dir = this.dir(key);
    await fs.mkdir(dir, { recursive: true });
    const hash = createHash("sha256");
    const tmp = path.join(dir, "take.wav.tmp");
    const fh = await fs.open(tmp, "w");
    let bytes = 0;
    try {
      const header = encodeFloatWavHeader(format, frames);
      await fh.write(header, 0, header.length, 0);
      bytes = header.length;
      for await (const piece of pcm) {
        hash.update(piece);
        await fh.write(piece, 0, piece.length, bytes);
        bytes += piece.length;
      }
      if (bytes - header.length !== frames * format.channels * 4)
        throw new Error(`master size mismatch: ${bytes - header.length} PCM bytes for ${frames} frames`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    const peaksTmp = path.join(dir, "peaks.f32.tmp");
    await fs.writeFile(peaksTmp, new Uint8Array(peaks.buffer, peaks.byteOffset, peaks.byteLength));
    const pfh = await fs.open(peaksTmp, "r");
    await pfh.sync();
    await pfh.close();
    await fs.rename(peaksTmp, path.join(dir, "peaks.f32"));
    await fs.rename(tmp, path.join(dir, "take.wav"));
    await syncDir(dir);
    return { sha256: hash.digest("hex"), bytes };
  }

  async openMaster(key: TakeKey): Promise<MasterFile | null> {
    return openFile(path.join(this.dir(key), "take.wav"));
  }

  async readPeaks(key: TakeKey): Promise<Float32Array | null> {
    try {
      const b = await fs.readFile(path.join(this.dir(key), "peaks.f32"));
      const copy = new Uint8Array(b.length);
      copy.set(b);
      return new Float32Array(copy.buffer, 0, Math.floor(b.length / 4));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async writePeakPyramid(key: TakeKey, file: Uint8Array): Promise<void> {
    const dir = this.dir(key);
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, "peaks.bspp.tmp");
    const fh = await fs.open(tmp, "w");
    try {
      await fh.write(file, 0, file.length, 0);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, path.join(dir, "peaks.bspp"));
    await syncDir(dir);
  }

  async openPeakPyramid(key: TakeKey): Promise<MasterFile | null> {
    return openFile(path.join(this.dir(key), "peaks.bspp"));
  }

  async deleteJournal(key: TakeKey): Promise<void> {
    await fs.rm(path.join(this.dir(key), "journal.bin"), { force: true });
  }

  async deleteTake(key: TakeKey): Promise<void> {
    await fs.rm(this.dir(key), { recursive: true, force: true });
  }

  private objectFile(key: StoredObjectKey): string {
    return path.join(this.objectsRoot, ...objectName(key).split("/").slice(1));
  }

  async putObject(key: StoredObjectKey, body: AsyncIterable<Uint8Array>) {
    const file = this.objectFile(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    const fh = await fs.open(tmp, "w");
    let bytes = 0;
    try {
      for await (const piece of body) {
        await fh.write(piece, 0, piece.length, bytes);
        bytes += piece.length;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
    await syncDir(path.dirname(file));
    return { bytes };
  }

  async openObject(key: StoredObjectKey): Promise<MasterFile | null> {
    return openFile(this.objectFile(key));
  }

  async deleteObject(key: StoredObjectKey): Promise<void> {
    await fs.rm(this.objectFile(key), { force: true });
  }
}

async function openFile(file: string): Promise<MasterFile | null> {
  try {
    const st = await fs.stat(file);
    return { size: st.size, stream: (start, end) => createReadStream(file, { start, end }) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

interface Pending {
  seq: number;
  frames: number;
  pcm: Uint8Array;
  resolve: (r: JournalRecord) => void;
  reject: (e: Error) => void;
}

/**
 * Group commit: appends queue up while a write+sync is in flight and go out together in the next
 * writev + one fdatasync, so the sync cost is shared by every chunk that arrived meanwhile.
 */
class LocalJournal implements TakeJournal {
  private queue: Pending[] = [];
  private flushing = false;
  private failed: Error | null = null;
  private closed = false;

  constructor(
    private readonly fh: FileHandle,
    private size: number,
    private readonly sync: TakeSyncMode,
  ) {}

  append(seq: number, frames: number, pcm: Uint8Array): Promise<JournalRecord> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error("journal closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ seq, frames, pcm, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      const { buffers, records, end: offset } = encodeRecords(batch, this.size);
      try {
        let written = 0;
        const total = offset - this.size;
        // writev may write less than asked (large batches): continue from where it stopped.
        while (written < total) {
          const rest = sliceBuffers(buffers, written);
          const r = await this.fh.writev(rest, this.size + written);
          written += r.bytesWritten;
        }
        if (this.sync === "fsync") await this.fh.datasync();
        this.size = offset;
        batch.forEach((p, i) => p.resolve(records[i]));
      } catch (e) {
        // The file may now end in a partial record: recovery cuts it off by CRC. Refuse further appends.
        this.failed = e instanceof Error ? e : new Error(String(e));
        batch.forEach((p) => p.reject(this.failed!));
        this.queue.splice(0).forEach((p) => p.reject(this.failed!));
      }
    }
    this.flushing = false;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const r = await this.fh.read(buf, got, length - got, offset + got);
      if (r.bytesRead === 0) throw new Error("journal read past end");
      got += r.bytesRead;
    }
    return buf;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await new Promise((r) => setTimeout(r, 5));
    await this.fh.close();
  }
}

function sliceBuffers(buffers: Uint8Array[], skip: number): Uint8Array[] {
  if (skip === 0) return buffers;
  const out: Uint8Array[] = [];
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}
