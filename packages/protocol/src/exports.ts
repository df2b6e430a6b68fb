import { z } from "zod";

/**
 * Saved exports (issue 18): a mixdown an editor saves to the session, listed for every member.
 *
 *   POST   /api/sessions/:id/exports                    (edit, owner) body = the file's bytes, streamed;
 *                                                       header EXPORT_META_HEADER = base64url(JSON SaveExportMeta)
 *                                                       → 201 SavedExportView
 *   GET    /api/sessions/:id/exports                    (any role) → SavedExportList
 *   GET    /api/sessions/:id/exports/:exportId/audio    (any role; ?token= allowed) → the file (Range, ETag);
 *                                                       `?download=1` adds content-disposition: attachment
 *   DELETE /api/sessions/:id/exports/:exportId          (its maker, or the owner) → 200 { id }
 * Live: socket.io `export-saved` (SavedExportView) and `export-deleted` ({ id }) to the session's room.
 */

export const EXPORT_META_HEADER = "x-bandspace-export";
export const EXPORT_NAME_MAX = 80;
/** The largest file a session accepts (a 30-minute 96 kHz 32-bit float stereo WAV is ~1.4 GB: use FLAC). */
export const EXPORT_MAX_BYTES = 512 * 1024 * 1024;
/** The longest export accepted, in seconds (metadata sanity, not a byte check). */
export const EXPORT_MAX_SECONDS = 4 * 60 * 60;

export const SavedExportFormat = z.enum(["wav", "flac", "mp3", "opus"]);
export type SavedExportFormat = z.infer<typeof SavedExportFormat>;

/** What each format is served as (and the only type it is served as: never what a client claimed). */
export const EXPORT_MIME: Record<SavedExportFormat, string> = {
  wav: "audio/wav",
  flac: "audio/flac",
  mp3: "audio/mpeg",
  opus: "audio/ogg",
};
export const EXPORT_EXTENSION: Record<SavedExportFormat, string> = {
  wav: "wav",
  flac: "flac",
  mp3: "mp3",
  opus: "opus",
};

export const ExportId = z.string().regex(/^[0-9a-z]{16}$/, "There is no such export.");

const dB = z.number().finite().min(-200).max(60).nullable();

/** The loudness report stored with an export (the values the Export dialog shows at the end). */
export const LoudnessSummary = z.object({
  integrated: dB,
  lra: z.number().finite().min(0).max(100).nullable(),
  truePeakDbtp: dB,
  samplePeakDbfs: dB,
  durationSeconds: z.number().finite().min(0).max(EXPORT_MAX_SECONDS),
});
export type LoudnessSummary = z.infer<typeof LoudnessSummary>;

export const SaveExportMeta = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the export a name.")
      .max(EXPORT_NAME_MAX, `Export names are at most ${EXPORT_NAME_MAX} characters.`),
    format: SavedExportFormat,
    durationSeconds: z.number().finite().positive().max(EXPORT_MAX_SECONDS),
    sampleRate: z.number().int().min(8000).max(192000),
    channels: z.number().int().min(1).max(8),
    report: LoudnessSummary,
  })
  .strict();
export type SaveExportMeta = z.infer<typeof SaveExportMeta>;

export const SavedExportView = z.object({
  id: z.string(),
  name: z.string(),
  format: SavedExportFormat,
  mime: z.string(),
  bytes: z.number().int(),
  durationSeconds: z.number(),
  sampleRate: z.number().int(),
  channels: z.number().int(),
  report: LoudnessSummary,
  sha256: z.string(),
  /** Who saved it: the member's id (null if none was registered) and display name. */
  createdBy: z.object({ memberId: z.string().nullable(), name: z.string() }),
  /** The version saved with it: the state of the song it was made from. */
  version: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
});
export type SavedExportView = z.infer<typeof SavedExportView>;

export const SavedExportList = z.object({ exports: z.array(SavedExportView) });
export type SavedExportList = z.infer<typeof SavedExportList>;

export const ExportDeleted = z.object({ id: z.string() });
export type ExportDeleted = z.infer<typeof ExportDeleted>;
