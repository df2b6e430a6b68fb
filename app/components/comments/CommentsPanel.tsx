"use client";

import { filterComments, type CommentFilter } from "@bandspace/model";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useSong } from "../../lib/collab/useSong";
import { Icon } from "../common/Icon";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import shell from "../studio/StudioShell.module.css";
import { positionLabel, targetLabel } from "./anchorLabel";
import { CommentComposer } from "./CommentComposer";
import { CommentThreadCard } from "./CommentThreadCard";
import { useCommentActions, useCommentThreads, usePlacedThreads } from "./useComments";
import { useMembers } from "./useMembers";
import { draftAtPlayhead } from "./useCommentShortcut";
import styles from "./Comments.module.css";

const FILTERS: { id: CommentFilter; label: string }[] = [
  { id: "open", label: "Open" },
  { id: "resolved", label: "Resolved" },
  { id: "mine", label: "Mine" },
  { id: "all", label: "All" },
];

/** The right-hand comments panel: filters, the new-comment box, and the threads in timeline order. */
export function CommentsPanel() {
  const { connection, userId } = useStudio();
  const { ui, transport } = useArrangementContext();
  const { canComment, listenFrom } = useCommentActions();
  const filter = useUI((s) => s.commentFilter);
  const activeId = useUI((s) => s.activeCommentId);
  const draft = useUI((s) => s.commentDraft);
  const threads = useCommentThreads();
  const placed = usePlacedThreads();
  const members = useMembers(threads);
  const { tracks } = useSong(connection);
  const clips = useArrangementSelector(connection, (a) => a.clips);
  const tempoMap = useArrangementSelector(connection, (a) => a.tempoMap);

  const visibleIds = new Set(filterComments(threads, filter, userId).map((t) => t.id));
  // The open thread stays in the list while it is open (e.g. just resolved under "Open"), so the result is seen.
  const shown = placed.filter((p) => visibleIds.has(p.thread.id) || p.thread.id === activeId);
  const counts = Object.fromEntries(FILTERS.map((f) => [f.id, filterComments(threads, f.id, userId).length])) as Record<
    CommentFilter,
    number
  >;

  return (
    <aside className={shell.side} aria-label="Comments" data-testid="comments-panel" data-own-shortcuts>
      <div className={shell.sideHeader}>
        <span className={shell.sideTitle}>Comments</span>
        <span className={styles.headerActions}>
          {canComment && (
            <button
              type="button"
              className="btn btn-sm"
              data-testid="comment-at-playhead"
              title="Comment at the playhead (C)"
              onClick={() => ui.set({ commentDraft: draftAtPlayhead(connection, ui, transport) })}
            >
              <Icon name="plus" size={12} /> At playhead
            </button>
          )}
          <button
            type="button"
            className="icon-btn icon-btn-sm"
            aria-label="Close comments"
            data-testid="comments-close"
            onClick={() => ui.set({ commentsPanelOpen: false })}
          >
            <Icon name="close" size={12} />
          </button>
        </span>
      </div>
      <div className={styles.filters} role="tablist" aria-label="Show comments">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            role="tab"
            aria-selected={filter === f.id}
            className={`${styles.filter} ${filter === f.id ? styles.filterOn : ""}`}
            data-testid={`comments-filter-${f.id}`}
            onClick={() => ui.set({ commentFilter: f.id })}
          >
            {f.label} <span className={styles.filterCount}>{counts[f.id]}</span>
          </button>
        ))}
      </div>
      <div className={shell.sideBody}>
        {!canComment && (
          <p className={styles.readonlyBanner} data-testid="comments-readonly">
            <Icon name="eye" size={12} /> You can read comments and play the song. Your link can&apos;t add or change
            comments.
          </p>
        )}
        {draft && canComment && <CommentComposer key={JSON.stringify(draft)} draft={draft} members={members} />}
        {shown.length === 0 ? (
          <div className={styles.empty} data-testid="comments-empty">
            <Icon name="comment" size={22} />
            <p>{threads.length === 0 ? "No comments yet." : "Nothing here with this filter."}</p>
            {threads.length === 0 && canComment && (
              <p className={styles.hintText}>
                Press <kbd className="kbd">C</kbd> to comment at the playhead, or right-click a clip → Add comment.
              </p>
            )}
          </div>
        ) : (
          <div className={styles.list} data-testid="comments-list">
            {shown.map((p) => (
              <CommentThreadCard
                key={p.thread.id}
                placed={p}
                where={positionLabel(p, tempoMap)}
                target={targetLabel(p, tracks, clips)}
                active={p.thread.id === activeId}
                members={members}
                onActivate={() => listenFrom(p)}
              />
            ))}
          </div>
        )}
      </div>
    </aside>
  );
}
