/**
 * The routing graph of a mix as plain data: strips connected by outputs (each strip to one bus or the master)
 * and sends (to buses). Pure functions, so the operations (refusing a loop), the readers (never showing one)
 * and repair (writing the fix) all decide the same way.
 */
export interface RoutingEdge {
  kind: "output" | "send";
  /** For an output: the strip id; for a send: the send id. The tiebreak of the repair. */
  id: string;
  from: string;
  to: string;
}

/**
 * The edges kept after breaking every cycle, deterministically: edges are taken in a fixed order (outputs
 * before sends — a strip's main path matters more than an effect send — then by id) and an edge is dropped
 * when the edges already kept lead from its target back to its source. Two people who route A→B and B→A at
 * the same moment therefore end, on every replica, with the same one of the two kept.
 */
export function resolveRouting(edges: readonly RoutingEdge[]): { kept: RoutingEdge[]; dropped: RoutingEdge[] } {
  const sorted = [...edges].sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === "output" ? -1 : 1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const out = new Map<string, string[]>();
  const kept: RoutingEdge[] = [];
  const dropped: RoutingEdge[] = [];
  for (const e of sorted) {
    if (e.from === e.to || pathBetween(out, e.to, e.from)) {
      dropped.push(e);
      continue;
    }
    kept.push(e);
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  return { kept, dropped };
}

/** A path of strip ids from `from` to `to` over the adjacency, or null. Depth-first; graphs here are small. */
export function pathBetween(adjacency: ReadonlyMap<string, readonly string[]>, from: string, to: string) {
  const seen = new Set<string>();
  const walk = (node: string): string[] | null => {
    if (node === to) return [node];
    if (seen.has(node)) return null;
    seen.add(node);
    for (const next of adjacency.get(node) ?? []) {
      const rest = walk(next);
      if (rest) return [node, ...rest];
    }
    return null;
  };
  return walk(from);
}

export function adjacencyOf(edges: readonly RoutingEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  return out;
}

/**
 * Would a new edge from → to close a loop? Returns the loop as strip ids (from, to, …, from) or null.
 * `edges` are the kept edges without the one being replaced (a strip's current output when re-routing it).
 */
export function loopThrough(edges: readonly RoutingEdge[], from: string, to: string): string[] | null {
  if (from === to) return [from, to];
  const back = pathBetween(adjacencyOf(edges), to, from);
  return back ? [from, ...back] : null;
}
