"use client";

import { useDisplayName, useStoredSession } from "../../lib/storage";
import { MessagePage } from "../common/MessagePage";
import { DisplayNameDialog } from "./DisplayNameDialog";
import { StudioLoading } from "./StudioLoading";
import { StudioSession } from "./StudioSession";

/**
 * /s/[sessionId]: opens the session with the link this browser stored for it. Without one, explains how to
 * get in; without a display name, asks for one first.
 */
export function Studio({ sessionId }: { sessionId: string }) {
  const stored = useStoredSession(sessionId);
  const displayName = useDisplayName();

  if (stored === undefined || displayName === undefined) return <StudioLoading label="Opening session…" />;

  if (stored === null) {
    return (
      <MessagePage
        icon="link"
        tone="accent"
        title="You need an invite link to open this session"
        testId="no-access"
        body={
          <>
            <p>This browser doesn&apos;t have access to this session yet.</p>
            <p>Ask the session owner to share an invite link with you, then open it here.</p>
          </>
        }
      />
    );
  }

  if (displayName === null) {
    return (
      <>
        <StudioLoading label="" />
        <DisplayNameDialog sessionName={stored.name} />
      </>
    );
  }

  return <StudioSession sessionId={sessionId} stored={stored} displayName={displayName} />;
}
