import { chromium, type Browser } from "@playwright/test";

/**
 * Debian's Chromium as every benchmark runs it: headless, no background traffic or DNS (only 127.0.0.1 resolves),
 * audio allowed to start without a gesture.
 */
export const BENCH_CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
];

/** Launches it; `extraArgs` adds flags (e.g. a marker to find the browser's processes). */
export function launchBenchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...BENCH_CHROMIUM_ARGS, ...extraArgs],
  });
}
