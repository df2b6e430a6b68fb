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
import type { LiveConnections } from "../auth/live-connections";
import type { MemberRecord, MemberRepository, SessionRepository, ShareLinkRecord } from "../db/types";
import { log } from "../log";
import { versionView, type VersionService } from "../versions/version-service";
import { readJsonBody, sendJson } from "./json";
import type { RoleRule, Route } from "./router";

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

function whoIs(principal: Principal): string {
  return principal.memberName ?? (principal.role === "owner" ? "Owner" : ROLE_LABELS[principal.role]);
}

const OWNER_MANAGES_MEMBERS: RoleRule = {
  allowed: canManageLinks,
  refusal: "Only the session owner can see and change members.",
};
const EDITORS_SAVE_VERSIONS: RoleRule = {
  allowed: canSaveVersions,
  refusal: "Only people who can edit may save or restore versions.",
};
const NO_SUCH_MEMBER = "There is no such member in this session.";

export interface MemberRouteDeps {
  sessions: SessionRepository;
  members: MemberRepository;
  live: LiveConnections;
}

export function memberRoutes({ sessions, members, live }: MemberRouteDeps): Route[] {
  const linksOf = async (sessionId: string) => new Map((await sessions.listLinks(sessionId)).map((l) => [l.id, l]));
  return [
    {
      // Registers this browser as a member (any role): its display name, and the key the owner's override uses.
      methods: ["POST"],
      path: "/api/sessions/:sessionId/members/me",
      access: "member",
      handle: async ({ req, res, sessionId, principal }) => {
        const body = await readJsonBody(req, JoinMemberBody);
        const member = await members.upsert(
          sessionId,
          hashMemberSecret(body.secret),
          principal.linkId,
          body.displayName,
        );
        const link = (await linksOf(sessionId)).get(member.linkId);
        const out: MemberSelf = { member: memberView(member, link) };
        sendJson(res, 200, out);
      },
    },
    {
      methods: ["GET"],
      path: "/api/sessions/:sessionId/members",
      access: "member",
      role: OWNER_MANAGES_MEMBERS,
      handle: async ({ res, sessionId }) => {
        const links = await linksOf(sessionId);
        const list = await members.list(sessionId);
        sendJson(res, 200, { members: list.map((m) => memberView(m, links.get(m.linkId))) });
      },
    },
    {
      // The owner's role override; the member's live connections change role at once.
      methods: ["PATCH"],
      path: "/api/sessions/:sessionId/members/:memberId",
      access: "member",
      role: OWNER_MANAGES_MEMBERS,
      handle: async ({ req, res, sessionId, params }) => {
        const id = MemberId.safeParse(params.memberId);
        if (!id.success) throw new BandspaceError("NOT_FOUND", NO_SUCH_MEMBER);
        const body = await readJsonBody(req, SetMemberRoleBody);
        const existing = await members.get(sessionId, id.data);
        if (!existing) throw new BandspaceError("NOT_FOUND", NO_SUCH_MEMBER);
        const link = (await linksOf(sessionId)).get(existing.linkId);
        if (link?.role === "owner") throw new BandspaceError("ROLE_FORBIDDEN", "The owner's role cannot be changed.");
        const updated = await members.setRole(sessionId, id.data, body.role);
        if (!updated) throw new BandspaceError("NOT_FOUND", NO_SUCH_MEMBER);
        const view = memberView(updated, link);
        const changed = live.changeMemberRole(liveMemberKey(sessionId, updated.secretHash), view.role);
        log.info("member role changed", { sessionId, memberId: updated.id, role: view.role, liveConnections: changed });
        sendJson(res, 200, view);
      },
    },
  ];
}

function parseVersionId(raw: string | undefined): string {
  const id = VersionId.safeParse(raw);
  if (!id.success) throw new BandspaceError("NOT_FOUND", "That version does not exist in this session.");
  return id.data;
}

export function versionRoutes(versions: VersionService): Route[] {
  return [
    {
      methods: ["GET"],
      path: "/api/sessions/:sessionId/versions",
      access: "member",
      handle: async ({ res, sessionId }) => {
        sendJson(res, 200, { versions: (await versions.list(sessionId)).map(versionView) });
      },
    },
    {
      methods: ["POST"],
      path: "/api/sessions/:sessionId/versions",
      access: "member",
      role: EDITORS_SAVE_VERSIONS,
      handle: async ({ req, res, sessionId, principal }) => {
        const body = await readJsonBody(req, SaveVersionBody);
        const version = await versions.save(sessionId, body.name, "manual", whoIs(principal));
        sendJson(res, 201, versionView(version));
      },
    },
    {
      methods: ["GET"],
      path: "/api/sessions/:sessionId/versions/:versionId",
      access: "member",
      handle: async ({ res, sessionId, params }) => {
        const v = await versions.get(sessionId, parseVersionId(params.versionId));
        const out: VersionState = {
          version: versionView(v),
          song: Buffer.from(v.songState).toString("base64"),
          comments: Buffer.from(v.commentsState).toString("base64"),
        };
        sendJson(res, 200, out);
      },
    },
    {
      methods: ["POST"],
      path: "/api/sessions/:sessionId/versions/:versionId/restore",
      access: "member",
      role: EDITORS_SAVE_VERSIONS,
      handle: async ({ req, res, sessionId, params, principal }) => {
        const versionId = parseVersionId(params.versionId);
        await readJsonBody(req, RestoreVersionBody);
        const { restored, backup } = await versions.restore(sessionId, versionId, whoIs(principal));
        const out: RestoreResult = { restored: versionView(restored), backup: versionView(backup) };
        sendJson(res, 200, out);
      },
    },
  ];
}
