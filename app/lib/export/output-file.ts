/**
 * Where an export is written as it is encoded: a file in the origin-private file system (OPFS), written through a
 * synchronous access handle from the worker — on disk, not in memory, so a 30-minute export costs no RAM. The page
 * later hands the finished File to a download link (a disk-backed Blob) or uploads it.
 */
import { EXPORT_DIR } from "./protocol";

/** The worker-only part of the OPFS API (TypeScript's DOM lib leaves it out). */
interface SyncAccessHandle {
  write: (data: Uint8Array, options?: { at?: number }) => number;
  flush: () => void;
  close: () => void;
}
interface SyncCapableFileHandle extends FileSystemFileHandle {
  createSyncAccessHandle: () => Promise<SyncAccessHandle>;
}

export async function exportDirectory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(EXPORT_DIR, { create: true });
}

export class OutputFile {
  bytes = 0;
  private constructor(
    readonly name: string,
    private readonly dir: FileSystemDirectoryHandle,
    private readonly handle: SyncAccessHandle,
  ) {}

  static async create(name: string): Promise<OutputFile> {
    const dir = await exportDirectory();
    const file = (await dir.getFileHandle(name, { create: true })) as SyncCapableFileHandle;
    const handle = await file.createSyncAccessHandle();
    return new OutputFile(name, dir, handle);
  }

  write(data: Uint8Array): void {
    if (data.length === 0) return;
    this.handle.write(data, { at: this.bytes });
    this.bytes += data.length;
  }

  /** Overwrites bytes already written (a header completed at the end). */
  writeAt(offset: number, data: Uint8Array): void {
    if (offset + data.length > this.bytes) throw new RangeError("writeAt past the end of the file");
    this.handle.write(data, { at: offset });
  }

  close(): void {
    this.handle.flush();
    this.handle.close();
  }

  /** Cancel: close and delete, leaving nothing behind. */
  async remove(): Promise<void> {
    try {
      this.handle.close();
    } catch {
      // already closed
    }
    await this.dir.removeEntry(this.name);
  }
}
