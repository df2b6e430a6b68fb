/**
 * Memory of Chromium during an export, for `npm run bench:master`: the RSS of the browser's renderer processes
 * (where the page, its offline renders and its workers run) and of the whole process tree, sampled from `ps`.
 *
 * Each measured run gets a fresh browser with a fresh on-disk profile: a browser that ran an export before keeps
 * memory it no longer uses (an allocator does not hand every page back), and Playwright's default incognito context
 * keeps the origin-private file system — the export's output file — in memory, which no user's profile does.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { BENCH_CHROMIUM_ARGS } from "../engine/browser";

interface Proc {
  pid: number;
  ppid: number;
  mb: number;
  args: string;
}

function processes(): Proc[] {
  const out = execFileSync("ps", ["-e", "-o", "pid=,ppid=,rss=,args="], { encoding: "utf8" });
  return out
    .trim()
    .split("\n")
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), mb: Number(m[3]) / 1024, args: m[4] }));
}

/** RSS (MB) of the browser whose command line holds `marker`: its renderers, and its whole process tree. */
export function chromiumMemory(marker: string): { rendererMb: number; treeMb: number } {
  const all = processes();
  const root = all.find((p) => p.args.includes(marker) && !p.args.includes("--type="));
  if (!root) return { rendererMb: 0, treeMb: 0 };
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let rendererMb = 0;
  let treeMb = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    treeMb += p.mb;
    if (p.args.includes("--type=renderer")) rendererMb += p.mb;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return { rendererMb, treeMb };
}

export interface MemoryRun<T> {
  result: T;
  /** Peak RSS while `work` ran. */
  rendererPeakMb: number;
  treePeakMb: number;
  /** RSS once the page was ready and `setup` had run (the song's document built), before `work`. */
  rendererBaseMb: number;
  treeBaseMb: number;
}

/**
 * Opens `url` in a fresh browser, runs `setup` (untimed: e.g. build the song), then samples memory every 100 ms
 * while `work` runs. The browser and its profile are removed afterwards.
 */
export async function inFreshBrowser<T>(
  url: string,
  setup: (page: Page) => Promise<void>,
  work: (page: Page) => Promise<T>,
): Promise<MemoryRun<T>> {
  const marker = `--user-agent=bandspace-bench-memory-${process.pid}-${Date.now()}`;
  const profile = mkdtempSync(path.join(os.tmpdir(), "bench-master-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...BENCH_CHROMIUM_ARGS, marker],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (err) => process.stdout.write(`[page error] ${err.message}\n`));
    await page.goto(url);
    await page.waitForSelector('[data-testid="engine-lab"][data-ready="true"]', { timeout: 60_000 });
    await setup(page);
    await new Promise((r) => setTimeout(r, 1000));
    const base = chromiumMemory(marker);
    let rendererPeakMb = base.rendererMb;
    let treePeakMb = base.treeMb;
    const sampler = setInterval(() => {
      try {
        const m = chromiumMemory(marker);
        rendererPeakMb = Math.max(rendererPeakMb, m.rendererMb);
        treePeakMb = Math.max(treePeakMb, m.treeMb);
      } catch {
        // a process ended between ps and the sum
      }
    }, 100);
    try {
      const result = await work(page);
      return { result, rendererPeakMb, treePeakMb, rendererBaseMb: base.rendererMb, treeBaseMb: base.treeMb };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
