"use client";

import { TopBar } from "../topbar/TopBar";
import { TransportBar } from "../transport/TransportBar";
import { TrackArea } from "../tracks/TrackArea";
import { StudioBanners } from "./StudioBanners";
import { StatusBar } from "./StatusBar";
import styles from "./StudioShell.module.css";

/** The studio's desktop-DAW layout: top bar, notices, transport, arrangement, status bar. */
export function StudioShell() {
  return (
    <div className={styles.shell} data-testid="studio">
      <TopBar />
      <StudioBanners />
      <TransportBar />
      <main className={styles.main} aria-label="Arrangement">
        <TrackArea />
      </main>
      <StatusBar />
    </div>
  );
}
