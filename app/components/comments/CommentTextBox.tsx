"use client";

import { useState } from "react";
import type { CommentMention } from "@bandspace/model";
import { MentionTextarea, mentionsIn, type Member } from "./MentionTextarea";

/** What someone is typing into a comment, reply or edit box: the text, the people picked from @, and the refusal shown under it. */
export function useCommentDraft(initialText = "", initialMentions: readonly CommentMention[] = []) {
  const [text, setText] = useState(initialText);
  const [mentions, setMentions] = useState<CommentMention[]>([...initialMentions]);
  const [error, setError] = useState<string | null>(null);
  return {
    text,
    mentions,
    error,
    setText,
    setMentions,
    setError,
    /** The mentions still present in the text (a picked name deleted from the text is no mention). */
    mentionsInText: () => mentionsIn(text, mentions),
    clear() {
      setText("");
      setMentions([]);
      setError(null);
    },
  };
}

export type CommentDraft = ReturnType<typeof useCommentDraft>;

/** A comment text box with @mention autocomplete and, under it, why the last post was refused. */
export function CommentTextBox({
  draft,
  members,
  onSubmit,
  onCancel,
  placeholder,
  label,
  testId,
  errorTestId,
  autoFocus,
}: {
  draft: CommentDraft;
  members: readonly Member[];
  onSubmit: () => void;
  onCancel?: () => void;
  placeholder: string;
  label: string;
  testId: string;
  errorTestId?: string;
  autoFocus?: boolean;
}) {
  return (
    <>
      <MentionTextarea
        value={draft.text}
        onChange={(t) => {
          draft.setText(t);
          if (draft.error) draft.setError(null);
        }}
        mentions={draft.mentions}
        onMentionsChange={draft.setMentions}
        members={members}
        onSubmit={onSubmit}
        onCancel={onCancel}
        placeholder={placeholder}
        label={label}
        testId={testId}
        autoFocus={autoFocus}
      />
      {draft.error && (
        <p className="field-error" role="alert" data-testid={errorTestId}>
          {draft.error}
        </p>
      )}
    </>
  );
}
