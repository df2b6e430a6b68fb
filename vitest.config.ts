import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const src = (entry: string) => fileURLToPath(new URL(`./packages/${entry}`, import.meta.url));
// Packages are reached through their entry points only (as tsconfig.json's paths say); exact matches, so a
// sub-entry such as `@bandspace/audio-engine/pure` is not read as a path under the main entry.
const alias = [
  { find: /^@bandspace\/model$/, replacement: src("model/src/index.ts") },
  { find: /^@bandspace\/protocol$/, replacement: src("protocol/src/index.ts") },
  { find: /^@bandspace\/audio-engine$/, replacement: src("audio-engine/src/index.ts") },
  { find: /^@bandspace\/audio-engine\/pure$/, replacement: src("audio-engine/src/pure.ts") },
  { find: /^@bandspace\/dsp$/, replacement: src("dsp/src/index.ts") },
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["packages/**/*.test.ts", "tests/unit/**/*.test.ts"],
          environment: "node",
          // An upper bound for hung tests, not a speed check (speed is measured in benchmarks): the seeded fuzzers
          // and the loudness tests on minutes of generated signal take 5–30 s on a busy 2-core machine, and
          // vitest's 5 s default failed five of them at load 17.
          testTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // Upper bounds, not speed checks: tests that spawn and restart server processes (tsx start-up is
          // 5–10 s each on a busy 2-core machine) need minutes there.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Each file starts its own server and database; two cores, so keep parallelism low.
          maxWorkers: 2,
        },
      },
    ],
  },
});
