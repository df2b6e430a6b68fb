"use client";

import { useRef, type PointerEvent as ReactPointerEvent } from "react";
import { colorForUser, initials } from "../../lib/collab/identity";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { tickSpan, useScrollLayer } from "../timeline/useScrollLayer";
import { useCommentActions, usePlacedThreads, type PlacedThread } from "./useComments";
import styles from "./Comments.module.css";

function Pin({ p, active, testId }: { p: PlacedThread; active: boolean; testId: string }) {
  const { listenFrom } = useCommentActions();
  const { thread } = p;
  const color = colorForUser(thread.authorId || thread.authorName);
  const stop = (e: ReactPointerEvent) => e.stopPropagation(); // no seek / clip drawing under a pin
  return (
    <button
      type="button"
      className={`${styles.pin} ${thread.resolved ? styles.pinResolved : ""} ${active ? styles.pinActive : ""}`}
      style={{ ...tickSpan(p.startTick, p.endTick - p.startTick), ["--author" as string]: color }}
      data-testid={testId}
      data-comment-id={thread.id}
      data-start-tick={p.startTick}
      data-end-tick={p.endTick}
      data-track-id={p.trackId ?? ""}
      data-resolved={thread.resolved ? "true" : "false"}
      title={`${thread.authorName}: ${thread.text.slice(0, 120)}${thread.replies.length ? ` (${thread.replies.length} replies)` : ""}`}
      aria-label={`Comment by ${thread.authorName}`}
      onPointerDown={stop}
      onDoubleClick={(e) => e.stopPropagation()}
      onClick={(e) => {
        e.stopPropagation();
        listenFrom(p, false);
      }}
    >
      {p.endTick > p.startTick && <span className={styles.pinRange} />}
      <span className={styles.pinHead}>{initials(thread.authorName)}</span>
    </button>
  );
}

/** Comment pins along the bottom of the ruler: every comment, in its author's colour. */
export function RulerCommentPins() {
  const { view } = useArrangementContext();
  const placed = usePlacedThreads();
  const activeId = useUI((s) => s.activeCommentId);
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);
  return (
    <div className={styles.rulerPins} data-testid="ruler-comment-pins">
      <div ref={layerRef} className={styles.pinLayer}>
        {placed.map((p) => (
          <Pin key={p.thread.id} p={p} active={p.thread.id === activeId} testId="ruler-comment-pin" />
        ))}
      </div>
    </div>
  );
}

/** Pins of the comments on one track (on the track or on one of its clips), inside the lane's scroll layer. */
export function LaneCommentPins({ trackId }: { trackId: string }) {
  const placed = usePlacedThreads();
  const activeId = useUI((s) => s.activeCommentId);
  const mine = placed.filter((p) => p.trackId === trackId);
  if (mine.length === 0) return null;
  return (
    <>
      {mine.map((p) => (
        <Pin key={p.thread.id} p={p} active={p.thread.id === activeId} testId="lane-comment-pin" />
      ))}
    </>
  );
}
