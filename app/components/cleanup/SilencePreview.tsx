"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import { cleanupStore } from "./cleanupStore";
import styles from "./Cleanup.module.css";

/**
 * The strip-silence preview, drawn over the clip it works on: the regions that would be kept outlined, what would
 * go dimmed. Portalled into the clip's own element, so it moves and zooms with it without the timeline's
 * components knowing about clean-up.
 */
export function SilencePreview() {
  const { preview } = useSyncExternalStore(cleanupStore.subscribe, cleanupStore.get, cleanupStore.get);
  const [host, setHost] = useState<HTMLElement | null>(null);
  const clipId = preview?.clipId ?? null;
  useEffect(() => {
    if (!clipId) return setHost(null);
    const find = () =>
      document.querySelector<HTMLElement>(`[data-testid="audio-clip"][data-clip-id="${CSS.escape(clipId)}"]`);
    setHost(find());
    // The clip's element is replaced when the timeline re-renders it (scroll, a bandmate's edit): follow it.
    const observer = new MutationObserver(() => {
      const el = find();
      setHost((prev) => (prev === el ? prev : el));
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [clipId]);
  if (!preview || !host) return null;
  const total = Math.max(1, preview.frames);
  return createPortal(
    <div className={styles.preview} data-testid="strip-silence-preview" data-kept={preview.kept.length}>
      {preview.kept.map((r) => (
        <span
          key={r.startFrame}
          className={styles.keep}
          data-testid="strip-silence-keep"
          data-start-frame={r.startFrame}
          data-end-frame={r.endFrame}
          style={{ left: `${(r.startFrame / total) * 100}%`, width: `${((r.endFrame - r.startFrame) / total) * 100}%` }}
        />
      ))}
    </div>,
    host,
  );
}
