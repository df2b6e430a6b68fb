import type { Role } from "@bandspace/protocol";

/** What each client publishes about its person in awareness, under the `user` field. */
export interface AwarenessUser {
  userId: string;
  name: string;
  /** #rrggbb — other clients draw this person's avatar and selection in it. */
  color: string;
  role: Role;
}

/**
 * Presence colours. Chosen to stay readable with dark text on top (avatars) and to differ from each
 * other at a glance; picked per browser from its user id so a person keeps their colour.
 */
export const PRESENCE_COLORS = [
  "#ff8a65",
  "#ffd54f",
  "#aed581",
  "#4dd0b1",
  "#4fc3f7",
  "#7f9cff",
  "#b39dff",
  "#f48fb1",
  "#e6a86b",
  "#90e0a0",
] as const;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function colorForUser(userId: string): string {
  return PRESENCE_COLORS[hash(userId) % PRESENCE_COLORS.length];
}

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
