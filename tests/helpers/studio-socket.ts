import { randomBytes } from "node:crypto";
import { vi } from "vitest";
import type { CreatedSession, TakeInfo } from "@bandspace/protocol";
import { openLiveSocket, type LiveSocket } from "../../app/lib/collab/liveSocket";
import { TakeUploader, type TakeUploadState } from "../../app/lib/takes/TakeUploader";
import type { TestChunk } from "./take-client";
import { waitFor } from "./yjs-client";

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

/** The studio's recording path in Node: its socket, a TakeUploader on it, and the takes it completed. */
export interface StudioRecorder {
  live: LiveSocket;
  uploader: TakeUploader;
  completed: TakeInfo[];
  /** The uploader's state of one take. */
  state: (takeId: string) => TakeUploadState | undefined;
  /** Records one chunk of a test take (chunkAudio's bytes) through the uploader. */
  chunk: (takeId: string, c: TestChunk) => Promise<void>;
  /** Disposes the uploader, closes the socket and unstubs `location`. */
  close: () => void;
}

/** Opens the studio's socket as the session's owner, waits for it to be ready, and puts a TakeUploader on it. */
export async function openStudioRecorder(baseUrl: string, session: CreatedSession): Promise<StudioRecorder> {
  const live = openStudioSocket(baseUrl, session);
  await waitFor(() => live.ready, 20_000, "socket.io up");
  const completed: TakeInfo[] = [];
  const uploader = new TakeUploader(session.sessionId, live, (_take, info) => completed.push(info));
  return {
    live,
    uploader,
    completed,
    state: (takeId) => uploader.status.get().takes.find((t) => t.takeId === takeId),
    chunk: (takeId, c) => uploader.chunk(takeId, c.seq, c.frames, new Float32Array(Uint8Array.from(c.pcm).buffer)),
    close: () => {
      uploader.dispose();
      live.close();
      vi.unstubAllGlobals();
    },
  };
}
