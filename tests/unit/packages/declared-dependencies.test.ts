import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Each package declares what it imports (its package.json `dependencies`), so a package can be read, moved or
 * published on its own, and a new import of a heavy or browser-only library into a pure package shows up in review.
 */
const root = path.resolve(import.meta.dirname, "../../..");
const packages = fs.readdirSync(path.join(root, "packages"));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => {
    const full = path.join(e.parentPath, e.name);
    return e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** The package name a bare specifier names (`tone/build/esm/x.js` → `tone`, `@scope/a/b` → `@scope/a`). */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

describe("packages declare their dependencies", () => {
  for (const name of packages) {
    it(`packages/${name} imports only what its package.json declares`, () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(root, "packages", name, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      const declared = new Set(Object.keys(manifest.dependencies ?? {}));
      const used = new Set<string>();
      for (const file of sourceFiles(path.join(root, "packages", name, "src"))) {
        const text = fs.readFileSync(file, "utf8");
        // Static imports and re-exports (at the start of a line, so text in comments and strings is not read as
        // one) and dynamic imports. The layer rule forbids Node built-ins here, so every bare specifier is a package.
        const statements =
          /^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|^import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm;
        for (const m of text.matchAll(statements)) {
          const specifier = m[1] ?? m[2] ?? m[3];
          if (!specifier.startsWith(".")) used.add(packageName(specifier));
        }
      }
      expect([...used].filter((u) => !declared.has(u)).sort()).toEqual([]);
      expect([...declared].filter((d) => !used.has(d)).sort()).toEqual([]);
    });
  }
});
