import net from "node:net";
import { postgresServerUrl } from "./database";

/**
 * Tests of several nodes need PostgreSQL and Redis (CI machines have both). On a machine without them, as
 * `npm test` allows, they are skipped with the reason printed — except under CI, where they must run.
 */
export const REDIS_TEST_URL = process.env.BANDSPACE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || "127.0.0.1", port: Number(u.port) || defaultPort });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Why the scale-out tests cannot run here, or null when they can (always null under CI: there they must). */
export async function scaleOutUnavailable(needs: { postgres?: boolean } = { postgres: true }): Promise<string | null> {
  if (process.env.CI) return null;
  const missing: string[] = [];
  if (needs.postgres !== false && !(await reachable(postgresServerUrl, 5432))) missing.push("PostgreSQL");
  if (!(await reachable(REDIS_TEST_URL, 6379))) missing.push("Redis");
  if (missing.length === 0) return null;
  const reason = `${missing.join(" and ")} not reachable: skipping the tests of several nodes`;
  console.warn(reason);
  return reason;
}
