import { z } from "zod";

/**
 * What a connection may do. `owner` is the session creator's link: it can do everything an editor can
 * and manage share links. Links handed out through "Share" carry one of the other three roles.
 */
export const Role = z.enum(["owner", "edit", "comment", "view"]);
export type Role = z.infer<typeof Role>;

/** Roles a share link created by the owner may carry. */
export const ShareRole = z.enum(["edit", "comment", "view"]);
export type ShareRole = z.infer<typeof ShareRole>;

/** The collaborative documents of one session. Comments live apart so the server can tell the writes apart. */
export const DocKind = z.enum(["song", "comments"]);
export type DocKind = z.infer<typeof DocKind>;

/** The single rule the server enforces for every Yjs write. */
export function canWriteDoc(role: Role, doc: DocKind): boolean {
  switch (role) {
    case "owner":
    case "edit":
      return true;
    case "comment":
      return doc === "comments";
    case "view":
      return false;
  }
}

export function canManageLinks(role: Role): boolean {
  return role === "owner";
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  edit: "Can edit",
  comment: "Can comment",
  view: "Can view",
};

/** Saving and restoring versions changes what the band works on: editors and the owner. Everyone may list and preview. */
export function canSaveVersions(role: Role): boolean {
  return role === "owner" || role === "edit";
}

/**
 * A member's effective role: the owner's override for that person when there is one, else the link's.
 * The owner's own link is never overridden. Overrides may go above the link's role (the owner promotes
 * a person within the session) or below it (demotes); they never make anyone an owner.
 */
export function effectiveRole(linkRole: Role, override: ShareRole | null): Role {
  if (linkRole === "owner" || override === null) return linkRole;
  return override;
}
