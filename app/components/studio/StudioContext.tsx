"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { isModelError, type Origin } from "@bandspace/model";
import type { Role } from "@bandspace/protocol";
import type { SessionConnection } from "../../lib/collab/SessionConnection";
import { useConnectionState } from "../../lib/collab/useConnectionState";
import { UndoController } from "../../lib/collab/undo";
import { useToast } from "../common/Toast";

export interface StudioContextValue {
  connection: SessionConnection;
  sessionId: string;
  sessionName: string;
  token: string;
  userId: string;
  role: Role;
  /** May change the arrangement and song sheet (owner/edit, not refused by the server). */
  canEditSong: boolean;
  origin: Origin;
  /**
   * Runs one model operation against the song doc with this user's origin. A ModelError (e.g. an invalid
   * tempo, a track someone just deleted) becomes a toast; returns the operation's result or undefined.
   */
  edit: <T>(op: (doc: SessionConnection["songDoc"], origin: Origin) => T) => T | undefined;
  /** Undo/redo of this person's own edits to the song doc (inert for roles that cannot edit it). */
  undo: UndoController;
}

const StudioContext = createContext<StudioContextValue | null>(null);

export function useStudio(): StudioContextValue {
  const ctx = useContext(StudioContext);
  if (!ctx) throw new Error("useStudio must be used inside <StudioProvider>");
  return ctx;
}

export function StudioProvider({
  connection,
  sessionId,
  sessionName,
  token,
  userId,
  children,
}: {
  connection: SessionConnection;
  sessionId: string;
  sessionName: string;
  token: string;
  userId: string;
  children: ReactNode;
}) {
  const toast = useToast();
  const state = useConnectionState(connection);
  const canEditSong = connection.canWrite("song");
  const origin = useMemo<Extract<Origin, { kind: "user" }>>(() => ({ kind: "user", userId }), [userId]);
  // Tracks `origin` by identity: a new one (another user id) needs a new controller.
  const [undo, setUndo] = useState(() => new UndoController(connection.songDoc, origin));
  useEffect(() => {
    const controller = undo.matches(connection.songDoc, origin) ? undo : new UndoController(connection.songDoc, origin);
    if (controller !== undo) setUndo(controller);
    if (canEditSong) controller.attach();
    return () => controller.detach();
  }, [undo, connection, origin, canEditSong]);

  const edit = useCallback(
    <T,>(op: (doc: SessionConnection["songDoc"], origin: Origin) => T): T | undefined => {
      if (!connection.canWrite("song")) {
        toast.show("Your link can't change the arrangement.", "error");
        return undefined;
      }
      try {
        return op(connection.songDoc, origin);
      } catch (err) {
        if (isModelError(err)) toast.show(err.message, "error");
        else {
          console.error("Edit failed", err);
          toast.show("That change could not be applied.", "error");
        }
        return undefined;
      }
    },
    [connection, origin, toast],
  );

  const value = useMemo<StudioContextValue>(
    () => ({ connection, sessionId, sessionName, token, userId, role: state.role, canEditSong, origin, edit, undo }),
    [connection, sessionId, sessionName, token, userId, state.role, canEditSong, origin, edit, undo],
  );
  return <StudioContext.Provider value={value}>{children}</StudioContext.Provider>;
}
