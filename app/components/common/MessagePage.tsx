import Link from "next/link";
import type { ReactNode } from "react";
import { Icon, type IconName } from "./Icon";
import { Logo } from "./Logo";
import styles from "./MessagePage.module.css";

export interface MessagePageProps {
  icon?: IconName;
  tone?: "neutral" | "danger" | "accent";
  /** Omit when the children carry their own heading. */
  title?: string;
  body?: ReactNode;
  /** Extra actions; a link home is always shown unless `hideHome`. */
  actions?: ReactNode;
  hideHome?: boolean;
  testId?: string;
  children?: ReactNode;
}

/** A full-page, centred message: errors, missing access, closed connections, the join card. */
export function MessagePage({
  icon,
  tone = "neutral",
  title,
  body,
  actions,
  hideHome,
  testId,
  children,
}: MessagePageProps) {
  return (
    <div className={styles.page}>
      <header className={styles.top}>
        <Logo />
      </header>
      <main className={styles.main}>
        <section className={styles.card} data-testid={testId} aria-labelledby={title ? "message-title" : undefined}>
          {icon && (
            <div className={`${styles.icon} ${styles[tone]}`}>
              <Icon name={icon} size={22} />
            </div>
          )}
          {title && (
            <h1 className={styles.title} id="message-title">
              {title}
            </h1>
          )}
          {body && <div className={styles.body}>{body}</div>}
          {children}
          {(actions || !hideHome) && (
            <div className={styles.actions}>
              {actions}
              {!hideHome && (
                <Link href="/" className={actions ? "btn btn-ghost" : "btn"} data-testid="go-home">
                  <Icon name="home" />
                  Go to Bandspace home
                </Link>
              )}
            </div>
          )}
        </section>
      </main>
    </div>
  );
}
