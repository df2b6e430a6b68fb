// The npm registry this project's machines reach does not carry every platform build of a package
// (e.g. @next/swc-darwin-arm64), so `npm install` leaves those optional dependencies out of
// package-lock.json and `npm ci` then refuses the lock as "out of sync". This adds, for each missing
// optional platform package, a lock entry marked optional with its os/cpu (read from its name), which
// `npm ci` skips on a machine of another platform without fetching anything. Idempotent; run by .ci/run
// before `npm ci`, and safe to run after any `npm install`.
import fs from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const platform = /-(darwin|win32|linux|freebsd|android)-(arm64|x64|ia32|arm)(?:-(gnu|musl|msvc|gnueabihf))?$/;
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const at = `node_modules/${name}`;
    const nested = `${key}/node_modules/${name}`;
    if (lock.packages[at] || lock.packages[nested]) continue;
    const m = platform.exec(name);
    if (!m) continue;
    lock.packages[at] = {
      version: range,
      cpu: [m[2]],
      ...(m[3] === "gnu" || m[3] === "musl" ? { libc: [m[3] === "gnu" ? "glibc" : "musl"] } : {}),
      optional: true,
      os: [m[1]],
    };
    added++;
  }
}
if (added > 0) {
  const sorted = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
  );
  lock.packages = sorted;
  fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
  console.log(`package-lock.json: added ${added} optional platform entries the registry does not carry`);
}
