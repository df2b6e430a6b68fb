// The layering of DESIGN.md ("Imports flow one way") as an ESLint rule. Every import is resolved to the top-level
// part of the repository it lands in (a package, app/, server/…), so `../app` from `server/yjs/` (which is
// server/app.ts) and `../app` from `server/` (which would be the front end) are told apart — a path pattern cannot.
import path from "node:path";
import { builtinModules } from "node:module";

/**
 * Which parts each part may import. A part not listed here (tests, e2e, bench, scripts, configs) may import any
 * part, but only through packages' entry points.
 * @type {Record<string, string[]>}
 */
export const ALLOWED = {
  "packages/model": ["packages/model"],
  "packages/protocol": ["packages/protocol", "packages/model"],
  "packages/dsp": ["packages/dsp"],
  "packages/audio-engine": ["packages/audio-engine", "packages/model", "packages/dsp", "packages/protocol"],
  app: ["app", "packages/model", "packages/protocol", "packages/dsp", "packages/audio-engine"],
  server: ["server", "packages/model", "packages/protocol", "packages/dsp", "generated"],
};

/** Parts that run in the browser and in Node alike, or only in the browser: no Node I/O. */
const NO_NODE = new Set(["packages/model", "packages/protocol", "packages/dsp", "packages/audio-engine"]);

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The top-level part a repository-relative path belongs to. */
export function partOf(relPath) {
  const segs = relPath.split(/[\\/]/);
  if (segs[0] === "packages" && segs.length > 1) return `packages/${segs[1]}`;
  return segs[0];
}

/** Where a specifier lands, repository-relative, or null for a third-party package. */
function resolveTarget(specifier, fromFile, root) {
  if (specifier.startsWith(".")) return path.relative(root, path.resolve(path.dirname(fromFile), specifier));
  const m = /^@bandspace\/([a-z-]+)(\/.*)?$/.exec(specifier);
  if (m) return `packages/${m[1]}${m[2] ? "/<entry>" : ""}`;
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
const layersRule = {
  meta: {
    type: "problem",
    docs: { description: "Imports flow one way between app/, server/ and packages/ (DESIGN.md)." },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const fromRel = path.relative(root, file);
    if (fromRel.startsWith("..")) return {};
    const from = partOf(fromRel);
    const allowed = ALLOWED[from];

    function check(node, specifier) {
      if (typeof specifier !== "string") return;
      if (BUILTINS.has(specifier)) {
        if (NO_NODE.has(from)) {
          context.report({
            node,
            message: `${from} runs in the browser and does no I/O: '${specifier}' belongs in server/ or a script.`,
          });
        }
        return;
      }
      const target = resolveTarget(specifier, file, root);
      if (target === null) return;
      const to = partOf(target);
      if (to === from) return;
      if (allowed && !allowed.includes(to)) {
        context.report({
          node,
          message: `${from} may not import ${to} ('${specifier}'): imports flow one way (DESIGN.md); ${from} may use ${allowed.join(", ")}.`,
        });
        return;
      }
      // Another package is reached through its entry point, never through its src/ files.
      if (to.startsWith("packages/") && specifier.startsWith(".")) {
        context.report({
          node,
          message: `Import ${to} through its entry point (@bandspace/${to.slice(9)} or a pure sub-entry), not '${specifier}'.`,
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};

export default { rules: { layers: layersRule } };
