import * as Y from "yjs";
import { ROOT } from "./schema";

/**
 * The root types of the documents. Values inside are `unknown` on purpose: anything a peer sent may be there,
 * and only readers (with FieldSpec.coerce) and operations (with validate.ts) turn it into typed data.
 */
export type EntityMap = Y.Map<unknown>;

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.meta);
}

export function songMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.song);
}

export function tracksMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.tracks);
}

export function tempoChangesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.tempoChanges);
}

export function sectionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.sections);
}

export function clipsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.clips);
}

export function transportMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.transport);
}

export function commentsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ROOT.comments);
}

/** The entity map stored under `id`, or null if there is none (or a peer stored something that is not a Y.Map). */
export function entityAt(parent: Y.Map<unknown>, id: string): EntityMap | null {
  const value = parent.get(id);
  return value instanceof Y.Map ? (value as EntityMap) : null;
}

/** Writes a plain field only when the stored value differs, so repeating an edit creates no update. */
export function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (!sameValue(map.get(key), value)) map.set(key, value);
}

/** Equality for the plain JSON values the model stores (numbers, strings, small flat objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}
