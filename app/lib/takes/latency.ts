/**
 * Latency calibration results, per user and input/output device, in localStorage (a browser + interface pair
 * has its own round trip; another device or browser must be measured again). Manual offset: added on top, for
 * nudging by ear or when no loopback is possible.
 */
export interface LatencySetting {
  /** Measured round trip (ms); null until calibrated. */
  roundTripMs: number | null;
  /** Added to the round trip (ms, may be negative). */
  offsetMs: number;
  measuredAt: number | null;
}

const PREFIX = "bandspace:latency:";
const DEFAULT: LatencySetting = { roundTripMs: null, offsetMs: 0, measuredAt: null };

function key(userId: string, device: string): string {
  return `${PREFIX}${userId}:${device || "default"}`;
}

export function loadLatency(userId: string, device: string): LatencySetting {
  try {
    const raw = JSON.parse(
      window.localStorage.getItem(key(userId, device)) ?? "null",
    ) as Partial<LatencySetting> | null;
    if (!raw) return DEFAULT;
    const finite = (v: unknown) => typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 2000;
    return {
      roundTripMs: finite(raw.roundTripMs) ? (raw.roundTripMs as number) : null,
      offsetMs: finite(raw.offsetMs) ? (raw.offsetMs as number) : 0,
      measuredAt: typeof raw.measuredAt === "number" ? raw.measuredAt : null,
    };
  } catch {
    return DEFAULT;
  }
}

export function saveLatency(userId: string, device: string, setting: LatencySetting): void {
  try {
    window.localStorage.setItem(key(userId, device), JSON.stringify(setting));
  } catch {
    /* storage full or disabled: the setting lasts for this page only */
  }
}

/** The shift applied to takes (ms). */
export function effectiveLatencyMs(s: LatencySetting): number {
  return (s.roundTripMs ?? 0) + s.offsetMs;
}
