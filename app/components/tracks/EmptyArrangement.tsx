"use client";

import type { TrackKind } from "@bandspace/model";
import { Icon } from "../common/Icon";
import styles from "./EmptyArrangement.module.css";

/** Shown over the empty grid until the first track exists. */
export function EmptyArrangement({ canEdit, onAdd }: { canEdit: boolean; onAdd: (kind: TrackKind) => void }) {
  return (
    <div className={styles.wrap}>
      <div className={styles.panel} data-testid="tracks-empty">
        <div className={styles.icon}>
          <Icon name="music" size={22} />
        </div>
        {canEdit ? (
          <>
            <h2 className={styles.title}>No tracks yet — add one to start</h2>
            <p className={styles.body}>
              Tracks hold your band&apos;s parts. Everyone here sees them appear live. Press <kbd>T</kbd> any time.
            </p>
            <div className={styles.actions}>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => onAdd("audio")}
                data-testid="empty-add-audio"
              >
                <Icon name="wave" size={14} />
                Add audio track
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => onAdd("instrument")}
                data-testid="empty-add-instrument"
              >
                <Icon name="instrument" size={14} />
                Add instrument track
              </button>
            </div>
          </>
        ) : (
          <>
            <h2 className={styles.title}>No tracks yet</h2>
            <p className={styles.body}>When someone with edit access adds tracks, they appear here live.</p>
          </>
        )}
      </div>
    </div>
  );
}
