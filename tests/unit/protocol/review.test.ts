import { describe, expect, it } from "vitest";
import {
  CreateLinkBody,
  JoinMemberBody,
  SaveVersionBody,
  SetMemberRoleBody,
  canSaveVersions,
  effectiveRole,
} from "@bandspace/protocol";

describe("effectiveRole", () => {
  it("uses the owner's override for a member, above or below the link's role; never overrides the owner", () => {
    expect(effectiveRole("edit", null)).toBe("edit");
    expect(effectiveRole("edit", "view")).toBe("view");
    expect(effectiveRole("view", "edit")).toBe("edit");
    expect(effectiveRole("owner", "view")).toBe("owner");
  });
});

describe("canSaveVersions", () => {
  it("is editors and the owner", () => {
    expect((["owner", "edit", "comment", "view"] as const).map(canSaveVersions)).toEqual([true, true, false, false]);
  });
});

describe("review schemas", () => {
  it("validate member registration, role changes, version names and link expiry", () => {
    const secret = "a".repeat(43);
    expect(JoinMemberBody.safeParse({ secret, displayName: " Ada " }).data).toEqual({ secret, displayName: "Ada" });
    expect(JoinMemberBody.safeParse({ secret: "short", displayName: "Ada" }).success).toBe(false);
    expect(JoinMemberBody.safeParse({ secret, displayName: "   " }).success).toBe(false);
    expect(SetMemberRoleBody.safeParse({ role: null }).success).toBe(true);
    expect(SetMemberRoleBody.safeParse({ role: "owner" }).success).toBe(false);
    expect(SaveVersionBody.safeParse({ name: "x".repeat(81) }).success).toBe(false);
    expect(CreateLinkBody.safeParse({ role: "view", expiresAt: "2030-01-01T10:00:00.000Z" }).success).toBe(true);
    expect(CreateLinkBody.safeParse({ role: "view", expiresAt: "next week" }).success).toBe(false);
  });
});
