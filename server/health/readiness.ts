import type { Probe } from "./probes";

/** How long one probe may take before it counts as failing (a hung dependency must not hang /readyz). */
export const PROBE_TIMEOUT_MS = 2000;

export interface CheckResult {
  ok: boolean;
  /** How long the dependency took to answer. */
  ms: number;
  /** What went wrong (only when !ok). */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  /** "draining" once a shutdown started: the load balancer should send nothing new here. */
  status: "ready" | "unready" | "draining";
  node: string;
  checks: Record<string, CheckResult>;
  /** Names of the failing checks (and "shutdown" while draining). */
  failing: string[];
}

/**
 * Whether this node can serve: every probe answers, and no shutdown has started. Probes run concurrently, each
 * bounded by PROBE_TIMEOUT_MS, so the answer comes within about that time whatever is down.
 */
export class ReadinessMonitor {
  private drainingSince: number | null = null;

  constructor(
    private readonly node: string,
    private readonly probes: readonly Probe[],
  ) {}

  /** From now on /readyz answers 503 "draining" (SIGTERM arrived). */
  startDrain(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  async check(timeoutMs = PROBE_TIMEOUT_MS): Promise<Readiness> {
    const results = await Promise.all(this.probes.map((p) => runProbe(p, timeoutMs)));
    const checks: Record<string, CheckResult> = {};
    this.probes.forEach((p, i) => (checks[p.name] = results[i]));
    const failing = this.probes.filter((_, i) => !results[i].ok).map((p) => p.name);
    if (this.draining) {
      checks.shutdown = { ok: false, ms: 0, error: "this node is shutting down" };
      failing.unshift("shutdown");
    }
    const ready = failing.length === 0;
    return {
      ready,
      status: this.draining ? "draining" : ready ? "ready" : "unready",
      node: this.node,
      checks,
      failing,
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.probes.map(async (p) => p.close?.()));
  }
}

async function runProbe(probe: Probe, timeoutMs: number): Promise<CheckResult> {
  const start = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    await Promise.race([
      probe.check(abort.signal),
      new Promise<never>((_, reject) =>
        abort.signal.addEventListener("abort", () => reject(new Error(`no answer within ${timeoutMs} ms`))),
      ),
    ]);
    return { ok: true, ms: Math.round(performance.now() - start) };
  } catch (e) {
    // A probe that gave up because of the time bound says so, whatever its own error reads.
    const error = abort.signal.aborted
      ? `no answer within ${timeoutMs} ms`
      : e instanceof Error
        ? e.message
        : String(e);
    return { ok: false, ms: Math.round(performance.now() - start), error };
  } finally {
    clearTimeout(timer);
  }
}
