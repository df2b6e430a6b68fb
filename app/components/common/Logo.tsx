import Link from "next/link";
import styles from "./Logo.module.css";

/** The Bandspace mark: four level bars in a rounded tile. */
export function LogoMark({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--accent, #f2a23a)" />
      <g fill="#1b1206">
        <rect x="7" y="13" width="3.2" height="10" rx="1.6" />
        <rect x="12.3" y="8" width="3.2" height="15" rx="1.6" />
        <rect x="17.6" y="11" width="3.2" height="12" rx="1.6" />
        <rect x="22.9" y="15.5" width="3.2" height="7.5" rx="1.6" />
      </g>
    </svg>
  );
}

export function Logo({
  size = 24,
  showName = true,
  href = "/",
}: {
  size?: number;
  showName?: boolean;
  href?: string | null;
}) {
  const content = (
    <>
      <LogoMark size={size} />
      {showName && <span className={styles.name}>Bandspace</span>}
    </>
  );
  if (href === null) return <span className={styles.logo}>{content}</span>;
  return (
    <Link href={href} className={styles.logo} aria-label="Bandspace home">
      {content}
    </Link>
  );
}
