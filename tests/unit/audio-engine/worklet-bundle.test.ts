import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKLETS, bundleWorklet } from "../../../scripts/build-worklets.mjs";

/**
 * The mixer's AudioWorklet is TypeScript bundled (with its packages/dsp cores) into public/worklets, and the
 * bundle is committed so a fresh clone plays without a build step. This fails when the bundle is stale: run
 * `npm run build:worklets`.
 */
describe("worklet bundles", () => {
  it("are up to date with their TypeScript sources", async () => {
    for (const w of WORKLETS) {
      const fresh = (await bundleWorklet(w.entry, false)) ?? "";
      const committed = fs.readFileSync(path.resolve(w.out), "utf8");
      expect(committed, `${w.out} is stale: npm run build:worklets`).toBe(fresh);
      expect(fresh).toContain('registerProcessor("bandspace-dynamics"');
      // The master's processors travel in the same bundle (one addModule per context).
      for (const name of ["bandspace-multiband", "bandspace-true-peak-limiter", "bandspace-loudness"])
        expect(fresh).toContain(`registerProcessor("${name}"`);
    }
  });
});
