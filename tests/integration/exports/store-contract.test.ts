import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportKey, ExportStore } from "../../../server/exports/export-store";
import { LocalExportStore } from "../../../server/exports/local-export-store";
import { S3ExportStore } from "../../../server/exports/s3-export-store";
import { startS3rver, type TestS3 } from "../../helpers/s3rver";

const id = () => randomBytes(10).readBigUInt64BE().toString(36).padStart(16, "0").slice(-16);
const key = (): ExportKey => ({ sessionId: id(), exportId: id() });

async function* chunks(bytes: Buffer, size: number, failAfter?: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) {
    // A network read between chunks, like a request body.
    await new Promise((r) => setImmediate(r));
    if (failAfter !== undefined && i >= failAfter) throw new Error("upload refused half way");
    yield bytes.subarray(i, i + size);
  }
}

async function readAll(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/** The rules every ExportStore keeps, numbered so a failure names the rule. */
function contract(name: string, open: () => ExportStore) {
  describe(`ExportStore contract: ${name}`, () => {
    it("1. put then size and read give back exactly the bytes (whole and any range)", async () => {
      const store = open();
      const k = key();
      const bytes = randomBytes(300_000);
      expect(await store.put(k, chunks(bytes, 65_536))).toEqual({ bytes: bytes.length });
      expect(await store.size(k)).toBe(bytes.length);
      expect((await readAll(store.read(k, 0, bytes.length - 1))).equals(bytes)).toBe(true);
      expect((await readAll(store.read(k, 1000, 1999))).equals(bytes.subarray(1000, 2000))).toBe(true);
      expect((await readAll(store.read(k, bytes.length - 1, bytes.length - 1))).equals(bytes.subarray(-1))).toBe(true);
    });

    it("2. a body that fails half way leaves nothing behind", async () => {
      const store = open();
      const k = key();
      await expect(store.put(k, chunks(randomBytes(200_000), 50_000, 100_000))).rejects.toThrow();
      expect(await store.size(k)).toBeNull();
    });

    it("3. an unknown key has no size; delete removes an object and is quiet about a missing one", async () => {
      const store = open();
      const k = key();
      expect(await store.size(k)).toBeNull();
      await store.delete(k);
      await store.put(k, chunks(Buffer.from("fLaC and more"), 4));
      expect(await store.size(k)).toBe(13);
      await store.delete(k);
      expect(await store.size(k)).toBeNull();
    });

    it("4. keys that are not server-generated ids are refused before any I/O", async () => {
      const store = open();
      for (const bad of [
        { sessionId: "../../etc", exportId: id() },
        { sessionId: id(), exportId: "a/b" },
        { sessionId: id(), exportId: "ABCDEFGHIJKLMNOP" },
      ]) {
        await expect(store.put(bad, chunks(Buffer.from("x"), 1))).rejects.toThrow(/invalid export storage key/);
        await expect(store.size(bad)).rejects.toThrow(/invalid export storage key/);
      }
    });

    it("5. a large body (several S3 multipart parts) round-trips, and one failing after the first parts leaves nothing", async () => {
      const store = open();
      const k = key();
      const bytes = randomBytes(20 * 1024 * 1024);
      expect(await store.put(k, chunks(bytes, 1024 * 1024))).toEqual({ bytes: bytes.length });
      expect(await store.size(k)).toBe(bytes.length);
      const tail = await readAll(store.read(k, bytes.length - 4096, bytes.length - 1));
      expect(tail.equals(bytes.subarray(-4096))).toBe(true);
      const failed = key();
      await expect(store.put(failed, chunks(bytes, 1024 * 1024, 18 * 1024 * 1024))).rejects.toThrow();
      expect(await store.size(failed)).toBeNull();
      await store.delete(k);
    });

    it("6. objects of different keys are independent", async () => {
      const store = open();
      const a = key();
      const b = { sessionId: a.sessionId, exportId: id() };
      await store.put(a, chunks(Buffer.from("aaaa"), 2));
      await store.put(b, chunks(Buffer.from("bbbbbb"), 2));
      await store.delete(a);
      expect(await store.size(a)).toBeNull();
      expect((await readAll(store.read(b, 0, 5))).toString()).toBe("bbbbbb");
    });
  });
}

let dataDir = "";
let s3: TestS3 | null = null;
const s3Stores: S3ExportStore[] = [];
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "bandspace-exports-"));
  s3 = await startS3rver();
});
afterAll(async () => {
  for (const s of s3Stores) s.destroy();
  await s3?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

contract("local files", () => new LocalExportStore(dataDir));
contract("S3 (s3rver)", () => {
  const store = new S3ExportStore(s3!.config);
  s3Stores.push(store);
  return store;
});

describe("local files layout", () => {
  it("keeps no temp file after a put or a failed one", async () => {
    const store = new LocalExportStore(dataDir);
    const k = key();
    await store.put(k, chunks(randomBytes(1000), 100));
    await expect(store.put({ ...k, exportId: id() }, chunks(randomBytes(1000), 100, 500))).rejects.toThrow();
    expect(await fs.readdir(path.join(dataDir, "exports", k.sessionId))).toEqual([`${k.exportId}.bin`]);
  });
});
