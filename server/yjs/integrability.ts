import * as Y from "yjs";

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Whether `update` can be integrated into `doc` completely, now. Yjs keeps the part of an update whose
 * dependencies it lacks ("pending": a gap in a client's clock, an origin or parent it has not seen, a delete
 * of something it does not hold) and applies it later when the rest arrives. The server must not apply such
 * an update yet: the write rules could not see where its items land, and acknowledging it as saved would be
 * a lie (issue #16). So a write is held until this is true.
 */
export function isIntegrable(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  const { structs, ds } = decoded;
  // How far each client's clock reaches once the update's contiguous structs are added to the doc's state.
  const reach = new Map<number, number>();
  const reachOf = (client: number) => reach.get(client) ?? Y.getState(doc.store, client);
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    const r = reachOf(s.id.client);
    if (s.id.clock > r) return false;
    reach.set(s.id.client, Math.max(r, s.id.clock + s.length));
  }
  const known = (id: Y.ID | null) => id === null || id.clock < reachOf(id.client);
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    const parent = s.parent as unknown;
    const parentId = parent instanceof Y.ID ? parent : null;
    if (!known(s.origin) || !known(s.rightOrigin) || !known(parentId)) return false;
  }
  for (const [client, ranges] of ds.clients) {
    for (const r of ranges) if (r.clock + r.len > reachOf(client)) return false;
  }
  return true;
}
