"use client";

import { useState } from "react";
import { canManageLinks } from "@bandspace/protocol";
import { ROLE_BADGE } from "../../lib/format";
import { useStudio } from "../studio/StudioContext";
import { Icon, type IconName } from "../common/Icon";
import { ShareDialog } from "./ShareDialog";
import styles from "./ShareControl.module.css";

const ROLE_ICON: Record<string, IconName> = { edit: "pencil", comment: "comment", view: "eye", owner: "crown" };

/** Owners get the Share button; everyone else sees what their link lets them do. */
export function ShareControl() {
  const { role } = useStudio();
  const [open, setOpen] = useState(false);

  if (!canManageLinks(role)) {
    return (
      <span className={styles.role} data-testid="role-badge" data-role={role} title="What your invite link lets you do">
        <Icon name={ROLE_ICON[role] ?? "eye"} size={13} />
        {ROLE_BADGE[role]}
      </span>
    );
  }
  return (
    <>
      <button type="button" className="btn btn-primary" onClick={() => setOpen(true)} data-testid="share-button">
        <Icon name="share" size={14} />
        Share
      </button>
      {open && <ShareDialog onClose={() => setOpen(false)} />}
    </>
  );
}
