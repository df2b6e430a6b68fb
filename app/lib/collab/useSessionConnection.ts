"use client";

import { useEffect, useState } from "react";
import type { Role } from "@bandspace/protocol";
import { SessionConnection } from "./SessionConnection";
import type { AwarenessUser } from "./identity";
import { getMemberSecret } from "../storage";

/**
 * Opens the session's live connections (Yjs song + comments docs, socket.io) for as long as the
 * calling component is mounted with the same session and token. Returns null until connected objects exist.
 * The user (name, colour) can change without reconnecting.
 */
export function useSessionConnection(
  sessionId: string,
  token: string | null,
  role: Role | null,
  user: AwarenessUser | null,
): SessionConnection | null {
  const [connection, setConnection] = useState<SessionConnection | null>(null);
  const ready = token !== null && role !== null && user !== null;

  useEffect(() => {
    if (!ready) return;
    const conn = new SessionConnection({
      sessionId,
      token: token,
      role: role,
      user: user,
      memberSecret: getMemberSecret(),
    });
    setConnection(conn);
    return () => {
      conn.destroy();
      setConnection((c) => (c === conn ? null : c));
    };
    // Reconnect only when the session or token changes; role and user updates are pushed below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId, token, ready]);

  useEffect(() => {
    if (connection && user) connection.setUser(user);
  }, [connection, user]);

  return connection;
}
