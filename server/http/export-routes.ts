import {
  BandspaceError,
  EXPORT_EXTENSION,
  EXPORT_META_HEADER,
  ExportId,
  SaveExportMeta,
  type SavedExportList,
} from "@bandspace/protocol";
import type { ExportService } from "../exports/export-service";
import { log } from "../log";
import { selectRanges, sendBytes, type RangeSelection } from "./byte-ranges";
import { sendJson } from "./json";
import type { Route, SessionRouteContext } from "./router";

const NO_SUCH_EXPORT = "There is no such export in this session.";

/**
 *   POST   /api/sessions/:id/exports                  edit/owner: the file streamed as the body, metadata in a header
 *   GET    /api/sessions/:id/exports                  any member → SavedExportList
 *   GET    /api/sessions/:id/exports/:exportId/audio  any member (?token= for <audio>), Range + ETag; ?download=1
 *   DELETE /api/sessions/:id/exports/:exportId        its maker or the owner
 * (bodies in packages/protocol/src/exports.ts)
 */
export function exportRoutes(exports: ExportService): Route[] {
  return [
    {
      methods: ["POST"],
      path: "/api/sessions/:sessionId/exports",
      access: "member",
      role: {
        allowed: (role) => role === "edit" || role === "owner",
        refusal: "Only members who may edit can save exports to the session.",
      },
      handle: async ({ req, res, sessionId, principal }) => {
        try {
          const meta = readMeta(req.headers[EXPORT_META_HEADER]);
          const declared = Number(req.headers["content-length"]);
          if (declared > exports.maxBytes) {
            throw new BandspaceError(
              "PAYLOAD_TOO_LARGE",
              `Saved exports are at most ${Math.round(exports.maxBytes / 1048576)} MiB.`,
            );
          }
          sendJson(res, 201, await exports.save(sessionId, principal, meta, req));
        } catch (err) {
          // The client gave up (Cancel, a closed tab): the store has already dropped the partial file.
          if (req.destroyed && !(err instanceof BandspaceError)) {
            log.info("export upload abandoned by the client", { sessionId });
            return;
          }
          // Refused before or while reading: read (and drop) the rest, so the client gets the answer rather than
          // a reset connection in the middle of its upload, and tell it not to reuse this connection (Node closes
          // one whose request body was not read to the end).
          if (!res.headersSent) res.setHeader("connection", "close");
          req.resume();
          throw err;
        }
      },
    },
    {
      methods: ["GET", "HEAD"],
      path: "/api/sessions/:sessionId/exports",
      access: "listener",
      handle: async ({ res, sessionId }) => {
        const out: SavedExportList = { exports: await exports.list(sessionId) };
        sendJson(res, 200, out);
      },
    },
    {
      methods: ["GET", "HEAD"],
      path: "/api/sessions/:sessionId/exports/:exportId/audio",
      access: "listener",
      handle: (ctx) => serveExport(ctx, exports),
    },
    {
      methods: ["DELETE"],
      path: "/api/sessions/:sessionId/exports/:exportId",
      access: "member",
      handle: async ({ res, sessionId, principal, params }) => {
        const id = ExportId.safeParse(params.exportId);
        if (!id.success) throw new BandspaceError("NOT_FOUND", NO_SUCH_EXPORT);
        await exports.delete(sessionId, principal, id.data);
        sendJson(res, 200, { id: id.data });
      },
    },
  ];
}

function readMeta(header: string | string[] | undefined): SaveExportMeta {
  if (typeof header !== "string" || header.length > 8192) {
    throw new BandspaceError("BAD_REQUEST", `Send the export's details in the ${EXPORT_META_HEADER} header.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
  } catch {
    throw new BandspaceError("BAD_REQUEST", "The export's details are not valid (base64url of JSON).");
  }
  const parsed = SaveExportMeta.safeParse(value);
  if (!parsed.success) throw new BandspaceError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join(" "));
  return parsed.data;
}

async function serveExport(
  { req, res, method, url, sessionId, params }: SessionRouteContext,
  exports: ExportService,
): Promise<void> {
  const id = ExportId.safeParse(params.exportId);
  if (!id.success) throw new BandspaceError("NOT_FOUND", NO_SUCH_EXPORT);
  const row = await exports.find(sessionId, id.data);
  if (!row) throw new BandspaceError("NOT_FOUND", NO_SUCH_EXPORT);
  const key = { sessionId, exportId: row.storageKey };
  const size = await exports.store.size(key);
  if (size === null) throw new BandspaceError("NOT_FOUND", "The audio of this export is not available.");
  const etag = `"${row.sha256}"`;
  const headers: Record<string, string> = { etag, "cache-control": "private, max-age=31536000, immutable" };
  if (url.searchParams.get("download") === "1") headers["content-disposition"] = attachment(row);
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const ifRange = req.headers["if-range"];
  const selection: RangeSelection =
    ifRange && ifRange !== etag ? { kind: "whole" } : selectRanges(req.headers.range, size);
  return sendBytes(
    res,
    method,
    { size, contentType: row.mime, read: (start, end) => exports.store.read(key, start, end), headers },
    selection,
  );
}

/** The file name a download gets: the export's name (a person's words, so quoted safely) and the format's extension. */
function attachment(row: { name: string; format: keyof typeof EXPORT_EXTENSION }): string {
  const name = `${row.name}.${EXPORT_EXTENSION[row.format]}`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\/]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
