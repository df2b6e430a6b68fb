import { initials } from "../../lib/collab/identity";
import styles from "./Avatar.module.css";

export function Avatar({
  name,
  color,
  size = 26,
  ring = false,
}: {
  name: string;
  color: string;
  size?: number;
  ring?: boolean;
}) {
  return (
    <span
      className={`${styles.avatar} ${ring ? styles.ring : ""}`}
      style={{ width: size, height: size, background: color, fontSize: Math.round(size * 0.4) }}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}
