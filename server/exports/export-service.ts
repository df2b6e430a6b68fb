import { createHash } from "node:crypto";
import { randomId } from "@bandspace/model";
import {
  BandspaceError,
  EXPORT_MAX_BYTES,
  EXPORT_MIME,
  VERSION_NAME_MAX,
  type SaveExportMeta,
  type SavedExportView,
} from "@bandspace/protocol";
import type { Principal } from "../auth/authenticate";
import type { SavedExportRecord, SavedExportRepository } from "../db/types";
import { log } from "../log";
import type { VersionService } from "../versions/version-service";
import type { ExportKey, ExportStore } from "./export-store";
import { checkedUpload } from "./upload-check";

export type ExportEvent = { kind: "saved"; view: SavedExportView } | { kind: "deleted"; id: string };

export interface ExportServiceOptions {
  /** Largest upload accepted (default EXPORT_MAX_BYTES). */
  maxBytes?: number;
}

/**
 * Saved exports of a session: the upload (checked while it streams into the ExportStore), the version it is
 * tied to, the row that lists it, and the event that tells the session. The row is written last, so a listed
 * export always has its bytes; a failure after the bytes are stored deletes them again.
 */
export class ExportService {
  private listener: (sessionId: string, event: ExportEvent) => void = () => {};
  readonly maxBytes: number;

  constructor(
    readonly store: ExportStore,
    private readonly rows: SavedExportRepository,
    private readonly versions: VersionService,
    options: ExportServiceOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? EXPORT_MAX_BYTES;
  }

  onEvent(listener: (sessionId: string, event: ExportEvent) => void): void {
    this.listener = listener;
  }

  private emit(sessionId: string, event: ExportEvent): void {
    try {
      this.listener(sessionId, event);
    } catch (err) {
      log.warn("export event listener failed", { sessionId, err: String(err) });
    }
  }

  async save(
    sessionId: string,
    by: Principal,
    meta: SaveExportMeta,
    body: AsyncIterable<Uint8Array>,
  ): Promise<SavedExportView> {
    const id = randomId();
    const key: ExportKey = { sessionId, exportId: id };
    const hash = createHash("sha256");
    const { bytes } = await this.store.put(key, checkedUpload(body, meta.format, this.maxBytes, hash));
    try {
      const byName = by.memberName ?? "A member";
      // The song as it is now is what the export was made from: kept as a version (never pruned) so anyone can
      // open, compare or restore it from History.
      const version = await this.versions.save(
        sessionId,
        `Export: ${meta.name}`.slice(0, VERSION_NAME_MAX),
        "manual",
        byName,
      );
      const row = await this.rows.create({
        id,
        sessionId,
        versionId: version.id,
        createdByMember: by.memberId,
        createdByLinkId: by.linkId,
        createdByName: byName,
        name: meta.name,
        format: meta.format,
        mime: EXPORT_MIME[meta.format],
        bytes,
        durationSeconds: meta.durationSeconds,
        sampleRate: meta.sampleRate,
        channels: meta.channels,
        report: meta.report,
        sha256: hash.digest("hex"),
        storeKind: this.store.kind,
        storageKey: id,
      });
      const view = exportView(row);
      log.info("export saved", { sessionId, id, bytes, format: meta.format });
      this.emit(sessionId, { kind: "saved", view });
      return view;
    } catch (err) {
      await this.store.delete(key).catch(() => {});
      throw err;
    }
  }

  async list(sessionId: string): Promise<SavedExportView[]> {
    return (await this.rows.list(sessionId)).map(exportView);
  }

  find(sessionId: string, id: string): Promise<SavedExportRecord | null> {
    return this.rows.find(sessionId, id);
  }

  /** Its maker (the same member, or the same link when no member was registered) or the owner may delete. */
  async delete(sessionId: string, by: Principal, id: string): Promise<void> {
    const row = await this.rows.find(sessionId, id);
    if (!row) throw new BandspaceError("NOT_FOUND", "There is no such export in this session.");
    const isMaker = row.createdByMember
      ? row.createdByMember === by.memberId
      : row.createdByLinkId === by.linkId && by.memberId === null;
    if (!isMaker && by.role !== "owner") {
      throw new BandspaceError("ROLE_FORBIDDEN", "Only the person who saved an export, or the owner, may delete it.");
    }
    // The row first: once it is gone nothing lists or serves the export, then its bytes.
    if (!(await this.rows.delete(sessionId, id))) return;
    await this.store.delete({ sessionId, exportId: row.storageKey });
    log.info("export deleted", { sessionId, id });
    this.emit(sessionId, { kind: "deleted", id });
  }
}

export function exportView(r: SavedExportRecord): SavedExportView {
  return {
    id: r.id,
    name: r.name,
    format: r.format,
    mime: r.mime,
    bytes: r.bytes,
    durationSeconds: r.durationSeconds,
    sampleRate: r.sampleRate,
    channels: r.channels,
    report: r.report,
    sha256: r.sha256,
    createdBy: { memberId: r.createdByMember, name: r.createdByName },
    version: { id: r.versionId, name: r.versionName },
    createdAt: r.createdAt.toISOString(),
  };
}
