"use client";

import { useEffect, useMemo, useState } from "react";
import { countUnread, latestCommentTime, type CommentThread } from "@bandspace/model";

/** Per browser and session: the newest comment time this person has seen (local storage, like the display name). */
const key = (sessionId: string) => `bandspace:comments-seen:${sessionId}`;

function readSeen(sessionId: string): number | null {
  try {
    const raw = window.localStorage.getItem(key(sessionId));
    const n = raw === null ? NaN : Number(raw);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

function writeSeen(sessionId: string, at: number): void {
  try {
    window.localStorage.setItem(key(sessionId), String(at));
  } catch {
    // storage blocked: the count resets with the page
  }
}

/**
 * The unread count for the comments button: comments and replies by others newer than what this person last
 * saw. While the panel is open everything shown counts as seen. A first visit starts with everything unread.
 */
export function useUnreadComments(
  sessionId: string,
  userId: string,
  threads: readonly CommentThread[],
  panelOpen: boolean,
): number {
  const [seenAt, setSeenAt] = useState<number>(() => (typeof window === "undefined" ? 0 : (readSeen(sessionId) ?? 0)));
  const latest = useMemo(() => latestCommentTime(threads), [threads]);
  useEffect(() => {
    if (!panelOpen || latest <= seenAt) return;
    writeSeen(sessionId, latest);
    setSeenAt(latest);
  }, [panelOpen, latest, seenAt, sessionId]);
  return panelOpen ? 0 : countUnread(threads, userId, seenAt);
}
