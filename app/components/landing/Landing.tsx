"use client";

import { Logo } from "../common/Logo";
import { StartSessionForm } from "./StartSessionForm";
import { SessionList } from "./SessionList";
import { StudioPreview } from "./StudioPreview";
import styles from "./Landing.module.css";

export function Landing() {
  return (
    <div className={styles.page}>
      <header className={styles.nav}>
        <Logo />
        <span className={styles.navNote}>Open source · runs in your browser</span>
      </header>

      <main className={styles.main}>
        <section className={styles.hero} aria-labelledby="hero-title">
          <div className={styles.heroText}>
            <p className={styles.eyebrow}>Collaborative music studio</p>
            <h1 id="hero-title" className={styles.title}>
              Make music together, <span className={styles.titleAccent}>live.</span>
            </h1>
            <p className={styles.pitch} data-testid="pitch">
              Bandspace is a studio in your browser: invite your band, build the song together and hear every change the
              moment it happens.
            </p>
            <StartSessionForm />
          </div>
          <StudioPreview />
        </section>

        <SessionList />
      </main>

      <footer className={styles.footer}>
        <span>Bandspace — the band room in your browser.</span>
        <span>Got an invite link? Open it to join that session.</span>
      </footer>
    </div>
  );
}
