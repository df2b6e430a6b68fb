"use client";

import { useEffect, useMemo, useRef } from "react";
import type { TempoMap } from "@bandspace/model";
import { initials } from "../../lib/collab/identity";
import { usePresence } from "../../lib/collab/usePresence";
import type { RemotePlayhead } from "../../lib/collab/playheads";
import { useTransportState } from "../../lib/engine/useAudioEngine";
import { useFrameLoop } from "../../lib/engine/useFrameLoop";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import styles from "./Timeline.module.css";

/** How far a remote playhead is extrapolated past its last sample (s): a stalled peer freezes, not drifts. */
const MAX_EXTRAPOLATE_S = 0.6;

/** Where a remote person's playhead is now: their last sample advanced by the time since it arrived. */
export function remoteTick(head: RemotePlayhead, map: TempoMap, now: number): number {
  if (!head.playing) return head.positionTick;
  const elapsed = Math.min(Math.max(0, (now - head.receivedAt) / 1000), MAX_EXTRAPOLATE_S);
  return map.secondsToTicks(map.ticksToSeconds(head.positionTick) + elapsed);
}

/**
 * The playhead lines over ruler, sections and lanes: yours (accent) and everyone else's (their colour and
 * initials). Positions are written to the DOM from animation frames while anyone plays — React renders only
 * when people come and go. Also keeps the followed person's playhead (or your own while playing) in view.
 */
export function Playheads() {
  const { connection } = useStudio();
  const { transport, view } = useArrangementContext();
  const { playing } = useTransportState(transport);
  const followUserId = useUI((s) => s.followUserId);
  const people = usePresence(connection);
  const remotes = useMemo(() => people.filter((p) => !p.isLocal), [people]);
  const anyRemotePlaying = remotes.some((p) => p.playing);
  const localRef = useRef<HTMLDivElement>(null);
  const remoteRefs = useRef(new Map<string, HTMLDivElement>());
  const lastLocalVisible = useRef(true);

  const draw = (now: number) => {
    const map = connection.arrangement.get().tempoMap;
    const { width } = view.get();
    const local = transport.positionTick();

    // Follow someone: keep their playhead on screen. Else, while you play, page along with yours.
    if (followUserId) {
      const head = connection.playheads.forUser(followUserId);
      if (head) view.reveal(remoteTick(head, map, now));
    } else if (transport.playing) {
      // Page only when the playhead runs off a screen it was on (not after you scrolled away from it).
      const x = view.tickToX(local);
      const visible = x >= 0 && x <= width;
      if (!visible && lastLocalVisible.current) view.reveal(local);
      else lastLocalVisible.current = visible;
    }

    const el = localRef.current;
    if (el) place(el, view.tickToX(local), width, local);
    for (const [userId, node] of remoteRefs.current) {
      const head = connection.playheads.forUser(userId);
      if (!head) {
        node.style.visibility = "hidden";
        continue;
      }
      const tick = remoteTick(head, map, now);
      place(node, view.tickToX(tick), width, tick);
      node.dataset.playing = head.playing ? "true" : "false";
    }
  };

  useFrameLoop(playing || anyRemotePlaying || !!followUserId, draw);
  useEffect(() => view.onUserScroll(() => (lastLocalVisible.current = false)), [view]);
  useEffect(() => {
    if (!playing) return;
    lastLocalVisible.current = true;
    if (!followUserId) view.reveal(transport.positionTick());
  }, [playing, followUserId, view, transport]);
  // Discrete changes while nobody plays: seeks, scroll/zoom, remote samples, people joining.
  useEffect(() => {
    const redraw = () => {
      if (!transport.playing) draw(performance.now());
    };
    const offs = [
      transport.onPosition(redraw),
      view.subscribe(redraw),
      connection.playheads.subscribe(redraw),
      connection.arrangement.subscribe(redraw),
    ];
    redraw();
    return () => offs.forEach((off) => off());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [transport, view, connection, remotes, followUserId]);

  return (
    <div className={styles.playheads} aria-hidden="true">
      {remotes.map((p) => (
        <div
          key={p.userId}
          ref={(node) => {
            if (node) remoteRefs.current.set(p.userId, node);
            else remoteRefs.current.delete(p.userId);
          }}
          className={`${styles.remotePlayhead} ${followUserId === p.userId ? styles.followed : ""}`}
          style={{ ["--c" as string]: p.color, visibility: "hidden" }}
          data-testid="remote-playhead"
          data-user-name={p.name}
          data-playing="false"
        >
          <span className={styles.remoteCap} title={`${p.name}'s playhead`}>
            {initials(p.name)}
          </span>
        </div>
      ))}
      <div ref={localRef} className={styles.playhead} data-testid="playhead">
        <span className={styles.playheadCap} />
      </div>
    </div>
  );
}

function place(el: HTMLElement, x: number, width: number, tick: number): void {
  const visible = x >= -1 && x <= width + 1;
  const vis = visible ? "visible" : "hidden";
  if (el.style.visibility !== vis) el.style.visibility = vis;
  if (visible) el.style.transform = `translate3d(${Math.round(x)}px,0,0)`;
  el.dataset.tick = String(Math.round(tick));
}
