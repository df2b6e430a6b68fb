"use client";

import { useRef, useState } from "react";
import { usePresence } from "../../lib/collab/usePresence";
import type { PresenceUser } from "../../lib/collab/SessionConnection";
import { ROLE_BADGE } from "../../lib/format";
import { getDisplayName } from "../../lib/storage";
import { useStudio } from "../studio/StudioContext";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { DisplayNameDialog } from "../studio/DisplayNameDialog";
import { Avatar } from "../common/Avatar";
import { Popover } from "../common/Popover";
import styles from "./PresenceAvatars.module.css";

const MAX_VISIBLE = 4;

export function describeUser(u: PresenceUser): string {
  return `${u.name}${u.isLocal ? " (you)" : ""} — ${ROLE_BADGE[u.role]}`;
}

/**
 * Everyone in the session: initials in each person's colour; you first (click yourself to rename). Click
 * someone else to follow their playhead (the timeline keeps it in view); a green mark shows who is playing.
 */
export function PresenceAvatars() {
  const { connection } = useStudio();
  const { ui } = useArrangementContext();
  const followUserId = useUI((s) => s.followUserId);
  const people = usePresence(connection);
  const toggleFollow = (u: PresenceUser) => ui.set({ followUserId: followUserId === u.userId ? null : u.userId });
  const [showAll, setShowAll] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const moreRef = useRef<HTMLButtonElement>(null);

  const visible = people.slice(0, people.length > MAX_VISIBLE ? MAX_VISIBLE - 1 : MAX_VISIBLE);
  const hidden = people.length - visible.length;

  return (
    <>
      <ul className={styles.list} data-testid="presence" aria-label={`${people.length} in this session`}>
        {visible.map((u) => (
          <li
            key={u.userId}
            className={styles.item}
            data-testid="presence-user"
            data-name={u.name}
            data-local={u.isLocal || undefined}
            title={describeUser(u)}
            aria-label={describeUser(u)}
          >
            {u.isLocal ? (
              <button type="button" className={styles.self} onClick={() => setRenaming(true)}>
                <Avatar name={u.name} color={u.color} ring />
                <span className={styles.youTag} aria-hidden="true">
                  you
                </span>
              </button>
            ) : (
              <button
                type="button"
                className={`${styles.other} ${followUserId === u.userId ? styles.following : ""}`}
                aria-pressed={followUserId === u.userId}
                aria-label={`${followUserId === u.userId ? "Stop following" : "Follow"} ${u.name}'s playhead`}
                title={`${describeUser(u)} — click to ${followUserId === u.userId ? "stop following" : "follow their playhead"}`}
                data-testid="presence-follow"
                data-following={followUserId === u.userId ? "true" : "false"}
                onClick={() => toggleFollow(u)}
              >
                <Avatar name={u.name} color={u.color} ring={followUserId === u.userId} />
                {u.playing && <span className={styles.playing} aria-hidden="true" data-testid="presence-playing" />}
              </button>
            )}
          </li>
        ))}
        {hidden > 0 && (
          <li className={styles.item}>
            <button
              ref={moreRef}
              type="button"
              className={styles.more}
              aria-label={`${hidden} more people`}
              aria-expanded={showAll}
              data-testid="presence-overflow"
              onClick={() => setShowAll((v) => !v)}
            >
              +{hidden}
            </button>
          </li>
        )}
      </ul>
      <Popover
        open={showAll}
        onClose={() => setShowAll(false)}
        anchorRef={moreRef}
        label="Everyone in this session"
        placement="bottom-end"
        autoFocus={false}
      >
        <p className={styles.popTitle}>In this session · {people.length}</p>
        <ul className={styles.popList}>
          {people.map((u) => (
            <li key={u.userId} className={styles.popItem}>
              <Avatar name={u.name} color={u.color} size={22} />
              <span className={styles.popName}>
                {u.name}
                {u.isLocal && <span className={styles.popYou}> (you)</span>}
              </span>
              <span className="badge">{ROLE_BADGE[u.role]}</span>
              {!u.isLocal && (
                <button
                  type="button"
                  className={`btn btn-sm ${followUserId === u.userId ? "btn-primary" : "btn-ghost"}`}
                  aria-pressed={followUserId === u.userId}
                  data-testid="presence-list-follow"
                  onClick={() => toggleFollow(u)}
                >
                  {followUserId === u.userId ? "Following" : "Follow"}
                </button>
              )}
            </li>
          ))}
        </ul>
      </Popover>
      {renaming && <DisplayNameDialog initial={getDisplayName() ?? ""} onClose={() => setRenaming(false)} />}
    </>
  );
}
