"use client";

import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { TextBinding } from "./binding";
import { createRemoteCaretStore, publishTextCaret, type RemoteCaret, type SectionTextField } from "./carets";

export interface CollabTextOptions {
  ytext: Y.Text;
  awareness: Awareness;
  sectionId: string;
  field: SectionTextField;
  /** Transaction origin of local edits (keep it referentially stable). */
  origin: unknown;
}

const NO_CARETS: RemoteCaret[] = [];

/**
 * Binds a textarea (attach `textareaRef`) to a section's Y.Text, publishes the local caret in awareness,
 * and returns the live text and everyone else's carets in it, for an overlay.
 */
export function useCollabText({ ytext, awareness, sectionId, field, origin }: CollabTextOptions): {
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
  text: string;
  carets: RemoteCaret[];
} {
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const [text, setText] = useState(() => ytext.toString());

  useEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    const binding = new TextBinding({
      ytext,
      textarea,
      origin,
      onText: setText,
      onSelection: (sel) => publishTextCaret(awareness, ytext, sectionId, field, sel),
    });
    return () => {
      binding.destroy();
      publishTextCaret(awareness, ytext, sectionId, field, null);
    };
  }, [ytext, awareness, sectionId, field, origin]);

  const store = useMemo(
    () => createRemoteCaretStore(awareness, ytext, sectionId, field),
    [awareness, ytext, sectionId, field],
  );
  const carets = useSyncExternalStore(store.subscribe, store.get, () => NO_CARETS);
  return { textareaRef, text, carets };
}
