/**
 * What bench:edit measures inside the page: requestAnimationFrame deltas (frame times), the latency from a
 * pointer event to the first frame whose drag ghost moved, and the wall-clock time at which a clip is first seen
 * at a given position. Each reads the DOM at the start of a frame (a rAF callback): a change seen there is
 * painted in that frame.
 */
import type { Page } from "@playwright/test";

interface ProbeWindow {
  __frames?: number[];
  __recording?: boolean;
  __drag?: { pending: number[]; latencies: number[]; lastX: number | null; on: boolean };
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named functions in `__name(…)` calls; functions
 * handed to page.evaluate carry those calls into the page, so give the page the helper.
 */
export const PAGE_SHIM = "globalThis.__name = (f) => f;";

export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__frames = [];
    w.__recording = true;
    let last = 0;
    const tick = (now: number) => {
      if (!w.__recording) return;
      w.__frames!.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  });
}

export async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    w.__recording = false;
    return w.__frames ?? [];
  });
}

/** Starts pairing pointer moves with the frame that shows the drag ghost (`[data-testid=clip-ghost]`) moved. */
export async function startDragProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as ProbeWindow;
    const probe = { pending: [] as number[], latencies: [] as number[], lastX: null as number | null, on: true };
    w.__drag = probe;
    // The event's timeStamp is when the input arrived (performance.now's clock), so time spent waiting for a busy
    // main thread counts.
    window.addEventListener("pointermove", (e) => probe.on && probe.pending.push(e.timeStamp), { capture: true });
    const tick = () => {
      if (!probe.on) return;
      const ghost = document.querySelector('[data-testid="clip-ghost"]');
      const x = ghost ? ghost.getBoundingClientRect().left : null;
      if (x !== null && x !== probe.lastX) {
        const now = performance.now();
        // The first frame after the ghost appears answers the pointer-down's move too: only moves count.
        if (probe.lastX !== null) for (const t of probe.pending) probe.latencies.push(now - t);
        probe.pending = [];
        probe.lastX = x;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Moves not yet shown. */
export async function dragPending(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as ProbeWindow).__drag!.pending.length);
}

export async function stopDragProbe(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__drag!;
    probe.on = false;
    return probe.latencies;
  });
}

/**
 * Resolves with the wall-clock time (performance.timeOrigin + now, comparable with Node's on the same machine) of
 * the first frame in which the audio clip `clipId` is drawn at `startTick`.
 */
export function whenClipShown(page: Page, clipId: string, startTick: number, timeoutMs = 10_000): Promise<number> {
  return page.evaluate(
    ([id, tick, timeout]) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const check = () => {
          const el = document.querySelector<HTMLElement>(`[data-testid="audio-clip"][data-clip-id="${id}"]`);
          if (el && el.dataset.startTick === String(tick)) return resolve(performance.timeOrigin + performance.now());
          if (performance.now() - started > timeout) return reject(new Error(`clip ${id} never shown at ${tick}`));
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    [clipId, startTick, timeoutMs] as const,
  );
}
