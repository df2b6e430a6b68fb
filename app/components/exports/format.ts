/** How the Exports panel writes numbers: loudness with its unit, sizes, durations. */
export const fmtDb = (v: number | null, unit: string) =>
  v === null ? "—" : `${v > 0 && unit !== "LUFS" ? "+" : ""}${v.toFixed(1)} ${unit}`;

export const fmtBytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`;

export const fmtDuration = (s: number) => `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, "0")}`;
