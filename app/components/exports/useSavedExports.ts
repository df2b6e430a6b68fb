"use client";

import { useEffect, useState } from "react";
import { ExportDeleted, SavedExportView } from "@bandspace/protocol";
import { listSavedExports } from "../../lib/api";
import { useStudio } from "../studio/StudioContext";

export type SavedExportsState =
  { kind: "loading" } | { kind: "ready"; exports: SavedExportView[] } | { kind: "error"; message: string };

/**
 * The session's saved exports, newest first: fetched once, then kept live by the socket.io `export-saved` and
 * `export-deleted` events the server sends to the session (validated here like every message from the wire).
 */
export function useSavedExports(): [SavedExportsState, (id: string) => void] {
  const { connection, sessionId, token } = useStudio();
  const [state, setState] = useState<SavedExportsState>({ kind: "loading" });

  useEffect(() => {
    const abort = new AbortController();
    const socket = connection.live.socket;
    const upsert = (view: SavedExportView) =>
      setState((s) =>
        s.kind === "ready" ? { kind: "ready", exports: [view, ...s.exports.filter((e) => e.id !== view.id)] } : s,
      );
    const remove = (id: string) =>
      setState((s) => (s.kind === "ready" ? { kind: "ready", exports: s.exports.filter((e) => e.id !== id) } : s));
    const onSaved = (raw: unknown) => {
      const parsed = SavedExportView.safeParse(raw);
      if (parsed.success) upsert(parsed.data);
    };
    const onDeleted = (raw: unknown) => {
      const parsed = ExportDeleted.safeParse(raw);
      if (parsed.success) remove(parsed.data.id);
    };
    // Listen first, then fetch: an export saved in between arrives by event and is kept by the merge below.
    socket.on("export-saved", onSaved);
    socket.on("export-deleted", onDeleted);
    listSavedExports(sessionId, token, abort.signal).then(
      (exports) =>
        setState((s) => {
          const live = s.kind === "ready" ? s.exports.filter((e) => !exports.some((x) => x.id === e.id)) : [];
          return { kind: "ready", exports: [...live, ...exports] };
        }),
      (err: unknown) => {
        if (!abort.signal.aborted) setState({ kind: "error", message: (err as Error).message });
      },
    );
    return () => {
      abort.abort();
      socket.off("export-saved", onSaved);
      socket.off("export-deleted", onDeleted);
    };
  }, [connection, sessionId, token]);

  const removeLocally = (id: string) =>
    setState((s) => (s.kind === "ready" ? { kind: "ready", exports: s.exports.filter((e) => e.id !== id) } : s));
  return [state, removeLocally];
}
