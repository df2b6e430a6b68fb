"use client";

import { Icon } from "../common/Icon";
import styles from "./ClipEditor.module.css";

/** What the editor shows when its clip is gone (someone deleted it while it was open). */
export function ClipMissing({ clipId, onClose }: { clipId: string; onClose: () => void }) {
  return (
    <div className={styles.editor} data-testid="clip-editor" data-clip-id={clipId} data-state="missing">
      <div className={styles.header}>
        <span className={styles.missingTitle}>Clip editor</span>
        <span className={styles.spacer} />
        <button
          type="button"
          className="icon-btn"
          aria-label="Close editor"
          onClick={onClose}
          data-testid="clip-editor-close"
        >
          <Icon name="close" />
        </button>
      </div>
      <div className={styles.missing} data-testid="clip-editor-missing">
        <Icon name="info" size={20} />
        <p>This clip no longer exists — someone may have deleted it.</p>
        <button type="button" className="btn" onClick={onClose}>
          Close editor
        </button>
      </div>
    </div>
  );
}
