"use client";

import { useMemo } from "react";
import type { CommentThread } from "@bandspace/model";
import { colorForUser } from "../../lib/collab/identity";
import { usePresence } from "../../lib/collab/usePresence";
import { useStudio } from "../studio/StudioContext";
import type { Member } from "./MentionTextarea";

/** People one can @mention: everyone here now, then everyone who has commented (not oneself). */
export function useMembers(threads: readonly CommentThread[]): Member[] {
  const { connection, userId } = useStudio();
  const people = usePresence(connection);
  return useMemo(() => {
    const out = new Map<string, Member>();
    for (const p of people) {
      if (p.userId !== userId && !out.has(p.userId))
        out.set(p.userId, { userId: p.userId, name: p.name, color: p.color, online: true });
    }
    const add = (id: string, name: string) => {
      if (id && id !== userId && !out.has(id))
        out.set(id, { userId: id, name, color: colorForUser(id), online: false });
    };
    for (const t of threads) {
      add(t.authorId, t.authorName);
      for (const r of t.replies) add(r.authorId, r.authorName);
    }
    return [...out.values()];
  }, [people, threads, userId]);
}
