"use client";

import { useRouter } from "next/navigation";
import { YCloseCode } from "@bandspace/protocol";
import { forgetStoredSession } from "../../lib/storage";
import { MessagePage } from "../common/MessagePage";

const TITLES: Record<number, string> = {
  [YCloseCode.invalidToken]: "This invite link no longer works",
  [YCloseCode.linkRevoked]: "Your link to this session was revoked",
  [YCloseCode.sessionNotFound]: "This session doesn't exist any more",
  [YCloseCode.tooLarge]: "A change was too large to send",
  [YCloseCode.badRequest]: "The connection to this session was refused",
};

/** Codes after which the stored link is useless, so offering to forget it helps. */
const LINK_DEAD = new Set<number>([YCloseCode.invalidToken, YCloseCode.linkRevoked, YCloseCode.sessionNotFound]);

/** Full-page message after the server ended the connection for good (or this client can't open the doc). */
export function ConnectionClosed({ sessionId, code, reason }: { sessionId: string; code: number; reason: string }) {
  const router = useRouter();
  const title =
    TITLES[code] ?? (code === 0 ? "This session can't be opened here" : "You were disconnected from this session");
  const linkDead = LINK_DEAD.has(code);

  return (
    <MessagePage
      icon={linkDead ? "link" : "alert"}
      tone="danger"
      title={title}
      testId="connection-closed"
      body={
        <>
          <p data-testid="connection-closed-reason">{reason || "The server closed the connection."}</p>
          {linkDead ? (
            <p>Ask the session owner for a new invite link if you should still have access.</p>
          ) : (
            <p>Reload the page to try again.</p>
          )}
        </>
      }
      actions={
        linkDead ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              router.push("/");
              forgetStoredSession(sessionId);
            }}
          >
            Remove from my sessions
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        )
      }
    />
  );
}
