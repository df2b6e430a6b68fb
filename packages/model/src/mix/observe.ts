import * as Y from "yjs";
import { transactionOrigin, type Origin } from "../origin";
import { tracksMap } from "../roots";
import { INSERT_FIELDS, STRIP_FIELDS, automationMap, busesMap, insertsMap, masterMap, sendsMap } from "./fields";

/**
 * What one transaction changed in the mix, in tags small enough that the audio engine never rebuilds more
 * than it must: a knob turn is one `params` entry (glide one AudioParam), a new insert names only its strip.
 */
export interface MixChange {
  origin: Origin | null;
  local: boolean;
  /** Parameters that changed, per insert. */
  params: Map<string, Set<string>>;
  /** Strips whose insert chain changed (added, removed, moved, bypassed, side-chain). */
  chains: Set<string>;
  /** Strips whose level fields changed (volume, pan, mute, trim, phase) — tracks, buses or the master. */
  levels: Set<string>;
  /** Outputs, sends, or the set of buses changed: reconnect the routing. */
  routing: boolean;
  /** Automation lanes that changed (their keys). */
  lanes: Set<string>;
}

const LEVEL_KEYS = new Set<string>([
  STRIP_FIELDS.volumeDb.key,
  STRIP_FIELDS.pan.key,
  STRIP_FIELDS.mute.key,
  STRIP_FIELDS.trim.key,
  STRIP_FIELDS.phase.key,
  STRIP_FIELDS.soloSafe.key,
]);

/** The keys a map event changed (events on Y.Texts or arrays have none here). */
function keysOf(ev: Y.YEvent<Y.AbstractType<unknown>>): Set<string> {
  return ev instanceof Y.YMapEvent ? (ev.keysChanged as Set<string>) : new Set();
}

export function observeMix(doc: Y.Doc, onChange: (change: MixChange) => void): () => void {
  const pending = new WeakMap<Y.Transaction, MixChange>();
  const entry = (tr: Y.Transaction) => {
    let e = pending.get(tr);
    if (!e) {
      e = {
        origin: transactionOrigin(tr),
        local: tr.local,
        params: new Map(),
        chains: new Set(),
        levels: new Set(),
        routing: false,
        lanes: new Set(),
      };
      pending.set(tr, e);
    }
    return e;
  };
  const inserts = insertsMap(doc);
  const stripFieldsChanged = (e: MixChange, id: string, keys: Iterable<string>) => {
    for (const key of keys) {
      if (LEVEL_KEYS.has(key)) e.levels.add(id);
      if (key === STRIP_FIELDS.output.key) e.routing = true;
    }
  };
  const onStrips = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
    const e = entry(tr);
    for (const ev of events) {
      if (ev.path.length === 0) {
        // A strip added or removed (tracks or buses root), or a master field.
        if (ev.target === masterMap(doc)) stripFieldsChanged(e, "master", keysOf(ev));
        else e.routing = true;
      } else if (ev.path.length === 1 && typeof ev.path[0] === "string") {
        stripFieldsChanged(e, ev.path[0], keysOf(ev));
      }
    }
  };
  const onInserts = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
    const e = entry(tr);
    for (const ev of events) {
      if (ev.path.length === 0) {
        ev.changes.keys.forEach((change, id) => {
          const map: unknown = change.action === "delete" ? change.oldValue : inserts.get(id);
          const strip = map instanceof Y.Map ? (map as Y.Map<unknown>).get(INSERT_FIELDS.strip.key) : undefined;
          if (typeof strip === "string") e.chains.add(strip);
          else e.routing = true; // Unknown strip: let the engine re-check everything it routes.
        });
      } else {
        const id = ev.path[0] as string;
        const map = inserts.get(id);
        const strip = map instanceof Y.Map ? (map as Y.Map<unknown>).get(INSERT_FIELDS.strip.key) : undefined;
        if (ev.path.length === 2 && ev.path[1] === INSERT_FIELDS.params.key) {
          const set = e.params.get(id) ?? new Set<string>();
          keysOf(ev).forEach((k) => set.add(k));
          e.params.set(id, set);
        } else if (typeof strip === "string") {
          e.chains.add(strip);
        }
      }
    }
  };
  const onSends = (_: unknown, tr: Y.Transaction) => {
    entry(tr).routing = true;
  };
  const onLanes = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
    const e = entry(tr);
    for (const ev of events) {
      if (ev.path.length === 0) keysOf(ev).forEach((k) => e.lanes.add(k));
      else if (typeof ev.path[0] === "string") e.lanes.add(ev.path[0]);
    }
  };
  const onAfter = (tr: Y.Transaction) => {
    const e = pending.get(tr);
    if (!e) return;
    pending.delete(tr);
    if (e.params.size + e.chains.size + e.levels.size + e.lanes.size === 0 && !e.routing) return;
    onChange(e);
  };
  const roots: [Y.Map<unknown>, (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => void][] = [
    [tracksMap(doc), onStrips],
    [busesMap(doc), onStrips],
    [masterMap(doc), onStrips],
    [inserts, onInserts],
    [sendsMap(doc), onSends],
    [automationMap(doc), onLanes],
  ];
  for (const [root, fn] of roots) root.observeDeep(fn);
  doc.on("afterTransaction", onAfter);
  return () => {
    for (const [root, fn] of roots) root.unobserveDeep(fn);
    doc.off("afterTransaction", onAfter);
  };
}
