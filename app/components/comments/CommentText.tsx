"use client";

import { Fragment } from "react";
import type { CommentMention } from "@bandspace/model";
import styles from "./Comments.module.css";

/**
 * A comment's text, rendered as React text nodes only (never as HTML, never linkified): "<img onerror=…>"
 * shows as those characters. `@Name` of a mentioned member is highlighted.
 */
export function CommentText({
  text,
  mentions,
  testId,
}: {
  text: string;
  mentions: readonly CommentMention[];
  testId?: string;
}) {
  const names = mentions.map((m) => `@${m.name}`).sort((a, b) => b.length - a.length);
  const parts: { text: string; mention: boolean }[] = [];
  let rest = text;
  while (rest.length > 0 && names.length > 0) {
    let best = -1;
    let name = "";
    for (const n of names) {
      const i = rest.indexOf(n);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
        name = n;
      }
    }
    if (best < 0) break;
    if (best > 0) parts.push({ text: rest.slice(0, best), mention: false });
    parts.push({ text: name, mention: true });
    rest = rest.slice(best + name.length);
  }
  if (rest) parts.push({ text: rest, mention: false });
  return (
    <p className={styles.text} data-testid={testId}>
      {parts.map((p, i) =>
        p.mention ? (
          <span key={i} className={styles.mention}>
            {p.text}
          </span>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </p>
  );
}
