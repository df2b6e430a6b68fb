import type { IncomingMessage, ServerResponse } from "node:http";
import {
  BandspaceError,
  JoinMemberBody,
  MemberId,
  RestoreVersionBody,
  ROLE_LABELS,
  SaveVersionBody,
  SetMemberRoleBody,
  VersionId,
  canManageLinks,
  canSaveVersions,
  effectiveRole,
  type MemberSelf,
  type MemberView,
  type RestoreResult,
  type VersionState,
} from "@bandspace/protocol";
import { hashMemberSecret, liveMemberKey, type Principal } from "../auth/authenticate";
import type { MemberRecord, ShareLinkRecord } from "../db/types";
import { log } from "../log";
import { versionView } from "../versions/version-service";
import type { ApiDeps } from "./api";
import { readJsonBody, sendJson } from "./json";

/** Members and versions routes (listed in packages/protocol/src/review.ts). */

function memberView(m: MemberRecord, link: ShareLinkRecord | undefined): MemberView {
  const linkRole = link?.role ?? "view";
  return {
    id: m.id,
    displayName: m.displayName,
    linkId: m.linkId,
    linkLabel: link?.label ?? null,
    linkRole,
    roleOverride: linkRole === "owner" ? null : m.role,
    role: effectiveRole(linkRole, m.role),
    firstSeenAt: m.firstSeenAt.toISOString(),
    lastSeenAt: m.lastSeenAt.toISOString(),
  };
}

function notAllowed(method: string): never {
  throw new BandspaceError("BAD_REQUEST", `${method} is not supported here.`);
}

function whoIs(principal: Principal): string {
  return principal.memberName ?? (principal.role === "owner" ? "Owner" : ROLE_LABELS[principal.role]);
}

export async function routeMembers(
  method: string,
  rest: string[],
  req: IncomingMessage,
  res: ServerResponse,
  deps: ApiDeps,
  principal: Principal,
): Promise<void> {
  const { sessionId } = principal;
  const [memberPart] = rest;

  // POST /api/sessions/:id/members/me — register this browser as a member (any role).
  if (rest.length === 1 && memberPart === "me") {
    if (method !== "POST") notAllowed(method);
    const body = await readJsonBody(req, JoinMemberBody);
    const secretHash = hashMemberSecret(body.secret);
    const member = await deps.members.upsert(sessionId, secretHash, principal.linkId, body.displayName);
    deps.live.memberJoined(liveMemberKey(sessionId, secretHash), { memberId: member.id, name: member.displayName });
    const link = (await deps.sessions.listLinks(sessionId)).find((l) => l.id === member.linkId);
    const out: MemberSelf = { member: memberView(member, link) };
    return sendJson(res, 200, out);
  }

  if (!canManageLinks(principal.role)) {
    throw new BandspaceError("ROLE_FORBIDDEN", "Only the session owner can see and change members.");
  }
  const links = new Map((await deps.sessions.listLinks(sessionId)).map((l) => [l.id, l]));

  // GET /api/sessions/:id/members
  if (rest.length === 0) {
    if (method !== "GET") notAllowed(method);
    const members = await deps.members.list(sessionId);
    return sendJson(res, 200, { members: members.map((m) => memberView(m, links.get(m.linkId))) });
  }

  // PATCH /api/sessions/:id/members/:memberId
  if (rest.length === 1 && memberPart !== undefined) {
    if (method !== "PATCH") notAllowed(method);
    const id = MemberId.safeParse(memberPart);
    if (!id.success) throw new BandspaceError("NOT_FOUND", "There is no such member in this session.");
    const body = await readJsonBody(req, SetMemberRoleBody);
    const existing = await deps.members.get(sessionId, id.data);
    if (!existing) throw new BandspaceError("NOT_FOUND", "There is no such member in this session.");
    const link = links.get(existing.linkId);
    if (link?.role === "owner") throw new BandspaceError("ROLE_FORBIDDEN", "The owner's role cannot be changed.");
    const updated = await deps.members.setRole(sessionId, id.data, body.role);
    if (!updated) throw new BandspaceError("NOT_FOUND", "There is no such member in this session.");
    const view = memberView(updated, link);
    const changed = deps.live.changeMemberRole(liveMemberKey(sessionId, updated.secretHash), view.role);
    log.info("member role changed", { sessionId, memberId: updated.id, role: view.role, liveConnections: changed });
    return sendJson(res, 200, view);
  }

  throw new BandspaceError("NOT_FOUND", "There is no such API route.");
}

export async function routeVersions(
  method: string,
  rest: string[],
  req: IncomingMessage,
  res: ServerResponse,
  deps: ApiDeps,
  principal: Principal,
): Promise<void> {
  const { sessionId } = principal;
  const requireEditor = () => {
    if (!canSaveVersions(principal.role)) {
      throw new BandspaceError("ROLE_FORBIDDEN", "Only people who can edit may save or restore versions.");
    }
  };

  if (rest.length === 0) {
    // GET /api/sessions/:id/versions
    if (method === "GET") {
      const versions = await deps.versions.list(sessionId);
      return sendJson(res, 200, { versions: versions.map(versionView) });
    }
    // POST /api/sessions/:id/versions
    if (method === "POST") {
      requireEditor();
      const body = await readJsonBody(req, SaveVersionBody);
      const version = await deps.versions.save(sessionId, body.name, "manual", whoIs(principal));
      return sendJson(res, 201, versionView(version));
    }
    notAllowed(method);
  }

  const id = VersionId.safeParse(rest[0]);
  if (!id.success) throw new BandspaceError("NOT_FOUND", "That version does not exist in this session.");

  // GET /api/sessions/:id/versions/:versionId
  if (rest.length === 1) {
    if (method !== "GET") notAllowed(method);
    const v = await deps.versions.get(sessionId, id.data);
    const out: VersionState = {
      version: versionView(v),
      song: Buffer.from(v.songState).toString("base64"),
      comments: Buffer.from(v.commentsState).toString("base64"),
    };
    return sendJson(res, 200, out);
  }

  // POST /api/sessions/:id/versions/:versionId/restore
  if (rest.length === 2 && rest[1] === "restore") {
    if (method !== "POST") notAllowed(method);
    requireEditor();
    await readJsonBody(req, RestoreVersionBody);
    const { restored, backup } = await deps.versions.restore(sessionId, id.data, whoIs(principal));
    const out: RestoreResult = { restored: versionView(restored), backup: versionView(backup) };
    return sendJson(res, 200, out);
  }

  throw new BandspaceError("NOT_FOUND", "There is no such API route.");
}
