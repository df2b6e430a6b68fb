"use client";

import { Icon } from "../common/Icon";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { useCommentThreads } from "./useComments";
import { useUnreadComments } from "./unread";
import toolbar from "../timeline/TimelineToolbar.module.css";
import styles from "./Comments.module.css";

/** Toolbar button for the comments panel, with the count of comments and replies this person hasn't seen. */
export function CommentsToggle() {
  const { sessionId, userId } = useStudio();
  const { ui } = useArrangementContext();
  const open = useUI((s) => s.commentsPanelOpen);
  const threads = useCommentThreads();
  const unread = useUnreadComments(sessionId, userId, threads, open);
  const openCount = threads.filter((t) => t.resolved === null).length;
  return (
    <button
      type="button"
      className={`btn btn-sm ${open ? toolbar.on : ""}`}
      aria-pressed={open}
      data-testid="comments-toggle"
      data-open-count={openCount}
      title="Timeline comments (C to comment at the playhead)"
      onClick={() => ui.set({ commentsPanelOpen: !open })}
    >
      <Icon name="comment" size={14} />
      Comments
      {unread > 0 && (
        <span className={styles.unread} data-testid="comments-unread" aria-label={`${unread} unread`}>
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </button>
  );
}
