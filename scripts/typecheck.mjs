// `npm run typecheck`: the whole repository (app, server, tests with DOM and Node types), then each package on its
// own tsconfig — model, protocol and dsp without DOM or Node types, audio-engine without Node types — so a use of
// an API a layer must not have fails here. TypeScript 7's native compiler (@typescript/native) checks them.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const tsc = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@typescript/native/package.json")),
  "bin",
  "tsc",
);
const projects = [
  "tsconfig.json",
  "packages/model/tsconfig.json",
  "packages/protocol/tsconfig.json",
  "packages/dsp/tsconfig.json",
  "packages/audio-engine/tsconfig.json",
];
let failed = 0;
for (const project of projects) {
  const r = spawnSync(process.execPath, [tsc, "--noEmit", "-p", project], { stdio: "inherit" });
  const ok = r.status === 0;
  console.log(`${ok ? "ok  " : "FAIL"} ${project}`);
  if (!ok) failed++;
}
process.exit(failed > 0 ? 1 : 0);
