import type { Role } from "./roles";

/**
 * The `user` field of a presence (awareness) state. The server writes it on every state it relays from
 * the member's verified identity (issue #16): what a client puts there itself is replaced.
 */
export interface PresenceIdentity {
  /** The member id in this session (the author id of their comments), or `guest-…` before they joined. */
  userId: string;
  name: string;
  /** #rrggbb, derived from userId so everyone draws a person in the same colour. */
  color: string;
  role: Role;
}

/**
 * Presence colours. Chosen to stay readable with dark text on top (avatars) and to differ from each
 * other at a glance; picked from the user id so a person keeps their colour.
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

/** FNV-1a: a stable small hash (colours, fallback ids). */
export function hashText(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function colorForUser(userId: string): string {
  return PRESENCE_COLORS[hashText(userId) % PRESENCE_COLORS.length];
}
