import { execFileSync } from "node:child_process";
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

/** The browser process launched with `marker` among its arguments (not one of its child processes). */
export function browserPid(marker: string): number {
  const out = execFileSync("ps", ["-e", "-o", "pid=,args="], { encoding: "utf8" });
  const line = out.split("\n").find((l) => l.includes(marker) && !l.includes("--type="));
  if (!line) throw new Error("cannot find the Chromium process");
  return Number(line.trim().split(/\s+/)[0]);
}

/** A process and all its descendants (Chromium's renderer, GPU and utility processes under the browser). */
export function processTree(rootPid: number): number[] {
  const out = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map<number, number[]>();
  for (const line of out.trim().split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop()!;
    tree.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return tree;
}
