import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// DESIGN.md's server layout is a stack (app.ts → http → realtime/versions → takes/yjs → auth → db): a folder that
// imports a folder which imports it back (db ⇄ takes, once) cannot be understood, tested or moved on its own. This
// reads the server's relative imports as text and fails on any loop between its folders (a file directly in server/,
// such as app.ts or log.ts, is a part of its own: the wiring sits on top, the logger at the bottom).

const root = path.resolve(import.meta.dirname, "../../..");
const serverDir = path.join(root, "server");

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** The server part a path lies in: its folder ("db", "takes", …), or its own name for a file directly in server/. */
function folderOf(file: string): string | null {
  const rel = path.relative(serverDir, file);
  if (rel.startsWith("..")) return null;
  return rel.split(path.sep)[0].replace(/\.(ts|mts|mjs)$/, "");
}

/** The server file an import lands on (imports name files without their extension). */
function fileOf(target: string): string | null {
  const found = [target, `${target}.ts`, `${target}.mts`, path.join(target, "index.ts")].find(
    (p) => fs.existsSync(p) && fs.statSync(p).isFile(),
  );
  return found && !path.relative(serverDir, found).startsWith("..") ? path.relative(serverDir, found) : null;
}

/** part → the other parts its files import, where `partOf` names the part of a server file or import target. */
function serverGraph(partOf: (file: string) => string | null): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(serverDir)) {
    const from = partOf(file)!;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith(".")) continue;
      const to = partOf(path.resolve(path.dirname(file), spec));
      if (to && to !== from) edges.add(to);
    }
  }
  return graph;
}
const serverFolderGraph = () => serverGraph(folderOf);
const serverFileGraph = () => serverGraph(fileOf);

/** Every loop in a directed graph, each as the path that closes it (a → b → a). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe("server folders", () => {
  it("finds a loop when there is one (so the check below can fail)", () => {
    const graph = new Map([
      ["db", new Set(["takes"])],
      ["takes", new Set(["auth", "db"])],
      ["auth", new Set<string>()],
    ]);
    expect(cycles(graph)).toEqual([["db", "takes", "db"]]);
  });

  it("reads the real imports (takes uses db)", () => {
    expect(serverFolderGraph().get("takes")).toContain("db");
  });

  it("import each other in no loop", () => {
    expect(cycles(serverFolderGraph())).toEqual([]);
  });

  it("hold no loop between files either (http/api.ts ⇄ review-api.ts, once)", () => {
    const files = serverFileGraph();
    expect(files.get(path.join("http", "api.ts"))).toContain(path.join("http", "router.ts"));
    expect(cycles(files)).toEqual([]);
  });
});
