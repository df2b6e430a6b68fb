import { defineConfig } from "@playwright/test";
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3217);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = path.resolve(`test-results/e2e-data-${port}`);

export default defineConfig({
  testDir: "e2e",
  // Screenshot generators for the docs and frame-time measurements are not tests (speed is measured in
  // benchmarks): run them with SCREENSHOTS=1 / PERF=1 (`npm run bench:timeline`).
  testIgnore: [
    ...(process.env.SCREENSHOTS ? [] : ["**/*-showcase.spec.ts", "**/*-screenshot.spec.ts"]),
    ...(process.env.PERF ? [] : ["**/*-perf.spec.ts"]),
  ],
  // Generous: these scenarios drive several browsers on a 2-core machine that may be busy.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // A retry is not a fix: a test that fails once is a bug in the product or the test, found and fixed.
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results/playwright",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
      ],
    },
  },
  webServer: {
    // A production build on a fresh SQLite database (DATABASE_URL is ignored so e2e never touches a shared DB).
    command: `rm -rf "${dataDir}" && node scripts/ensure-build.mjs && env -u DATABASE_URL NODE_ENV=production PORT=${port} HOST=127.0.0.1 BANDSPACE_DATA_DIR="${dataDir}" node --import tsx server/index.ts`,
    url: `${baseURL}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
