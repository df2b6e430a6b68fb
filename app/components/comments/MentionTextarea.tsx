"use client";

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { LIMITS, type CommentMention } from "@bandspace/model";
import styles from "./Comments.module.css";

export interface Member extends CommentMention {
  color: string;
  online: boolean;
}

/** The "@query" being typed right before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([^\s@]{0,30})$/.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2] };
}

/** The mentions whose "@Name" is still in the text when it is posted. */
export function mentionsIn(text: string, picked: readonly CommentMention[]): CommentMention[] {
  return picked.filter((m, i) => text.includes(`@${m.name}`) && picked.findIndex((x) => x.userId === m.userId) === i);
}

/**
 * A comment box with @mention autocomplete of session members (people here now and people who commented):
 * type "@" and a few letters, pick with ↑/↓ and Enter or Tab (or the mouse). Ctrl/⌘+Enter posts, Esc cancels.
 */
export function MentionTextarea({
  value,
  onChange,
  mentions,
  onMentionsChange,
  members,
  onSubmit,
  onCancel,
  placeholder,
  label,
  testId,
  autoFocus,
}: {
  value: string;
  onChange: (text: string) => void;
  mentions: readonly CommentMention[];
  onMentionsChange: (mentions: CommentMention[]) => void;
  members: readonly Member[];
  onSubmit: () => void;
  onCancel?: () => void;
  placeholder: string;
  label: string;
  testId: string;
  autoFocus?: boolean;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  // A draft that opens with words (a comment on a saved export names it) is continued, not prefixed: once, on
  // mount, the caret goes to the end (autoFocus alone leaves it at the start).
  useEffect(() => {
    const el = ref.current;
    if (autoFocus && el && el.value.length > 0) el.setSelectionRange(el.value.length, el.value.length);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only: later focus keeps the person's caret
  }, []);
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [highlight, setHighlight] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const query = mentionQuery(value, caret);
  const options = useMemo(() => {
    if (!query) return [];
    const q = query.query.toLowerCase();
    return members
      .filter((m) => m.name.toLowerCase().startsWith(q) || m.name.toLowerCase().includes(` ${q}`))
      .slice(0, 6);
  }, [members, query]);
  const open = !!query && options.length > 0 && dismissed !== query.start;

  const pick = (member: Member) => {
    if (!query) return;
    const insert = `@${member.name} `;
    const next = value.slice(0, query.start) + insert + value.slice(caret);
    onChange(next);
    if (!mentions.some((m) => m.userId === member.userId))
      onMentionsChange([...mentions, { userId: member.userId, name: member.name }]);
    const pos = query.start + insert.length;
    setCaret(pos);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(pos, pos);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    e.stopPropagation(); // typing never triggers studio shortcuts
    if (open) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const d = e.key === "ArrowDown" ? 1 : -1;
        setHighlight((h) => (h + d + options.length) % options.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        pick(options[Math.min(highlight, options.length - 1)]);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        setDismissed(query.start);
        return;
      }
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSubmit();
    } else if (e.key === "Escape" && onCancel) {
      e.preventDefault();
      onCancel();
    }
  };

  const over = value.length > LIMITS.commentTextMaxLength;
  return (
    <div className={styles.mentionBox}>
      <textarea
        ref={ref}
        className={styles.textarea}
        value={value}
        placeholder={placeholder}
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        data-testid={testId}
        rows={3}
        autoFocus={autoFocus}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
          setHighlight(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => e.stopPropagation()}
      />
      <span className={`${styles.counter} ${over ? styles.counterOver : ""}`} aria-live="polite">
        {value.length > LIMITS.commentTextMaxLength * 0.8 ? `${value.length}/${LIMITS.commentTextMaxLength}` : ""}
      </span>
      {open && (
        <ul
          id={listId}
          role="listbox"
          className={styles.mentionList}
          data-testid="mention-options"
          aria-label="Mention someone"
        >
          {options.map((m, i) => (
            <li
              key={m.userId}
              role="option"
              aria-selected={i === highlight}
              className={`${styles.mentionOption} ${i === highlight ? styles.mentionActive : ""}`}
              onPointerDown={(e) => {
                e.preventDefault();
                pick(m);
              }}
            >
              <span className={styles.dot} style={{ background: m.color }} />
              {m.name}
              {m.online && <span className={styles.online}>here now</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
