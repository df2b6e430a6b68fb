import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = {
  "@bandspace/model": fileURLToPath(new URL("./packages/model/src/index.ts", import.meta.url)),
  "@bandspace/protocol": fileURLToPath(new URL("./packages/protocol/src/index.ts", import.meta.url)),
  "@bandspace/audio-engine": fileURLToPath(new URL("./packages/audio-engine/src/index.ts", import.meta.url)),
  "@bandspace/dsp": fileURLToPath(new URL("./packages/dsp/src/index.ts", import.meta.url)),
};

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
