import { randomBytes } from "node:crypto";
import { vi } from "vitest";
import type { CreatedSession } from "@bandspace/protocol";
import { openLiveSocket, type LiveSocket } from "../../app/lib/collab/liveSocket";

/**
 * The studio's own socket.io connection (what TakeUploader sends through), opened in Node against `baseUrl` as the
 * session's owner: `location` is stubbed to that URL (undo with vi.unstubAllGlobals), and the studio's callbacks
 * are ignored. Callers wait for `ready` themselves.
 */
export function openStudioSocket(baseUrl: string, session: CreatedSession): LiveSocket {
  vi.stubGlobal("location", new URL(baseUrl));
  return openLiveSocket(session.sessionId, session.ownerToken, randomBytes(24).toString("base64url"), {
    onHello: () => {},
    onError: () => {},
    onRoleChanged: () => {},
    onVersion: () => {},
  });
}
