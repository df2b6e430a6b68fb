import { z } from "zod";
import { Role, ShareRole } from "./roles";

/**
 * HTTP API bodies. Authenticated requests send `Authorization: Bearer <shareToken>`.
 *
 *   POST   /api/sessions                      CreateSessionBody → 201 CreatedSession
 *   GET    /api/sessions/:id                  (any role)        → SessionInfo
 *   GET    /api/links/:token                  (public)          → LinkInfo       (join page)
 *   GET    /api/sessions/:id/links            (owner)           → { links: ShareLinkView[] }
 *   POST   /api/sessions/:id/links            (owner) CreateLinkBody → 201 ShareLinkView
 *   DELETE /api/sessions/:id/links/:linkId    (owner)           → ShareLinkView (revoked; live connections closed)
 * Members and versions: see review.ts.
 * Errors: `{ error: { code, message } }` with the status from HTTP_STATUS.
 */
export const SESSION_NAME_MAX = 80;
export const LINK_LABEL_MAX = 60;

export const CreateSessionBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the session a name.")
    .max(SESSION_NAME_MAX, `Session names are at most ${SESSION_NAME_MAX} characters.`),
});
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

export const CreatedSession = z.object({
  sessionId: z.string(),
  name: z.string(),
  ownerToken: z.string(),
});
export type CreatedSession = z.infer<typeof CreatedSession>;

export const SessionInfo = z.object({
  sessionId: z.string(),
  name: z.string(),
  role: Role,
  createdAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const LinkInfo = z.object({
  sessionId: z.string(),
  sessionName: z.string(),
  role: Role,
});
export type LinkInfo = z.infer<typeof LinkInfo>;

/** Longest expiry a link may be given (one year). */
export const LINK_MAX_LIFETIME_MS = 366 * 24 * 3600 * 1000;

export const CreateLinkBody = z.object({
  role: ShareRole,
  label: z.string().trim().max(LINK_LABEL_MAX, `Labels are at most ${LINK_LABEL_MAX} characters.`).optional(),
  /** ISO date-time after which the link stops working (checked again by the server: must be in the future). */
  expiresAt: z.iso.datetime({ offset: true, message: "The expiry must be a date and time." }).optional(),
});
export type CreateLinkBody = z.infer<typeof CreateLinkBody>;

export const ShareLinkView = z.object({
  id: z.string(),
  token: z.string(),
  role: Role,
  label: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** Writes and presence updates the server refused from this link since it started (issue #16). */
  refusedWrites: z.number().int().nonnegative().optional(),
});
export type ShareLinkView = z.infer<typeof ShareLinkView>;

/** Largest HTTP JSON body the API reads. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;
