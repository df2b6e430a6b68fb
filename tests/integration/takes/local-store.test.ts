import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeWav, FLOAT_WAV_HEADER_BYTES } from "@bandspace/dsp";
import { LocalTakeStore } from "../../../server/takes/local-take-store";
import { sha256 } from "../../helpers/take-client";

const dirs: string[] = [];
const tmp = async () => {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), "bandspace-takes-"));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

const key = { sessionId: "abcdefghijklmnop", storageKey: "0123456789abcdef" };
const fmt = { sampleRate: 48000, channels: 1 };
const pcm = (n: number, v: number) => Buffer.from(new Float32Array(n).fill(v).buffer);

describe("local take store", () => {
  it("recovers intact records and cuts a torn tail (a crash mid-write)", async () => {
    const store = new LocalTakeStore(await tmp());
    const j = await store.createJournal(key, fmt);
    // Concurrent appends share syncs (group commit) and all resolve with their own locations.
    const recs = await Promise.all([0, 1, 2, 3].map((s) => j.append(s, 100, pcm(100, s / 10))));
    expect(recs.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    await j.close();
    const file = path.join(dirs[0], "takes", key.sessionId, key.storageKey, "journal.bin");
    const full = await fs.readFile(file);
    // Simulate a torn write: the last record loses its final bytes; then garbage after it.
    await fs.writeFile(file, Buffer.concat([full.subarray(0, full.length - 7), Buffer.from("garbage")]));
    const rec = await store.recoverJournal(key);
    expect(rec!.records.map((r) => r.seq)).toEqual([0, 1, 2]);
    expect(rec!.truncatedBytes).toBeGreaterThan(0);
    expect((await rec!.journal.read(rec!.records[2].offset, 400)).equals(pcm(100, 0.2))).toBe(true);
    // Appending after recovery continues right after the last intact record.
    await rec!.journal.append(3, 100, pcm(100, 0.3));
    await rec!.journal.close();
    const again = await store.recoverJournal(key);
    expect(again!.records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    expect(again!.truncatedBytes).toBe(0);

    async function* parts() {
      for (const r of again!.records) yield await again!.journal.read(r.offset, r.length);
    }
    const { sha256: hash, bytes } = await store.writeMaster(key, fmt, 400, parts(), new Float32Array([0, 0.3]));
    await again!.journal.close();
    const master = await store.openMaster(key);
    expect(master!.size).toBe(bytes);
    const wav = await fs.readFile(path.join(dirs[0], "takes", key.sessionId, key.storageKey, "take.wav"));
    expect(decodeWav(wav).frames).toBe(400);
    expect(sha256(wav.subarray(FLOAT_WAV_HEADER_BYTES))).toBe(hash);
    expect(Array.from((await store.readPeaks(key))!)).toEqual([0, Math.fround(0.3)]);
  });

  it("refuses storage keys that are not server-generated ids", async () => {
    const store = new LocalTakeStore(await tmp());
    await expect(store.createJournal({ sessionId: "../../etc", storageKey: "0123456789abcdef" }, fmt)).rejects.toThrow(
      /invalid take storage key/,
    );
    await expect(store.recoverJournal({ sessionId: key.sessionId, storageKey: "../x" })).rejects.toThrow(
      /invalid take storage key/,
    );
  });
});
