import { Logo } from "../common/Logo";
import { Spinner } from "../common/Spinner";
import styles from "./StudioLoading.module.css";

/** The studio frame with a centred spinner: while reading local data, connecting, or behind a dialog. */
export function StudioLoading({ label, hint, testId }: { label: string; hint?: string; testId?: string }) {
  return (
    <div className={styles.page} data-testid={testId}>
      <header className={styles.top}>
        <Logo />
      </header>
      <div className={styles.body}>
        {label && (
          <div className={styles.center} role="status" aria-live="polite">
            <Spinner size={22} />
            <p className={styles.label}>{label}</p>
            {hint && <p className={styles.hint}>{hint}</p>}
          </div>
        )}
      </div>
    </div>
  );
}
