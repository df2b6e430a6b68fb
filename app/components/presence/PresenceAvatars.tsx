"use client";

import { useRef, useState } from "react";
import { usePresence } from "../../lib/collab/usePresence";
import type { PresenceUser } from "../../lib/collab/SessionConnection";
import { ROLE_BADGE } from "../../lib/format";
import { getDisplayName } from "../../lib/storage";
import { useStudio } from "../studio/StudioContext";
import { DisplayNameDialog } from "../studio/DisplayNameDialog";
import { Avatar } from "../common/Avatar";
import { Popover } from "../common/Popover";
import styles from "./PresenceAvatars.module.css";

const MAX_VISIBLE = 4;

export function describeUser(u: PresenceUser): string {
  return `${u.name}${u.isLocal ? " (you)" : ""} — ${ROLE_BADGE[u.role]}`;
}

/** Everyone in the session: initials in each person's colour; you first (click yourself to rename). */
export function PresenceAvatars() {
  const { connection } = useStudio();
  const people = usePresence(connection);
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
              <Avatar name={u.name} color={u.color} />
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
            </li>
          ))}
        </ul>
      </Popover>
      {renaming && <DisplayNameDialog initial={getDisplayName() ?? ""} onClose={() => setRenaming(false)} />}
    </>
  );
}
