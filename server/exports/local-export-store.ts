import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { checkExportKey, type ExportKey, type ExportStore } from "./export-store";

/**
 * ExportStore on the local file system: `<dataDir>/exports/<sessionId>/<exportId>.bin`. A put writes a temp file
 * beside it, fsyncs it and renames it into place (rename is atomic), then fsyncs the folder, so a crash leaves
 * either the whole file or none (a stray `.part-*` temp file at worst, never listed).
 */
export class LocalExportStore implements ExportStore {
  readonly kind = "local";
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(path.resolve(dataDir), "exports");
  }

  /** The only place a path is built; both parts must be server-generated ids. */
  private file(key: ExportKey): string {
    checkExportKey(key);
    return path.join(this.root, key.sessionId, `${key.exportId}.bin`);
  }

  async put(key: ExportKey, body: AsyncIterable<Uint8Array>): Promise<{ bytes: number }> {
    const file = this.file(key);
    const dir = path.dirname(file);
    await fs.mkdir(dir, { recursive: true });
    const temp = path.join(dir, `.part-${key.exportId}-${randomBytes(4).toString("hex")}`);
    const fh = await fs.open(temp, "wx");
    let bytes = 0;
    try {
      for await (const chunk of body) {
        await fh.write(chunk);
        bytes += chunk.length;
      }
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => {});
      await fs.rm(temp, { force: true });
      throw err;
    }
    await fh.close();
    await fs.rename(temp, file);
    await syncDir(dir);
    return { bytes };
  }

  async size(key: ExportKey): Promise<number | null> {
    try {
      return (await fs.stat(this.file(key))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  read(key: ExportKey, start: number, end: number): AsyncIterable<Uint8Array> {
    return createReadStream(this.file(key), { start, end });
  }

  async delete(key: ExportKey): Promise<void> {
    await fs.rm(this.file(key), { force: true });
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
