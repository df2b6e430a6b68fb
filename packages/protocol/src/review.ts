import { z } from "zod";
import { Role, ShareRole } from "./roles";

/**
 * Members and versions (the "Review and history" HTTP API). Authenticated like the rest of /api
 * (`Authorization: Bearer <shareToken>`); a browser also sends its member secret in
 * `X-Bandspace-Member` so the server applies the owner's role override for that person.
 *
 *   POST  /api/sessions/:id/members/me               (any role) JoinMemberBody → MemberSelf
 *   GET   /api/sessions/:id/members                  (owner)    → { members: MemberView[] }
 *   PATCH /api/sessions/:id/members/:memberId        (owner)    SetMemberRoleBody → MemberView
 *                                                    (live connections of that person change role at once)
 *   GET   /api/sessions/:id/versions                 (any role) → { versions: VersionView[] }
 *   POST  /api/sessions/:id/versions                 (edit, owner) SaveVersionBody → 201 VersionView
 *   GET   /api/sessions/:id/versions/:versionId      (any role) → VersionState (preview)
 *   POST  /api/sessions/:id/versions/:versionId/restore (edit, owner) RestoreVersionBody → RestoreResult
 */

/** The random secret a browser keeps in localStorage to be recognised as the same member. */
export const MemberSecret = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, "The member secret is malformed.");
export type MemberSecret = z.infer<typeof MemberSecret>;

/** Header carrying the member secret on HTTP requests. */
export const MEMBER_SECRET_HEADER = "x-bandspace-member";
/** Query parameter carrying the member secret on the Yjs websocket URL. */
export const MEMBER_SECRET_PARAM = "member";

export const MemberId = z.string().regex(/^[a-z0-9]{16}$/, "Member ids are 16 lower-case letters or digits.");
export const VersionId = z.string().regex(/^[a-z0-9]{16}$/, "Version ids are 16 lower-case letters or digits.");

export const DISPLAY_NAME_MAX = 40;
export const VERSION_NAME_MAX = 80;

export const JoinMemberBody = z.object({
  secret: MemberSecret,
  displayName: z
    .string()
    .trim()
    .min(1, "Give yourself a display name.")
    .max(DISPLAY_NAME_MAX, `Display names are at most ${DISPLAY_NAME_MAX} characters.`),
});
export type JoinMemberBody = z.infer<typeof JoinMemberBody>;

export const MemberView = z.object({
  id: z.string(),
  displayName: z.string(),
  linkId: z.string(),
  linkLabel: z.string().nullable(),
  linkRole: Role,
  /** The owner's override, or null when the link's role applies. */
  roleOverride: ShareRole.nullable(),
  /** What this member may do now. */
  role: Role,
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type MemberView = z.infer<typeof MemberView>;

export const MemberSelf = z.object({ member: MemberView });
export type MemberSelf = z.infer<typeof MemberSelf>;

export const SetMemberRoleBody = z.object({
  /** null clears the override (the link's role applies again). */
  role: ShareRole.nullable(),
});
export type SetMemberRoleBody = z.infer<typeof SetMemberRoleBody>;

export const VersionKind = z.enum(["manual", "checkpoint", "backup"]);
export type VersionKind = z.infer<typeof VersionKind>;

export const VersionView = z.object({
  id: z.string(),
  name: z.string(),
  kind: VersionKind,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** Takes (audio) this version references; cleanup keeps them. */
  takeIds: z.array(z.string()),
});
export type VersionView = z.infer<typeof VersionView>;

export const VersionList = z.object({ versions: z.array(VersionView) });
export type VersionList = z.infer<typeof VersionList>;

export const SaveVersionBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the version a name.")
    .max(VERSION_NAME_MAX, `Version names are at most ${VERSION_NAME_MAX} characters.`),
});
export type SaveVersionBody = z.infer<typeof SaveVersionBody>;

/** A version's documents for a read-only preview: Y updates, base64. */
export const VersionState = z.object({
  version: VersionView,
  song: z.base64(),
  comments: z.base64(),
});
export type VersionState = z.infer<typeof VersionState>;

export const RestoreVersionBody = z.object({}).strict();

export const RestoreResult = z.object({
  restored: VersionView,
  /** The state just before the restore, saved so the restore itself can be undone by restoring this. */
  backup: VersionView,
});
export type RestoreResult = z.infer<typeof RestoreResult>;

/**
 * socket.io `version`, sent to everyone in the session when a version is saved (by a person, an autosave
 * or as the backup before a restore) or restored. Clients keep the newest version id (comments record the
 * version they were made on) and refresh their History.
 */
export const VersionEvent = z.object({
  action: z.enum(["saved", "restored"]),
  version: VersionView,
  /** Display name (or role) of who did it; null for autosaves. */
  by: z.string().nullable(),
});
export type VersionEvent = z.infer<typeof VersionEvent>;
