import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeWav,
  encodePeakPyramid,
  FLOAT_WAV_HEADER_BYTES,
  parsePeakPyramidHeader,
  PEAK_PYRAMID_HEADER_BYTES,
  peakBinByteRange,
  PeakPyramid,
} from "@bandspace/dsp";
import { LocalTakeStore } from "../../../server/takes/local-take-store";
import { S3Objects } from "../../../server/takes/s3-objects";
import { S3TakeStore } from "../../../server/takes/s3-take-store";
import type { StoredObjectKey, TakeKey, TakeStore } from "../../../server/takes/take-store";
import { startS3rver, type TestS3 } from "../../helpers/s3rver";
import { generateAudio, sha256 } from "../../helpers/take-client";

/**
 * The take store contract, one numbered suite for every backend: local files and S3 (a private s3rver).
 * A failure names the promise that broke and the backend it broke on.
 */
interface Backend {
  /** A store over the backend's storage; two calls give two "nodes" over the same storage. */
  store: () => TakeStore;
  /** Damages the end of a take's journal as a crash mid-write (local) or a bad object (S3) would. */
  damageJournalTail: (key: TakeKey) => Promise<void>;
  stop: () => Promise<void>;
}

async function localBackend(): Promise<Backend> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bandspace-takes-"));
  return {
    store: () => new LocalTakeStore(dir),
    damageJournalTail: async (key) => {
      const file = path.join(dir, "takes", key.sessionId, key.storageKey, "journal.bin");
      const full = await fs.readFile(file);
      await fs.writeFile(file, Buffer.concat([full.subarray(0, full.length - 7), Buffer.from("garbage")]));
    },
    stop: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

async function s3Backend(): Promise<Backend> {
  const s3: TestS3 = await startS3rver();
  const raw = new S3Objects(s3.config);
  const stores: S3TakeStore[] = [];
  return {
    store: () => {
      const store = new S3TakeStore(new S3Objects(s3.config));
      stores.push(store);
      return store;
    },
    damageJournalTail: async (key) => {
      const segs = (await raw.list(`takes/${key.sessionId}/${key.storageKey}/journal/`)).filter((o) =>
        o.key.endsWith(".seg"),
      );
      const last = segs.at(-1)!.key;
      const body = (await raw.get(last))!;
      await raw.put(last, Buffer.concat([body.subarray(0, body.length - 7), Buffer.from("garbage")]));
    },
    stop: async () => {
      stores.forEach((s) => s.close());
      raw.close();
      await s3.stop();
    },
  };
}

const id = () => Array.from(randomBytes(16), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
const newKey = (): TakeKey => ({ sessionId: id(), storageKey: id() });
const fmt = { sampleRate: 48000, channels: 2 };
const pcm = (frames: number, seed: number) => Buffer.from(generateAudio(frames, 2, 48000, seed).buffer);
async function collect(stream: AsyncIterable<Uint8Array> | NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream as AsyncIterable<Uint8Array>) parts.push(Buffer.from(p));
  return Buffer.concat(parts);
}
/** Bodies as the service hands them over: an async stream of pieces. */
function pieces(...bufs: Buffer[]): AsyncIterable<Uint8Array> {
  return Readable.from(bufs);
}

describe.each([
  ["local files", localBackend],
  ["S3 (s3rver)", s3Backend],
] as const)("take store contract: %s", (_name, makeBackend) => {
  let backend: Backend;
  let store: TakeStore;
  beforeAll(async () => {
    backend = await makeBackend();
    store = backend.store();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it("1. appends resolve with their own records (concurrent ones share a write), and read returns the bytes", async () => {
    const key = newKey();
    const j = await store.createJournal(key, fmt);
    const chunks = [0, 1, 2, 3].map((s) => pcm(100 + s, s + 1));
    const recs = await Promise.all(chunks.map((c, s) => j.append(s, 100 + s, c)));
    expect(recs.map((r) => [r.seq, r.frames, r.length])).toEqual(chunks.map((c, s) => [s, 100 + s, c.length]));
    for (let s = 0; s < 4; s++) expect((await j.read(recs[s].offset, recs[s].length)).equals(chunks[s])).toBe(true);
    // A part of a record (the live HTTP route reads sub-ranges).
    expect((await j.read(recs[2].offset + 8, 16)).equals(chunks[2].subarray(8, 24))).toBe(true);
    await j.close();
  });

  it("2. recoverJournal is null for a take without a journal, and gives back the format and every acked record", async () => {
    expect(await store.recoverJournal(newKey())).toBeNull();
    const key = newKey();
    const j = await store.createJournal(key, fmt);
    const chunks = [0, 1, 2, 3, 4].map((s) => pcm(64, s + 10));
    for (const s of [0, 1, 3, 2, 4]) await j.append(s, 64, chunks[s]);
    await j.close();
    const rec = (await store.recoverJournal(key))!;
    expect(rec.format).toEqual(fmt);
    expect(rec.truncatedBytes).toBe(0);
    expect(rec.records.map((r) => r.seq)).toEqual([0, 1, 3, 2, 4]);
    for (const r of rec.records) expect((await rec.journal.read(r.offset, r.length)).equals(chunks[r.seq])).toBe(true);
    await rec.journal.close();
  });

  it("3. another store over the same storage (another node) recovers what was acked, without a close (a crash)", async () => {
    const key = newKey();
    const j = await store.createJournal(key, fmt);
    const chunks = [0, 1, 2].map((s) => pcm(50, s + 20));
    for (let s = 0; s < 3; s++) await j.append(s, 50, chunks[s]);
    const other = backend.store();
    const rec = (await other.recoverJournal(key))!;
    expect(rec.records.map((r) => r.seq)).toEqual([0, 1, 2]);
    // The new owner continues the journal; a later recovery sees both owners' records.
    await rec.journal.append(3, 50, pcm(50, 23));
    await rec.journal.close();
    const again = (await backend.store().recoverJournal(key))!;
    expect(again.records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    expect((await again.journal.read(again.records[3].offset, again.records[3].length)).equals(pcm(50, 23))).toBe(true);
    await again.journal.close();
    await j.close();
  });

  it("4. a damaged tail is cut off: intact records are kept, appending continues, and the cut is made once", async () => {
    const key = newKey();
    const j = await store.createJournal(key, fmt);
    const chunks = [0, 1, 2, 3].map((s) => pcm(100, s + 30));
    for (let s = 0; s < 4; s++) await j.append(s, 100, chunks[s]);
    await j.close();
    await backend.damageJournalTail(key);
    const rec = (await store.recoverJournal(key))!;
    expect(rec.records.map((r) => r.seq)).toEqual([0, 1, 2]);
    expect(rec.truncatedBytes).toBeGreaterThan(0);
    expect((await rec.journal.read(rec.records[2].offset, rec.records[2].length)).equals(chunks[2])).toBe(true);
    await rec.journal.append(3, 100, chunks[3]);
    await rec.journal.close();
    const again = (await store.recoverJournal(key))!;
    expect(again.records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    expect(again.truncatedBytes).toBe(0);
    await again.journal.close();
  });

  it("5. writeMaster stores a float WAV of the PCM and the peaks; the master is read whole or by byte range", async () => {
    const key = newKey();
    const a = pcm(1000, 40);
    const b = pcm(500, 41);
    const { sha256: hash, bytes } = await store.writeMaster(key, fmt, 1500, pieces(a, b), new Float32Array([0, 0.5]));
    expect(hash).toBe(sha256(Buffer.concat([a, b])));
    const master = (await store.openMaster(key))!;
    expect(master.size).toBe(bytes);
    expect(bytes).toBe(FLOAT_WAV_HEADER_BYTES + a.length + b.length);
    const wav = await collect(master.stream(0, master.size - 1));
    expect(decodeWav(wav).frames).toBe(1500);
    expect(sha256(wav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(hash);
    const range = await collect(master.stream(FLOAT_WAV_HEADER_BYTES + 4000, FLOAT_WAV_HEADER_BYTES + 9999));
    expect(range.equals(Buffer.concat([a, b]).subarray(4000, 10000))).toBe(true);
    expect(Array.from((await store.readPeaks(key))!)).toEqual([0, 0.5]);
    // Sent as one multipart upload on S3 when long: a take over one part (8 MiB) is stored whole.
    const long = pcm(48000 * 12, 42); // 4.6 MB stereo float × 2 pieces
    const key2 = newKey();
    const big = await store.writeMaster(key2, fmt, 48000 * 24, pieces(long, long), new Float32Array(4));
    const m2 = (await store.openMaster(key2))!;
    expect(m2.size).toBe(big.bytes);
    const tail = await collect(m2.stream(m2.size - 1000, m2.size - 1));
    expect(tail.equals(long.subarray(long.length - 1000))).toBe(true);
  });

  it("6. a master whose PCM does not match its frame count is refused and not stored", async () => {
    const key = newKey();
    await expect(store.writeMaster(key, fmt, 999, pieces(pcm(1000, 50)), new Float32Array(2))).rejects.toThrow(
      /size mismatch/,
    );
    expect(await store.openMaster(key)).toBeNull();
  });

  it("7. deleteJournal keeps the master; deleteTake removes everything of the take", async () => {
    const key = newKey();
    const j = await store.createJournal(key, fmt);
    await j.append(0, 10, pcm(10, 60));
    await j.close();
    await store.writeMaster(key, fmt, 10, pieces(pcm(10, 60)), new Float32Array(2));
    await store.deleteJournal(key);
    expect(await store.recoverJournal(key)).toBeNull();
    expect(await store.openMaster(key)).not.toBeNull();
    await store.deleteTake(key);
    expect(await store.openMaster(key)).toBeNull();
    expect(await store.readPeaks(key)).toBeNull();
  });

  it("8. refuses take and object keys that are not server-generated ids", async () => {
    await expect(store.createJournal({ sessionId: "../../etc", storageKey: "0123456789abcdef" }, fmt)).rejects.toThrow(
      /invalid take storage key/,
    );
    await expect(store.recoverJournal({ sessionId: id(), storageKey: "../x" })).rejects.toThrow(
      /invalid take storage key/,
    );
    const bad = { sessionId: id(), kind: "export", id: "../../x", ext: "wav" } as StoredObjectKey;
    await expect(store.openObject(bad)).rejects.toThrow(/invalid stored object key/);
    const badExt = { sessionId: id(), kind: "export", id: id(), ext: "wav/../x" } as unknown as StoredObjectKey;
    await expect(store.putObject(badExt, pieces(Buffer.from("x")), "audio/wav")).rejects.toThrow(/invalid/);
  });

  it("9. putObject stores a whole object (an export) for ranged reads; deleteObject removes it", async () => {
    const key: StoredObjectKey = { sessionId: id(), kind: "export", id: id(), ext: "wav" };
    expect(await store.openObject(key)).toBeNull();
    const body = pcm(3000, 70);
    expect((await store.putObject(key, pieces(body.subarray(0, 7000), body.subarray(7000)), "audio/wav")).bytes).toBe(
      body.length,
    );
    const obj = (await store.openObject(key))!;
    expect(obj.size).toBe(body.length);
    expect((await collect(obj.stream(100, 5099))).equals(body.subarray(100, 5100))).toBe(true);
    await store.deleteObject(key);
    expect(await store.openObject(key)).toBeNull();
  });

  it("10. a take's peak pyramid is stored whole, replaced, read by byte range, and removed with the take", async () => {
    const key = newKey();
    expect(await store.openPeakPyramid(key)).toBeNull();
    const pyramid = new PeakPyramid(2);
    pyramid.pushBytes(pcm(48000, 80));
    const file = encodePeakPyramid(pyramid);
    await store.writePeakPyramid(key, file);
    await store.writePeakPyramid(key, file); // a rebuild replaces it
    const stored = (await store.openPeakPyramid(key))!;
    expect(stored.size).toBe(file.length);
    const header = parsePeakPyramidHeader(await collect(stored.stream(0, PEAK_PYRAMID_HEADER_BYTES - 1)));
    expect(header.frames).toBe(48000);
    const { start, end } = peakBinByteRange(header, 1, 10, 20);
    expect((await collect(stored.stream(start, end - 1))).equals(Buffer.from(file.subarray(start, end)))).toBe(true);
    await store.deleteTake(key);
    expect(await store.openPeakPyramid(key)).toBeNull();
    await expect(store.writePeakPyramid({ sessionId: id(), storageKey: "../x" }, file)).rejects.toThrow(
      /invalid take storage key/,
    );
  });
});
