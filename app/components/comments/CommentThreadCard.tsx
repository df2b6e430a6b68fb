"use client";

import { useState } from "react";
import {
  COMMENT_REACTIONS,
  REACTION_EMOJI,
  addReply,
  deleteComment,
  deleteReply,
  editCommentText,
  setCommentResolved,
  toggleCommentReaction,
  type CommentMessage,
  type ReactionSummary,
} from "@bandspace/model";
import { colorForUser } from "../../lib/collab/identity";
import { useStoreSelector } from "../../lib/collab/useStoreSelector";
import { useStudio } from "../studio/StudioContext";
import { formatRelative } from "../../lib/format";
import { Avatar } from "../common/Avatar";
import { CommentText } from "./CommentText";
import { CommentTextBox, useCommentDraft } from "./CommentTextBox";
import type { Member } from "./MentionTextarea";
import { useCommentActions, type PlacedThread } from "./useComments";
import styles from "./Comments.module.css";

/**
 * One thread in the comments panel. Collapsed: who, where, the first lines. Clicking it jumps the playhead a bar
 * before the comment and plays. Expanded (active): replies, reactions, reply box, resolve/reopen.
 */
export function CommentThreadCard({
  placed,
  where,
  target,
  active,
  members,
  onActivate,
}: {
  placed: PlacedThread;
  where: string;
  target: string;
  active: boolean;
  members: readonly Member[];
  onActivate: () => void;
}) {
  const { thread } = placed;
  const { canComment, author, run } = useCommentActions();
  const resolved = thread.resolved !== null;
  return (
    <article
      className={`${styles.card} ${active ? styles.cardActive : ""} ${resolved ? styles.cardResolved : ""}`}
      style={{ ["--author" as string]: colorForUser(thread.authorId || thread.authorName) }}
      data-testid="comment-thread"
      data-comment-id={thread.id}
      data-resolved={resolved ? "true" : "false"}
      data-active={active ? "true" : "false"}
      aria-label={`Comment by ${thread.authorName} at ${where}`}
    >
      <button
        type="button"
        className={styles.cardHead}
        onClick={onActivate}
        data-testid="comment-jump"
        title="Play from a bar before this comment"
      >
        <span className={styles.where} data-testid="comment-where">
          {where}
        </span>
        <span className={styles.target}>{target}</span>
        {resolved && <span className="badge badge-success">Resolved</span>}
      </button>
      <Message message={thread} threadId={thread.id} replyId={null} members={members} />
      {!active && thread.replies.length > 0 && (
        <button type="button" className={styles.moreReplies} onClick={onActivate} data-testid="comment-reply-count">
          {thread.replies.length} {thread.replies.length === 1 ? "reply" : "replies"}
        </button>
      )}
      {active && (
        <>
          {thread.replies.length > 0 && (
            <ol className={styles.replies} aria-label="Replies">
              {thread.replies.map((r) => (
                <li key={r.id} data-testid="comment-reply" data-reply-id={r.id}>
                  <Message message={r} threadId={thread.id} replyId={r.id} members={members} />
                </li>
              ))}
            </ol>
          )}
          <MadeOn versionId={thread.versionId} />
          {resolved && (
            <p className={styles.resolvedBy} data-testid="comment-resolved-by">
              Resolved by {thread.resolved!.byName} · {formatRelative(thread.resolved!.at)}
            </p>
          )}
          {canComment ? (
            <ReplyBox threadId={thread.id} members={members} resolved={resolved} />
          ) : (
            <p className={styles.hintText} data-testid="comment-readonly-note">
              Your link can read comments but not reply.
            </p>
          )}
          {canComment && thread.authorId === author.userId && (
            <button
              type="button"
              className={`btn btn-sm btn-ghost ${styles.deleteThread}`}
              data-testid="comment-delete"
              onClick={() => run((doc, origin) => deleteComment(doc, thread.id, origin))}
            >
              Delete comment
            </button>
          )}
        </>
      )}
    </article>
  );
}

/** The version that was newest when the comment was written: what the reviewer was listening to. */
function MadeOn({ versionId }: { versionId: string | null }) {
  const { connection } = useStudio();
  const name = useStoreSelector(connection.versions, (v) => (versionId ? v.names[versionId] : undefined));
  if (!name) return null;
  return (
    <p
      className={styles.madeOn}
      data-testid="comment-made-on"
      title="The newest saved version when this comment was written"
    >
      Made on version “{name}”
    </p>
  );
}

function Message({
  message,
  threadId,
  replyId,
  members,
}: {
  message: CommentMessage;
  threadId: string;
  replyId: string | null;
  members: readonly Member[];
}) {
  const { canComment, author, run } = useCommentActions();
  const [editing, setEditing] = useState(false);
  const mine = canComment && message.authorId === author.userId;
  return (
    <div className={styles.message} data-testid={replyId ? "comment-reply-message" : "comment-message"}>
      <div className={styles.byline}>
        <Avatar name={message.authorName} color={colorForUser(message.authorId || message.authorName)} size={20} />
        <span className={styles.author} data-testid="comment-author">
          {message.authorName}
        </span>
        <time
          className={styles.time}
          dateTime={new Date(message.createdAt).toISOString()}
          title={new Date(message.createdAt).toLocaleString()}
        >
          {formatRelative(message.createdAt)}
          {message.editedAt !== null && " · edited"}
        </time>
        {mine && !editing && (
          <span className={styles.ownActions}>
            <button
              type="button"
              className={styles.linkButton}
              data-testid="comment-edit"
              onClick={() => setEditing(true)}
            >
              Edit
            </button>
            {replyId && (
              <button
                type="button"
                className={styles.linkButton}
                aria-label="Delete reply"
                data-testid="reply-delete"
                onClick={() => run((doc, origin) => deleteReply(doc, threadId, replyId, origin))}
              >
                Delete
              </button>
            )}
          </span>
        )}
      </div>
      {editing ? (
        <EditBox
          message={message}
          threadId={threadId}
          replyId={replyId}
          members={members}
          onDone={() => setEditing(false)}
        />
      ) : (
        <CommentText
          text={message.text}
          mentions={message.mentions}
          testId={replyId ? "comment-reply-text" : "comment-text"}
        />
      )}
      <Reactions
        reactions={message.reactions}
        threadId={threadId}
        replyId={replyId}
        canReact={canComment}
        me={author.userId}
      />
    </div>
  );
}

function EditBox({
  message,
  threadId,
  replyId,
  members,
  onDone,
}: {
  message: CommentMessage;
  threadId: string;
  replyId: string | null;
  members: readonly Member[];
  onDone: () => void;
}) {
  const { tryRun } = useCommentActions();
  const draft = useCommentDraft(message.text, message.mentions);
  const save = () => {
    const result = tryRun((doc, origin) =>
      editCommentText(doc, { threadId, replyId }, draft.text, draft.mentionsInText(), origin),
    );
    if (!result.ok) return draft.setError(result.error.message);
    onDone();
  };
  return (
    <div className={styles.replyBox}>
      <CommentTextBox
        draft={draft}
        members={members}
        onSubmit={save}
        onCancel={onDone}
        placeholder="Comment text"
        label="Edit comment"
        testId="comment-edit-input"
        autoFocus
      />
      <div className={styles.composerActions}>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="btn btn-sm btn-primary" data-testid="comment-edit-save" onClick={save}>
          Save
        </button>
      </div>
    </div>
  );
}

function Reactions({
  reactions,
  threadId,
  replyId,
  canReact,
  me,
}: {
  reactions: readonly ReactionSummary[];
  threadId: string;
  replyId: string | null;
  canReact: boolean;
  me: string;
}) {
  const { author, run } = useCommentActions();
  const [picking, setPicking] = useState(false);
  const toggle = (reaction: (typeof COMMENT_REACTIONS)[number]) =>
    run((doc, origin) => toggleCommentReaction(doc, { threadId, replyId }, reaction, author, origin));
  if (reactions.length === 0 && !canReact) return null;
  return (
    <div className={styles.reactions} data-testid="comment-reactions">
      {reactions.map((r) => {
        const mine = r.people.some((p) => p.userId === me);
        return (
          <button
            key={r.reaction}
            type="button"
            className={`${styles.reaction} ${mine ? styles.reactionMine : ""}`}
            disabled={!canReact}
            aria-pressed={mine}
            title={r.people.map((p) => p.name).join(", ")}
            data-testid={`reaction-${r.reaction}`}
            onClick={() => toggle(r.reaction)}
          >
            {REACTION_EMOJI[r.reaction]} {r.people.length}
          </button>
        );
      })}
      {canReact && (
        <span className={styles.reactionPicker}>
          <button
            type="button"
            className={styles.reactionAdd}
            aria-label="Add a reaction"
            aria-expanded={picking}
            data-testid="reaction-add"
            onClick={() => setPicking((v) => !v)}
          >
            ☺+
          </button>
          {picking &&
            COMMENT_REACTIONS.map((r) => (
              <button
                key={r}
                type="button"
                className={styles.reactionChoice}
                aria-label={r}
                data-testid={`reaction-choice-${r}`}
                onClick={() => {
                  setPicking(false);
                  toggle(r);
                }}
              >
                {REACTION_EMOJI[r]}
              </button>
            ))}
        </span>
      )}
    </div>
  );
}

function ReplyBox({
  threadId,
  members,
  resolved,
}: {
  threadId: string;
  members: readonly Member[];
  resolved: boolean;
}) {
  const { author, tryRun, run } = useCommentActions();
  const draft = useCommentDraft();
  const send = () => {
    const result = tryRun((doc, origin) =>
      addReply(doc, threadId, { author, text: draft.text, mentions: draft.mentionsInText() }, origin),
    );
    if (!result.ok) return draft.setError(result.error.message);
    draft.clear();
  };
  return (
    <div className={styles.replyBox}>
      <CommentTextBox
        draft={draft}
        members={members}
        onSubmit={send}
        placeholder="Reply… (@ to mention)"
        label="Reply"
        testId="reply-input"
        errorTestId="reply-error"
      />
      <div className={styles.composerActions}>
        <button
          type="button"
          className="btn btn-sm"
          data-testid={resolved ? "comment-reopen" : "comment-resolve"}
          onClick={() => run((doc, origin) => setCommentResolved(doc, threadId, !resolved, author, origin))}
        >
          {resolved ? "Reopen" : "Resolve"}
        </button>
        <span className={styles.spacer} />
        <button type="button" className="btn btn-sm btn-primary" data-testid="reply-send" onClick={send}>
          Reply
        </button>
      </div>
    </div>
  );
}
