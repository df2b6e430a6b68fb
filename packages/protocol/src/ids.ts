import { z } from "zod";

/** Session ids are server-generated: 16 characters of lower-case base36. */
export const SessionId = z.string().regex(/^[a-z0-9]{16}$/, "Session ids are 16 lower-case letters or digits.");
export type SessionId = z.infer<typeof SessionId>;

/** Share-link tokens are server-generated: 32 characters of base64url (24 random bytes). */
export const ShareToken = z.string().regex(/^[A-Za-z0-9_-]{32}$/, "That share link is not valid (malformed token).");
export type ShareToken = z.infer<typeof ShareToken>;

export const LinkId = z.string().regex(/^[a-z0-9]{16}$/, "Link ids are 16 lower-case letters or digits.");
