"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import {
  isModelError,
  resolveAnchor,
  type CommentAuthor,
  type CommentThread,
  type ModelError,
  type Origin,
} from "@bandspace/model";
import type * as Y from "yjs";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { useToast } from "../common/Toast";

/** A thread with where its pin is now (a clip-pinned comment follows its clip). */
export interface PlacedThread {
  thread: CommentThread;
  startTick: number;
  endTick: number;
  trackId: string | null;
  clipId: string | null;
  detached: boolean;
}

export function useCommentThreads(): readonly CommentThread[] {
  const { connection } = useStudio();
  return useSyncExternalStore(connection.comments.subscribe, connection.comments.get, connection.comments.get);
}

/** Every thread placed on the current arrangement, in timeline order. */
export function usePlacedThreads(): PlacedThread[] {
  const { connection } = useStudio();
  const threads = useCommentThreads();
  const clips = useArrangementSelector(connection, (a) => a.clips);
  const tempoMap = useArrangementSelector(connection, (a) => a.tempoMap);
  return useMemo(() => {
    const targets = { clip: (id: string) => clips.get(id) ?? null };
    return threads
      .map((thread): PlacedThread => {
        if (thread.anchor) return { thread, ...resolveAnchor(thread.anchor, targets) };
        const tick = Math.round(tempoMap.secondsToTicks(thread.legacyAtSeconds ?? 0));
        return { thread, startTick: tick, endTick: tick, trackId: null, clipId: null, detached: false };
      })
      .sort((a, b) => a.startTick - b.startTick || a.thread.createdAt - b.thread.createdAt);
  }, [threads, clips, tempoMap]);
}

export interface CommentActions {
  /** May write comments (comment, edit, owner roles, not refused by the server). */
  canComment: boolean;
  author: CommentAuthor;
  /** Runs a model operation on the comments doc; a ModelError is returned (for inline messages), not thrown. */
  tryRun: <T>(
    op: (doc: Y.Doc, origin: Origin, songDoc: Y.Doc) => T,
  ) => { ok: true; value: T } | { ok: false; error: ModelError };
  /** Like tryRun, but reports a failure as a toast. */
  run: <T>(op: (doc: Y.Doc, origin: Origin, songDoc: Y.Doc) => T) => T | undefined;
  /** Jumps the playhead a bar before the comment and plays (clicking a comment). */
  listenFrom: (placed: PlacedThread, play?: boolean) => void;
}

export function useCommentActions(): CommentActions {
  const { connection, origin, userId } = useStudio();
  const { transport, view, ui } = useArrangementContext();
  const toast = useToast();
  const canComment = connection.canWrite("comments");
  const name = connection.localUser.name;
  const author = useMemo(() => ({ userId, name }), [userId, name]);

  const tryRun = useCallback<CommentActions["tryRun"]>(
    (op) => {
      if (!connection.canWrite("comments")) {
        throw new Error("This link can view comments but not write them.");
      }
      try {
        return { ok: true, value: op(connection.commentsDoc, origin, connection.songDoc) };
      } catch (err) {
        if (isModelError(err)) return { ok: false, error: err };
        throw err;
      }
    },
    [connection, origin],
  );

  const run = useCallback<CommentActions["run"]>(
    (op) => {
      if (!connection.canWrite("comments")) {
        toast.show("Your link can view comments but not write them.", "error");
        return undefined;
      }
      try {
        const result = tryRun(op);
        if (result.ok) return result.value;
        toast.show(result.error.message, "error");
      } catch (err) {
        console.error("Comment change failed", err);
        toast.show("That change to the comments could not be applied.", "error");
      }
      return undefined;
    },
    [connection, toast, tryRun],
  );

  const listenFrom = useCallback(
    (placed: PlacedThread, play = true) => {
      const bar = connection.arrangement.get().tempoMap.ticksPerBar;
      const from = Math.max(0, placed.startTick - bar);
      ui.set({ activeCommentId: placed.thread.id, commentsPanelOpen: true });
      transport.seek(from);
      view.reveal(from);
      if (play) void transport.play();
    },
    [connection, transport, view, ui],
  );

  return { canComment, author, tryRun, run, listenFrom };
}
