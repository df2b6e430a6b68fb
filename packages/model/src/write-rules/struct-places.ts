/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its event parameter invariantly; any type will do here */
import * as Y from "yjs";

/**
 * Where the items of a not-yet-applied update would land, found without applying it: an update's items
 * name their parent only when they have no neighbour (otherwise they inherit it from the item they were
 * inserted next to), so each item is followed through its origin or parent to a root — in the update
 * itself or in the document it is about to be applied to.
 */
export type StructPlace =
  | {
      /** The root type's name (`doc.share` key). */
      root: string;
      /** True when the item sits directly in the root, false when inside a nested type. */
      direct: boolean;
      /** The map key the item is stored under, or null for list content. */
      key: string | null;
    }
  /** Next to or inside garbage-collected content: Yjs discards such an item on arrival. */
  | "gc"
  /** Depends on an item neither the update nor the document holds (yet). */
  | "missing";

type Located = Y.Item | Y.GC | Y.Skip;

/** Resolves the place of each new item in `structs` (decoded from one update) against `doc`. */
export class StructPlaces {
  private readonly byClient = new Map<number, Located[]>();
  private readonly cache = new Map<Y.Item, StructPlace>();

  constructor(
    private readonly doc: Y.Doc,
    structs: readonly Located[],
  ) {
    for (const s of structs) {
      const list = this.byClient.get(s.id.client);
      if (list) list.push(s);
      else this.byClient.set(s.id.client, [s]);
    }
  }

  /** True when the document already holds all of this struct (a duplicate the doc will ignore). */
  known(struct: Located): boolean {
    return struct.id.clock + struct.length <= Y.getState(this.doc.store, struct.id.client);
  }

  place(start: Y.Item): StructPlace {
    // Iterative: a long import is one chain of origins (each note after the previous one).
    const chain: { item: Y.Item; viaParent: boolean }[] = [];
    let place: StructPlace;
    let current: Y.Item = start;
    for (;;) {
      const cached = this.cache.get(current);
      if (cached) {
        place = cached;
        break;
      }
      if (typeof current.parent === "string") {
        place = { root: current.parent, direct: true, key: current.parentSub };
        this.cache.set(current, place);
        break;
      }
      const viaParent = current.parent !== null;
      const ref = viaParent ? (current.parent as unknown as Y.ID) : (current.origin ?? current.rightOrigin);
      chain.push({ item: current, viaParent });
      if (!ref) {
        place = "missing";
        break;
      }
      const inUpdate = this.findInUpdate(ref);
      if (inUpdate instanceof Y.Item) {
        current = inUpdate;
        continue;
      }
      if (inUpdate) {
        place = inUpdate instanceof Y.GC ? "gc" : "missing";
        break;
      }
      place = this.placeInDoc(ref);
      break;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const { item, viaParent } = chain[i];
      if (typeof place !== "string") {
        place = viaParent ? { root: place.root, direct: false, key: item.parentSub } : place;
      }
      this.cache.set(item, place);
    }
    return place;
  }

  private findInUpdate(id: Y.ID): Located | null {
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid];
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return null;
  }

  private placeInDoc(id: Y.ID): StructPlace {
    if (id.clock >= Y.getState(this.doc.store, id.client)) return "missing";
    const struct = Y.getItem(this.doc.store, id);
    if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType)) return "gc";
    let type: Y.AbstractType<any> = struct.parent;
    const direct = type._item === null;
    while (type._item !== null) {
      const parent = type._item.parent;
      if (!(parent instanceof Y.AbstractType)) return "gc";
      type = parent;
    }
    return { root: Y.findRootTypeKey(type), direct, key: struct.parentSub };
  }
}
