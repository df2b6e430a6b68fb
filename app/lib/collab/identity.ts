import { PRESENCE_COLORS, hashText as hash, type Role } from "@bandspace/protocol";

/** What each client publishes about its person in awareness, under the `user` field. */
export interface AwarenessUser {
  userId: string;
  name: string;
  /** #rrggbb — other clients draw this person's avatar and selection in it. */
  color: string;
  role: Role;
}

export { PRESENCE_COLORS, colorForUser } from "@bandspace/protocol";

/** "Ada Lovelace" → "AL", "ada" → "A", "  " → "?" */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = Array.from(words[0])[0] ?? "";
  const last = words.length > 1 ? (Array.from(words[words.length - 1])[0] ?? "") : "";
  return (first + last).toUpperCase();
}

const HEX = /^#[0-9a-fA-F]{6}$/;
const ROLES: ReadonlySet<string> = new Set(["owner", "edit", "comment", "view"]);

/** Reads a remote client's awareness `user` field defensively (other clients are not trusted to be well-formed). */
export function parseAwarenessUser(value: unknown): AwarenessUser | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const name = typeof v.name === "string" ? v.name.trim().slice(0, 40) : "";
  if (!name) return null;
  return {
    userId: typeof v.userId === "string" && v.userId ? v.userId.slice(0, 64) : `anon-${hash(name)}`,
    name,
    color:
      typeof v.color === "string" && HEX.test(v.color) ? v.color : PRESENCE_COLORS[hash(name) % PRESENCE_COLORS.length],
    role: typeof v.role === "string" && ROLES.has(v.role) ? (v.role as Role) : "view",
  };
}
