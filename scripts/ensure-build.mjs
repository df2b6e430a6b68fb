// `npm start` runs this first: build the Next.js front end when there is no build yet or when a
// source file is newer than the build, so the quick start is one command on a fresh clone.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "packages", "public", "next.config.js", "package.json", "tsconfig.json"];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const newest = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (built === 0 || newest > built) {
  console.log(
    built === 0
      ? "No front-end build yet: building (about a minute)…"
      : "Sources changed since the last build: rebuilding…",
  );
  const r = spawnSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  process.exit(r.status ?? 1);
}
