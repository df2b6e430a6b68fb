/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its event parameter invariantly; any type will do here */
import * as Y from "yjs";

/**
 * A Y.Map as the write rules compare it: plain values, nested Y.Maps (with the id of the item that holds
 * them, so replacing a map by a look-alike — which silently drops concurrent writes into the old one — is
 * told apart from keeping it), and any other Y type by id only.
 */
export interface MapSnapshot {
  /** "client:clock" of the item holding this map; "root" for a root map. */
  typeId: string;
  values: Map<string, unknown>;
  maps: Map<string, MapSnapshot>;
  /** Keys holding a Y type other than Y.Map (never valid in the comments doc). */
  otherTypes: Set<string>;
}

function typeIdOf(type: Y.AbstractType<any>): string {
  const item = type._item;
  return item ? `${item.id.client}:${item.id.clock}` : "root";
}

export function snapshotMap(map: Y.Map<unknown>): MapSnapshot {
  const snap: MapSnapshot = { typeId: typeIdOf(map), values: new Map(), maps: new Map(), otherTypes: new Set() };
  map.forEach((value, key) => {
    if (value instanceof Y.Map) snap.maps.set(key, snapshotMap(value as Y.Map<unknown>));
    else if (value instanceof Y.AbstractType) snap.otherTypes.add(key);
    else snap.values.set(key, value);
  });
  return snap;
}

/** Equality for stored plain values (JSON-like). */
export function sameStored(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Keys whose plain value differs between two snapshots (added, removed or changed). */
export function changedValues(before: MapSnapshot | null, after: MapSnapshot | null): string[] {
  const keys = new Set([...(before?.values.keys() ?? []), ...(after?.values.keys() ?? [])]);
  return [...keys].filter((k) => !sameStored(before?.values.get(k), after?.values.get(k)));
}
