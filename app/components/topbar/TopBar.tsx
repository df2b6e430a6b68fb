"use client";

import { Logo } from "../common/Logo";
import { PresenceAvatars } from "../presence/PresenceAvatars";
import { ShareControl } from "../share/ShareControl";
import { HistoryControl } from "../history/HistoryControl";
import { ExportControl } from "../export/ExportControl";
import { BounceControl } from "../bounce/BounceControl";
import { ExportsControl } from "../exports/ExportsControl";
import { useStudio } from "../studio/StudioContext";
import { SongTitle } from "./SongTitle";
import { SongSheet } from "./SongSheet";
import { SaveStatus } from "./SaveStatus";
import styles from "./TopBar.module.css";

export function TopBar() {
  const { sessionName } = useStudio();
  return (
    <header className={styles.bar}>
      <div className={styles.left}>
        <Logo showName={false} size={26} />
        <div className={styles.titleBlock}>
          <span className={styles.session} title="Session">
            {sessionName}
          </span>
          <SongTitle />
        </div>
      </div>
      <SongSheet />
      <div className={styles.right}>
        <SaveStatus />
        <span className={styles.divider} aria-hidden="true" />
        <PresenceAvatars />
        <HistoryControl />
        <BounceControl />
        <ExportControl />
        <ExportsControl />
        <ShareControl />
      </div>
    </header>
  );
}
