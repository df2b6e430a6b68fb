import { describe, expect, it } from "vitest";
import type { Probe } from "../../../server/health/probes";
import { ReadinessMonitor } from "../../../server/health/readiness";

const ok = (name: string): Probe => ({ name, check: () => Promise.resolve() });
const failing = (name: string, message: string): Probe => ({ name, check: () => Promise.reject(new Error(message)) });
/** Never answers, like a dependency behind a dropped connection; still honours the abort signal. */
const hanging = (name: string): Probe => ({
  name,
  check: (signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
});

describe("ReadinessMonitor", () => {
  it("ready when every probe answers, with one check per probe", async () => {
    const r = await new ReadinessMonitor("n1", [ok("database"), ok("redis")]).check();
    expect(r).toMatchObject({ ready: true, status: "ready", node: "n1", failing: [] });
    expect(Object.keys(r.checks)).toEqual(["database", "redis"]);
    expect(r.checks.redis.ok).toBe(true);
  });

  it("names each failing check with its error", async () => {
    const r = await new ReadinessMonitor("n1", [ok("database"), failing("redis", "ECONNREFUSED")]).check();
    expect(r).toMatchObject({ ready: false, status: "unready", failing: ["redis"] });
    expect(r.checks.redis).toMatchObject({ ok: false, error: "ECONNREFUSED" });
    expect(r.checks.database.ok).toBe(true);
  });

  it("a probe that never answers fails after the time bound instead of hanging the answer", async () => {
    const r = await new ReadinessMonitor("n1", [ok("database"), hanging("storage")]).check(50);
    expect(r.failing).toEqual(["storage"]);
    expect(r.checks.storage.error).toBe("no answer within 50 ms");
  });

  it("draining: not ready from the moment a shutdown starts, whatever the probes say", async () => {
    const m = new ReadinessMonitor("n1", [ok("database")]);
    expect(m.draining).toBe(false);
    m.startDrain();
    const r = await m.check();
    expect(r).toMatchObject({ ready: false, status: "draining", failing: ["shutdown"] });
    expect(r.checks.database.ok).toBe(true);
  });
});
