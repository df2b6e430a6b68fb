/**
 * BENCH_PROFILE=scroll|zoom|play|drag|remote: a CPU profile of that phase of bench:edit (Chrome DevTools Protocol
 * `Profiler`, sampling every 200 µs), printed as the functions with the most self time — the "profile first" tool
 * for the timeline. Rendering work (style, layout, paint) shows as "(program)"; use it with the frame figures.
 */
import type { CDPSession, Page } from "@playwright/test";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  return cdp;
}

/** Stops the profile and returns its top `n` functions by self time, one line each. */
export async function stopProfile(cdp: CDPSession, n = 30): Promise<string[]> {
  const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: Profile };
  await cdp.detach();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const file = f.url.split("/").pop() ?? "";
    const key = `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    const dt = profile.timeDeltas[i] / 1000;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${k}`);
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Starts a Chrome trace (devtools.timeline): where the main thread's time goes besides JavaScript. */
export async function startTrace(page: Page): Promise<{ cdp: CDPSession; events: TraceEvent[] }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send("Tracing.start", {
    categories: "devtools.timeline,disabled-by-default-devtools.timeline",
    transferMode: "ReportEvents",
  });
  return { cdp, events };
}

/** Total time per event name on the renderer main thread (complete events; nested ones overlap their parents). */
export async function stopTrace(t: { cdp: CDPSession; events: TraceEvent[] }, n = 16): Promise<string[]> {
  const done = new Promise<void>((resolve) => t.cdp.once("Tracing.tracingComplete", () => resolve()));
  await t.cdp.send("Tracing.end");
  await done;
  await t.cdp.detach();
  const main = t.events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const totals = new Map<string, number>();
  for (const e of t.events) {
    if (e.ph !== "X" || !e.dur || !main || e.pid !== main.pid || e.tid !== main.tid) continue;
    totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${name}`);
}
