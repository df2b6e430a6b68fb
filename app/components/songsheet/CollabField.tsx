"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from "react";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { useCollabText } from "../../lib/text/useCollabText";
import type { RemoteCaret, SectionTextField } from "../../lib/text/carets";
import styles from "./CollabField.module.css";

/** A highlighted range of the text (chord chips, unknown chords), drawn in the overlay. */
export interface TextDecoration {
  start: number;
  end: number;
  kind: "chip" | "invalid";
  /** Tooltip on hover (invalid ranges). */
  title?: string;
}

export interface CollabFieldProps {
  ytext: Y.Text;
  awareness: Awareness;
  sectionId: string;
  field: SectionTextField;
  origin: unknown;
  readOnly: boolean;
  placeholder: string;
  /** Shown to read-only people when the text is empty. */
  emptyText: string;
  label: string;
  variant: "chords" | "lyrics";
  decorate?: (text: string) => TextDecoration[];
  /** The live text, after every local or remote change. */
  onText?: (text: string) => void;
  testId?: string;
}

/**
 * A textarea several people type in at once: bound to a Y.Text, with bandmates' carets and selections drawn
 * in their colours (with their names) on a mirror overlay that wraps exactly like the field.
 */
export function CollabField({
  ytext,
  awareness,
  sectionId,
  field,
  origin,
  readOnly,
  placeholder,
  emptyText,
  label,
  variant,
  decorate,
  onText,
  testId,
}: CollabFieldProps) {
  const { textareaRef, text, carets } = useCollabText({ ytext, awareness, sectionId, field, origin });
  const mirrorRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);
  const decorations = decorate ? decorate(text) : [];
  useEffect(() => onText?.(text), [text, onText]);

  // Grow with the text: the sheet scrolls as a whole, never the field inside it.
  const fit = useCallback(() => {
    const ta = textareaRef.current;
    if (!ta) return;
    ta.style.height = "auto";
    ta.style.height = `${ta.scrollHeight}px`;
  }, [textareaRef]);
  useLayoutEffect(fit, [text, fit]);
  // After the binding (an effect of useCollabText, declared above) has filled the field.
  useEffect(fit, [ytext, fit]);
  useLayoutEffect(() => {
    const ta = textareaRef.current;
    if (!ta) return;
    const ro = new ResizeObserver(() => fit());
    ro.observe(ta);
    return () => ro.disconnect();
  }, [fit, textareaRef]);

  const onMouseMove = (e: React.MouseEvent) => {
    const mirror = mirrorRef.current;
    const wrap = wrapRef.current;
    if (!mirror || !wrap) return;
    let found: { x: number; y: number; text: string } | null = null;
    for (const el of mirror.querySelectorAll<HTMLElement>("[data-tip]")) {
      for (const r of el.getClientRects()) {
        if (
          e.clientX >= r.left - 1 &&
          e.clientX <= r.right + 1 &&
          e.clientY >= r.top - 1 &&
          e.clientY <= r.bottom + 1
        ) {
          const w = wrap.getBoundingClientRect();
          found = { x: r.left + r.width / 2 - w.left, y: r.bottom - w.top, text: el.dataset.tip ?? "" };
          break;
        }
      }
      if (found) break;
    }
    setTip((prev) => (prev?.x === found?.x && prev?.y === found?.y && prev?.text === found?.text ? prev : found));
  };

  return (
    <div
      ref={wrapRef}
      className={`${styles.field} ${styles[variant]}`}
      onMouseMove={decorations.length ? onMouseMove : undefined}
      onMouseLeave={() => setTip(null)}
      data-testid={testId}
      data-section-id={sectionId}
      data-field={field}
    >
      <textarea
        ref={textareaRef}
        className={styles.textarea}
        readOnly={readOnly}
        placeholder={readOnly ? "" : placeholder}
        aria-label={label}
        rows={1}
        spellCheck={variant === "lyrics"}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize={variant === "lyrics" ? "sentences" : "off"}
        data-testid={testId ? `${testId}-input` : undefined}
      />
      <div ref={mirrorRef} className={styles.mirror} aria-hidden="true">
        {renderMirror(text, decorations, carets)}
      </div>
      {readOnly && text === "" && <div className={styles.emptyReadOnly}>{emptyText}</div>}
      {tip && (
        <div className={styles.tip} role="tooltip" style={{ left: tip.x, top: tip.y + 6 }} data-testid="chord-tooltip">
          {tip.text}
        </div>
      )}
    </div>
  );
}

/**
 * The overlay's content: the same text (invisible), cut at every decoration, remote selection and caret
 * boundary, so highlights and carets land exactly on the characters they belong to.
 */
function renderMirror(text: string, decorations: TextDecoration[], carets: RemoteCaret[]): ReactNode[] {
  const cuts = new Set<number>([0, text.length]);
  for (const d of decorations) {
    cuts.add(d.start);
    cuts.add(d.end);
  }
  const selections = carets
    .filter((c) => c.anchor !== c.head)
    .map((c) => ({ start: Math.min(c.anchor, c.head), end: Math.max(c.anchor, c.head), color: c.color }));
  for (const s of selections) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  for (const c of carets) cuts.add(c.head);
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);

  const out: ReactNode[] = [];
  for (let i = 0; i < points.length; i++) {
    const at = points[i];
    for (const c of carets) {
      if (c.head !== at) continue;
      out.push(
        <span
          key={`caret-${c.clientId}`}
          className={styles.caret}
          style={{ "--caret": c.color } as CSSProperties}
          data-testid="remote-caret"
          data-name={c.name}
          data-index={c.head}
        >
          <span className={styles.caretFlag}>{c.name}</span>
        </span>,
      );
    }
    const next = points[i + 1];
    if (next === undefined || next <= at) continue;
    const slice = text.slice(at, next);
    const deco = decorations.find((d) => d.start <= at && d.end >= next);
    const sel = selections.find((s) => s.start <= at && s.end >= next);
    let node: ReactNode = slice;
    if (deco) {
      node =
        deco.kind === "invalid" ? (
          <span
            className={styles.invalid}
            data-tip={deco.title ?? "Unknown chord"}
            data-testid="chord-invalid"
            data-symbol={text.slice(deco.start, deco.end)}
          >
            {node}
          </span>
        ) : (
          <span className={styles.chip} data-testid="chord-chip" data-symbol={text.slice(deco.start, deco.end)}>
            {node}
          </span>
        );
    }
    if (sel) {
      node = (
        <span className={styles.selection} style={{ "--caret": sel.color } as CSSProperties}>
          {node}
        </span>
      );
    }
    out.push(<span key={`seg-${at}`}>{node}</span>);
  }
  // A trailing newline makes an empty last line in the textarea; give the mirror one too.
  out.push("\u200b");
  return out;
}
