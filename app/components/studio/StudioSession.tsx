"use client";

import { useEffect, useMemo, useState } from "react";
import type { Role } from "@bandspace/protocol";
import { ApiError, getSessionInfo, registerMember } from "../../lib/api";
import { getUserId, updateStoredSession, type StoredSession } from "../../lib/storage";
import { colorForUser, type AwarenessUser } from "../../lib/collab/identity";
import { useSessionConnection } from "../../lib/collab/useSessionConnection";
import { useConnectionState } from "../../lib/collab/useConnectionState";
import type { SessionConnection } from "../../lib/collab/SessionConnection";
import { ToastProvider } from "../common/Toast";
import { ConnectionClosed } from "./ConnectionClosed";
import { StudioLoading } from "./StudioLoading";
import { StudioProvider } from "./StudioContext";
import { StudioShell } from "./StudioShell";

/** Codes from GET /api/sessions/:id that mean this browser's link can't open the session any more. */
const ACCESS_CODES = new Set(["INVALID_TOKEN", "LINK_REVOKED", "LINK_EXPIRED", "SESSION_NOT_FOUND", "NOT_FOUND"]);
const ACCESS_CLOSE_CODE: Record<string, number> = {
  INVALID_TOKEN: 4401,
  LINK_EXPIRED: 4401,
  LINK_REVOKED: 4403,
  SESSION_NOT_FOUND: 4404,
  NOT_FOUND: 4404,
};

export function StudioSession({
  sessionId,
  stored,
  displayName,
}: {
  sessionId: string;
  stored: StoredSession;
  displayName: string;
}) {
  // Comments and presence carry the member id the server verified (issue #16): join first, then connect.
  // A member id from an earlier visit opens the studio at once (also offline); if joining fails for
  // network reasons and there is none, the browser's own id is used and the server refuses comments.
  const [memberId, setMemberId] = useState<string | null>(stored.memberId ?? null);
  const [joinFailed, setJoinFailed] = useState(false);
  const [confirmedRole, setConfirmedRole] = useState<Role | null>(null);
  const browserId = useMemo(() => getUserId(), []);
  const userId = memberId ?? (joinFailed ? browserId : null);
  const user = useMemo<AwarenessUser | null>(
    () => (userId ? { userId, name: displayName, color: colorForUser(userId), role: stored.role } : null),
    [userId, displayName, stored.role],
  );
  const [accessError, setAccessError] = useState<{ code: number; reason: string } | null>(null);
  // A link the server refused is not worth keeping connections open for.
  const connection = useSessionConnection(sessionId, accessError ? null : stored.token, stored.role, user);

  // Confirm the role and name with the server (the stored copy may be stale), join the members list under
  // this name (the owner sees who came through which link), and note the visit.
  useEffect(() => {
    const ctrl = new AbortController();
    updateStoredSession(sessionId, { lastOpenedAt: Date.now() });
    getSessionInfo(sessionId, stored.token, ctrl.signal)
      .then(async (info) => {
        setConfirmedRole(info.role);
        updateStoredSession(sessionId, { role: info.role, name: info.name });
        const member = await registerMember(sessionId, stored.token, displayName);
        if (ctrl.signal.aborted) return;
        setConfirmedRole(member.role);
        setMemberId(member.id);
        updateStoredSession(sessionId, { memberId: member.id });
      })
      .catch((err: unknown) => {
        if (ctrl.signal.aborted) return;
        if (err instanceof ApiError && ACCESS_CODES.has(err.code)) {
          setAccessError({ code: ACCESS_CLOSE_CODE[err.code] ?? 4401, reason: err.message });
          return;
        }
        // Network trouble: carry on with the stored role; the live connection shows its own state.
        setJoinFailed(true);
      });
    return () => ctrl.abort();
  }, [sessionId, stored.token, displayName]);

  useEffect(() => {
    if (connection && confirmedRole) connection.setRole(confirmedRole);
  }, [connection, confirmedRole]);

  useEffect(() => {
    document.title = `${stored.name || "Session"} · Bandspace`;
  }, [stored.name]);

  if (accessError)
    return <ConnectionClosed sessionId={sessionId} code={accessError.code} reason={accessError.reason} />;
  if (!connection) return <StudioLoading label="Connecting…" testId="connecting" />;
  return (
    <ConnectedStudio
      connection={connection}
      sessionId={sessionId}
      sessionName={stored.name}
      token={stored.token}
      userId={user?.userId ?? browserId}
    />
  );
}

function ConnectedStudio({
  connection,
  sessionId,
  sessionName,
  token,
  userId,
}: {
  connection: SessionConnection;
  sessionId: string;
  sessionName: string;
  token: string;
  userId: string;
}) {
  const state = useConnectionState(connection);
  const slow = useElapsed(state.phase === "connecting", 8000);

  if (state.phase === "closed" && state.closed) {
    return <ConnectionClosed sessionId={sessionId} code={state.closed.code} reason={state.closed.reason} />;
  }
  if (state.phase === "connecting") {
    return (
      <StudioLoading
        label={`Connecting to ${sessionName || "the session"}…`}
        hint={slow ? "Still trying. Check your connection — Bandspace keeps retrying on its own." : undefined}
        testId="connecting"
      />
    );
  }
  return (
    <ToastProvider>
      <StudioProvider
        connection={connection}
        sessionId={sessionId}
        sessionName={sessionName}
        token={token}
        userId={userId}
      >
        <StudioShell />
      </StudioProvider>
    </ToastProvider>
  );
}

/** True once `active` has been true for `ms` without interruption. */
function useElapsed(active: boolean, ms: number): boolean {
  const [elapsed, setElapsed] = useState(false);
  useEffect(() => {
    setElapsed(false);
    if (!active) return;
    const id = window.setTimeout(() => setElapsed(true), ms);
    return () => window.clearTimeout(id);
  }, [active, ms]);
  return elapsed;
}
