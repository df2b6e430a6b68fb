import * as Y from "yjs";
import { ModelError } from "../errors";
import { TRACK_COLORS, TRACK_FIELDS } from "../fields";
import { isValidId, randomId } from "../ids";
import { transactAs, type Origin } from "../origin";
import { setIfChanged, tracksMap, type EntityMap } from "../roots";
import { LIMITS } from "../schema";
import { keyForIndex, orderedEntries } from "../track-order";
import { validateColor } from "../validate";
import {
  BUS_FIELDS,
  LANE_FIELDS,
  MASTER_STRIP_ID,
  STRIP_FIELDS,
  automationMap,
  busesMap,
  insertsMap,
  sendsMap,
  stripEntity,
  INSERT_FIELDS,
  SEND_FIELDS,
} from "./fields";
import { readMix, routingEdges, type MixState } from "./read";
import { loopThrough } from "./routing";

/** Operations on any strip (track, bus, master): level, pan, mute, trim, phase, output routing; buses. */

export function requireStrip(doc: Y.Doc, strip: string): EntityMap {
  const map = typeof strip === "string" ? stripEntity(doc, strip, tracksMap(doc)) : null;
  if (!map) throw new ModelError("STRIP_NOT_FOUND", "That channel no longer exists — someone may have deleted it.");
  return map;
}

function requireBus(doc: Y.Doc, busId: string): EntityMap {
  const value = typeof busId === "string" ? busesMap(doc).get(busId) : undefined;
  if (!(value instanceof Y.Map))
    throw new ModelError("BUS_NOT_FOUND", "That bus no longer exists — someone may have deleted it.");
  return value as EntityMap;
}

function finite(value: unknown, code: "INVALID_VOLUME" | "INVALID_PAN" | "INVALID_GAIN", message: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) throw new ModelError(code, message);
  return value;
}

export function setStripVolume(doc: Y.Doc, strip: string, db: number, origin: Origin): void {
  const v = finite(db, "INVALID_VOLUME", "A fader level must be a number of decibels.");
  const value = STRIP_FIELDS.volumeDb.coerce(v === -Infinity ? LIMITS.volumeMinDb : v);
  const map = requireStrip(doc, strip);
  transactAs(doc, origin, () => setIfChanged(map, STRIP_FIELDS.volumeDb.key, value));
}

export function setStripPan(doc: Y.Doc, strip: string, pan: number, origin: Origin): void {
  const value = STRIP_FIELDS.pan.coerce(
    finite(pan, "INVALID_PAN", "Pan must be a number from -1 (left) to 1 (right)."),
  );
  const map = requireStrip(doc, strip);
  transactAs(doc, origin, () => setIfChanged(map, STRIP_FIELDS.pan.key, value));
}

export function setStripMute(doc: Y.Doc, strip: string, mute: boolean, origin: Origin): void {
  if (typeof mute !== "boolean") throw new ModelError("INVALID_MUTE", "Mute is on or off.");
  const map = requireStrip(doc, strip);
  transactAs(doc, origin, () => setIfChanged(map, STRIP_FIELDS.mute.key, mute));
}

export function setStripTrim(doc: Y.Doc, strip: string, db: number, origin: Origin): void {
  const value = STRIP_FIELDS.trim.coerce(finite(db, "INVALID_GAIN", "Trim must be a number of decibels."));
  const map = requireStrip(doc, strip);
  transactAs(doc, origin, () => setIfChanged(map, STRIP_FIELDS.trim.key, value));
}

export function setStripPhase(doc: Y.Doc, strip: string, inverted: boolean, origin: Origin): void {
  if (typeof inverted !== "boolean") throw new ModelError("INVALID_GAIN", "Phase is normal or inverted.");
  const map = requireStrip(doc, strip);
  transactAs(doc, origin, () => setIfChanged(map, STRIP_FIELDS.phase.key, inverted));
}

export function setBusSoloSafe(doc: Y.Doc, busId: string, safe: boolean, origin: Origin): void {
  if (typeof safe !== "boolean") throw new ModelError("INVALID_MUTE", "Solo-safe is on or off.");
  const map = requireBus(doc, busId);
  transactAs(doc, origin, () => setIfChanged(map, STRIP_FIELDS.soloSafe.key, safe));
}

/** "Drums → FX → Drums": the strips of a loop by name, for the refusal message. */
export function describeLoop(mix: MixState, loop: readonly string[]): string {
  const name = (id: string) => mix.strips.find((s) => s.id === id)?.name ?? id;
  return loop.map(name).join(" → ");
}

/**
 * Routes a strip's output to a bus (grouping) or back to the master (null). A route that would make a loop
 * is refused with the strips that would loop.
 */
export function setStripOutput(doc: Y.Doc, strip: string, busId: string | null, origin: Origin): void {
  if (strip === MASTER_STRIP_ID)
    throw new ModelError("INVALID_SEND", "The master's output is the speakers; it cannot be routed.");
  const map = requireStrip(doc, strip);
  if (busId !== null) {
    requireBus(doc, busId);
    const mix = readMix(doc);
    const others = routingEdges(mix.strips, [...mix.sends.values()].flat()).filter(
      (e) => !(e.kind === "output" && e.id === strip),
    );
    const loop = loopThrough(others, strip, busId);
    if (loop) {
      throw new ModelError(
        "ROUTING_CYCLE",
        `That routing would make a loop: ${describeLoop(mix, loop)}. Route it elsewhere.`,
      );
    }
  }
  transactAs(doc, origin, () => setIfChanged(map, STRIP_FIELDS.output.key, busId));
}

export interface AddBusInit {
  name?: string;
  color?: string;
  /** Position among the buses (default: the end). */
  index?: number;
  /** Normally omitted; tests and seeding may pass 12..32 lower-case base36. */
  id?: string;
}

export function addBus(doc: Y.Doc, init: AddBusInit, origin: Origin): string {
  const existing = orderedEntries(busesMap(doc));
  const name = init.name === undefined ? `Bus ${existing.length + 1}` : init.name.trim();
  if (!BUS_FIELDS.name.isValid(name)) {
    throw new ModelError("INVALID_NAME", `A bus name is one line of 1 to ${LIMITS.busNameMaxLength} characters.`);
  }
  const color =
    init.color === undefined ? TRACK_COLORS[(existing.length + 5) % TRACK_COLORS.length] : validateColor(init.color);
  const index = init.index ?? existing.length;
  if (!Number.isInteger(index) || index < 0 || index > existing.length) {
    throw new ModelError("INVALID_INDEX", `A bus position must be a whole number from 0 to ${existing.length}.`);
  }
  if (init.id !== undefined && (!isValidId(init.id) || tracksMap(doc).has(init.id) || busesMap(doc).has(init.id))) {
    throw new ModelError("INVALID_TRACK_ID", "Bus ids are 12 to 32 lower-case letters or digits, unused by any strip.");
  }
  const id = init.id ?? randomId();
  transactAs(doc, origin, () => {
    const map: EntityMap = new Y.Map<unknown>();
    const order = keyForIndex(existing, index);
    busesMap(doc).set(id, map);
    map.set(BUS_FIELDS.name.key, name);
    map.set(TRACK_FIELDS.color.key, color);
    map.set(TRACK_FIELDS.order.key, order);
    map.set(TRACK_FIELDS.createdAt.key, Date.now());
  });
  return id;
}

export function renameBus(doc: Y.Doc, busId: string, name: string, origin: Origin): void {
  const value = typeof name === "string" ? name.trim() : name;
  if (!BUS_FIELDS.name.isValid(value)) {
    throw new ModelError("INVALID_NAME", `A bus name is one line of 1 to ${LIMITS.busNameMaxLength} characters.`);
  }
  const map = requireBus(doc, busId);
  transactAs(doc, origin, () => setIfChanged(map, BUS_FIELDS.name.key, value));
}

/**
 * Deletes a bus with everything that only makes sense with it: its inserts and lanes, the sends to and from
 * it; strips that were routed into it go back to the master. One transaction, so one undo step.
 */
export function deleteBus(doc: Y.Doc, busId: string, origin: Origin): void {
  requireBus(doc, busId);
  transactAs(doc, origin, () => {
    busesMap(doc).delete(busId);
    deleteStripDependents(doc, busId);
    const reroute = (map: Y.Map<unknown>) => {
      if (map.get(STRIP_FIELDS.output.key) === busId) map.set(STRIP_FIELDS.output.key, null);
    };
    tracksMap(doc).forEach((v) => v instanceof Y.Map && reroute(v));
    busesMap(doc).forEach((v) => v instanceof Y.Map && reroute(v));
  });
}

/** Deletes the inserts, sends (to and from) and lanes of a strip; call inside the deleting transaction. */
export function deleteStripDependents(doc: Y.Doc, strip: string): void {
  const doomed = (root: Y.Map<unknown>, test: (m: Y.Map<unknown>) => boolean) => {
    const ids: string[] = [];
    root.forEach((v, id) => {
      if (v instanceof Y.Map && test(v)) ids.push(id);
    });
    for (const id of ids) root.delete(id);
  };
  doomed(insertsMap(doc), (m) => m.get(INSERT_FIELDS.strip.key) === strip);
  doomed(sendsMap(doc), (m) => m.get(SEND_FIELDS.from.key) === strip || m.get(SEND_FIELDS.to.key) === strip);
  doomed(automationMap(doc), (m) => m.get(LANE_FIELDS.strip.key) === strip);
}
