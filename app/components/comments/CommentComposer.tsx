"use client";

import { addComment, anchorTargetsOf, resolveAnchor, validateAnchor, type CommentAnchorInit } from "@bandspace/model";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { useSong } from "../../lib/collab/useSong";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { positionLabel, targetLabel } from "./anchorLabel";
import { CommentTextBox, useCommentDraft } from "./CommentTextBox";
import type { Member } from "./MentionTextarea";
import { useCommentActions } from "./useComments";
import styles from "./Comments.module.css";

/** Writing a new comment at the draft anchor (set by C, a clip's menu or the panel's "Comment at playhead"). */
export function CommentComposer({ draft, members }: { draft: CommentAnchorInit; members: readonly Member[] }) {
  const { connection } = useStudio();
  const { ui } = useArrangementContext();
  const { tryRun, author } = useCommentActions();
  const { tracks } = useSong(connection);
  const clips = useArrangementSelector(connection, (a) => a.clips);
  const tempoMap = useArrangementSelector(connection, (a) => a.tempoMap);
  const text = useCommentDraft(ui.get().commentDraftText);

  let where = "";
  try {
    const placed = resolveAnchor(validateAnchor(draft, anchorTargetsOf(connection.songDoc)), {
      clip: (id) => clips.get(id) ?? null,
    });
    where = `${positionLabel(placed, tempoMap)} · ${targetLabel({ ...placed }, tracks, clips)}`;
  } catch {
    where = positionLabel({ startTick: draft.startTick, endTick: draft.endTick ?? draft.startTick }, tempoMap);
  }

  const post = () => {
    const result = tryRun((doc, origin, songDoc) =>
      // "Made on": the newest saved version when the comment is written (versions are listed by History).
      addComment(
        doc,
        {
          author,
          text: text.text,
          anchor: draft,
          mentions: text.mentionsInText(),
          versionId: connection.versions.get().latest?.id ?? null,
        },
        anchorTargetsOf(songDoc),
        origin,
      ),
    );
    if (!result.ok) {
      text.setError(result.error.message);
      return;
    }
    ui.set({
      commentDraft: null,
      commentDraftText: "",
      activeCommentId: result.value.id,
      commentFilter: ui.get().commentFilter === "resolved" ? "open" : ui.get().commentFilter,
    });
  };

  return (
    <form
      className={styles.composer}
      data-testid="comment-composer"
      onSubmit={(e) => {
        e.preventDefault();
        post();
      }}
    >
      <div className={styles.composerWhere} data-testid="comment-composer-where">
        New comment · {where}
      </div>
      <CommentTextBox
        draft={text}
        members={members}
        onSubmit={post}
        onCancel={() => ui.set({ commentDraft: null, commentDraftText: "" })}
        placeholder="What should the band hear here? Type @ to mention someone."
        label="New comment"
        testId="comment-input"
        errorTestId="comment-error"
        autoFocus
      />
      <div className={styles.composerActions}>
        <span className={styles.hintText}>Ctrl+Enter to post</span>
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          onClick={() => ui.set({ commentDraft: null, commentDraftText: "" })}
          data-testid="comment-cancel"
        >
          Cancel
        </button>
        <button type="submit" className="btn btn-sm btn-primary" data-testid="comment-post">
          Comment
        </button>
      </div>
    </form>
  );
}
